// "My sessions" (an administrator may look at anyone's): list and revoke.
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { meKey, useMe } from '../../api/hooks';
import type { Session } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { showProblem } from '../../components/problem';
import { StaffSelect } from '../../components/StaffSelect';

export function SessionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const isAdmin = me?.role === 'administrator';
  const [staffId, setStaffId] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['sessions', staffId],
    queryFn: () => api.get<Session[]>('/sessions', { query: { staffId } }),
  });

  async function revoke(s: Session) {
    try {
      await api.del(`/sessions/${s.id}`);
      void message.success(t('sessions.revoked'));
      if (s.current) {
        qc.setQueryData(meKey, null);
        qc.clear();
        navigate('/login', { replace: true });
        return;
      }
    } catch (e) {
      showProblem(e, t, message);
    }
    await qc.invalidateQueries({ queryKey: ['sessions'] });
  }

  return (
    <Card title={staffId ? t('sessions.allTitle') : t('sessions.title')}>
      {isAdmin && (
        <Space style={{ marginBottom: 16 }}>
          <Typography.Text>{t('sessions.forStaff')}</Typography.Text>
          <StaffSelect allowClear value={staffId} onChange={setStaffId} style={{ width: 260 }} />
        </Space>
      )}
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Session>
          data-testid="session-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            ...(staffId ? [{ title: t('sessions.staff'), dataIndex: 'staffName' }] : []),
            { title: t('sessions.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            { title: t('sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: fmtTime },
            { title: t('sessions.expiresAt'), dataIndex: 'expiresAt', render: fmtTime },
            { title: t('sessions.remote'), dataIndex: 'remote' },
            {
              title: t('sessions.userAgent'),
              dataIndex: 'userAgent',
              ellipsis: true,
              render: (v: string, r: Session) => (
                <Space size={4}>
                  {r.current && <Tag color="blue">{t('sessions.current')}</Tag>}
                  <span title={v}>{v}</span>
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, r: Session) => (
                <Popconfirm title={t('common.confirmRevoke')} onConfirm={() => revoke(r)}>
                  <Button size="small" danger data-testid={`session-revoke-${r.id}`}>
                    {t('common.revoke')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
