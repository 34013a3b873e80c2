// API tokens (tokens.manage): list, create (the token is shown once), revoke.
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client';
import type { ApiToken, ApiTokenCreated } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { showProblem } from '../../components/problem';
import { StaffName, StaffSelect } from '../../components/StaffSelect';

export function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const list = useQuery({ queryKey: ['api-tokens'], queryFn: () => api.get<ApiToken[]>('/api-tokens') });

  async function revoke(tok: ApiToken) {
    try {
      await api.del(`/api-tokens/${tok.id}`);
      void message.success(t('tokens.revoked'));
    } catch (e) {
      showProblem(e, t, message);
    }
    await qc.invalidateQueries({ queryKey: ['api-tokens'] });
  }

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="token-new">
          {t('tokens.newToken')}
        </Button>
      }
    >
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ApiToken>
          data-testid="token-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            { title: t('tokens.staff'), dataIndex: 'staffName', render: (v: string, r) => v || <StaffName id={r.staffId} /> },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? fmtTime(v) : t('tokens.never')) },
            { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: fmtTime },
            {
              title: t('common.status'),
              dataIndex: 'revokedAt',
              render: (v: string | null) => (v ? <Tag>{t('tokens.revokedAt')} {fmtTime(v)}</Tag> : <Tag color="green">{t('common.active')}</Tag>),
            },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, r) =>
                !r.revokedAt && (
                  <Popconfirm title={t('common.confirmRevoke')} onConfirm={() => revoke(r)}>
                    <Button size="small" danger data-testid={`token-revoke-${r.id}`}>
                      {t('common.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      {createOpen && (
        <CreateToken
          onClose={() => setCreateOpen(false)}
          onCreated={(tok) => {
            setCreateOpen(false);
            setCreated(tok);
          }}
        />
      )}
      <Modal
        open={!!created}
        title={t('tokens.tokenCreated')}
        onCancel={() => setCreated(null)}
        footer={<Button onClick={() => setCreated(null)}>{t('common.close')}</Button>}
        width={640}
      >
        <Alert type="warning" showIcon message={t('tokens.tokenOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph code copyable={{ text: created?.token }} data-testid="token-value" style={{ wordBreak: 'break-all' }}>
          {created?.token}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}

function CreateToken({ onClose, onCreated }: { onClose: () => void; onCreated: (t: ApiTokenCreated) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; staffId?: number | null; expiresAt?: Dayjs | null }>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  async function submit(v: { name: string; staffId?: number | null; expiresAt?: Dayjs | null }) {
    setBusy(true);
    try {
      const tok = await api.post<ApiTokenCreated>(
        '/api-tokens',
        { name: v.name, staffId: v.staffId ?? undefined, expiresAt: v.expiresAt ? v.expiresAt.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ') : undefined },
        { idempotencyKey: key },
      );
      await qc.invalidateQueries({ queryKey: ['api-tokens'] });
      onCreated(tok);
    } catch (e) {
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('tokens.newToken')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input data-testid="token-name-input" />
        </Form.Item>
        <Form.Item name="staffId" label={t('tokens.staff')}>
          <StaffSelect allowClear placeholder={t('tokens.self')} />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('tokens.expiresAt')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
