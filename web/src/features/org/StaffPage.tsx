// Staff: searchable, paged table; details drawer; create, edit, retire/reactivate, reset password.
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, newIdempotencyKey } from '../../api/client';
import { useCan, useEnumLabel, useMe } from '../../api/hooks';
import type { Role, Staff, StaffCreated } from '../../api/types';
import { ROLES } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtDate, fmtTime } from '../../components/format';
import { showProblem } from '../../components/problem';
import { UnitSelect } from '../../components/UnitSelect';

const PAGE = 20;

export function StaffPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const canWrite = useCan('org.write');
  const navigate = useNavigate();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? '';
  const status = params.get('status') ?? 'active';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [createOpen, setCreateOpen] = useState(false);

  function setParam(k: string, v: string) {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  }

  const list = useQuery({
    queryKey: ['staff', 'list', q, role, status, page],
    queryFn: () =>
      api.list<Staff>('/staff', {
        query: { q, role, status: status === 'all' ? undefined : status, offset: (page - 1) * PAGE, limit: PAGE },
      }),
    placeholderData: keepPreviousData,
  });

  const openId = id && /^\d+$/.test(id) ? Number(id) : null;

  return (
    <Card
      title={t('staff.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="staff-new">
            {t('staff.newStaff')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <div data-testid="staff-search">
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('staff.search')}
            onSearch={(v) => setParam('q', v.trim())}
            style={{ width: 280 }}
          />
        </div>
        <Select
          style={{ width: 200 }}
          value={role}
          onChange={(v) => setParam('role', v)}
          data-testid="staff-role-filter"
          options={[{ value: '', label: t('staff.anyRole') }, ...ROLES.map((r) => ({ value: r, label: label('role', r) }))]}
        />
        <Select
          style={{ width: 140 }}
          value={status}
          onChange={(v) => setParam('status', v)}
          options={[
            { value: 'active', label: t('common.active') },
            { value: 'retired', label: t('common.retired') },
            { value: 'all', label: t('staff.anyStatus') },
          ]}
        />
      </Space>
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Staff>
          data-testid="staff-table"
          size="middle"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          onRow={(r) => ({ onClick: () => navigate({ pathname: `/staff/${r.id}`, search: params.toString() }), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: (p) => setParam('page', String(p)),
          }}
          columns={[
            { title: t('staff.name'), dataIndex: 'name', render: (v: string, r) => <a data-testid={`staff-row-${r.username}`}>{v}</a> },
            { title: t('staff.username'), dataIndex: 'username' },
            { title: t('staff.role'), dataIndex: 'role', render: (v: Role) => label('role', v) },
            { title: t('staff.unit'), dataIndex: 'unitName' },
            { title: t('staff.phone'), dataIndex: 'phone' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string, r) => (
                <Space size={4}>
                  {v === 'retired' ? <Tag>{t('common.retired')}</Tag> : <Tag color="green">{t('common.active')}</Tag>}
                  {r.locked && <Tag color="red">{t('staff.locked')}</Tag>}
                  {r.absentUntil && <Tag color="orange">{t('org.absentUntil', { date: fmtDate(r.absentUntil) })}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      )}
      {openId != null && (
        <StaffDrawer id={openId} onClose={() => navigate({ pathname: '/staff', search: params.toString() })} />
      )}
      {createOpen && <CreateStaff onClose={() => setCreateOpen(false)} />}
    </Card>
  );
}

function StaffDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message, modal } = App.useApp();
  const canWrite = useCan('org.write');
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: ['staff', id], queryFn: () => api.get<Staff>(`/staff/${id}`) });
  const s = q.data;

  async function refresh() {
    await Promise.all([qc.invalidateQueries({ queryKey: ['staff'] }), qc.invalidateQueries({ queryKey: ['area'] })]);
  }

  async function lifecycle(action: 'retire' | 'reactivate') {
    if (!s) return;
    try {
      await api.post(`/staff/${s.id}/${action}`, undefined, { version: s.version });
      void message.success(t('common.saved'));
    } catch (e) {
      showProblem(e, t, message);
    }
    await refresh();
  }

  function resetPassword() {
    if (!s) return;
    let pw = '';
    modal.confirm({
      title: t('staff.resetPassword'),
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{t('staff.resetConfirm', { name: s.name })}</span>
          <Input.Password placeholder={t('staff.newPassword')} onChange={(e) => (pw = e.target.value)} data-testid="reset-password-input" />
        </Space>
      ),
      onOk: async () => {
        try {
          const r = await api.post<{ password: string }>(`/staff/${s.id}/reset-password`, pw ? { password: pw } : {});
          modal.success({
            title: t('staff.passwordReset'),
            content: (
              <Space direction="vertical">
                <Typography.Text>{t('common.showOnce')}</Typography.Text>
                <Typography.Text code copyable data-testid="reset-password-value">
                  {r?.password}
                </Typography.Text>
              </Space>
            ),
          });
          await refresh();
        } catch (e) {
          showProblem(e, t, message);
          throw e;
        }
      },
    });
  }

  return (
    <Drawer open width={560} onClose={onClose} title={s ? `${s.name} (${s.username})` : t('common.loading')} data-testid="staff-drawer">
      {q.isPending ? (
        <Spin />
      ) : q.error ? (
        <ErrorView error={q.error} />
      ) : s && editing ? (
        <EditStaff staff={s} onDone={() => setEditing(false)} />
      ) : s ? (
        <>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('staff.username')}>{s.username}</Descriptions.Item>
            <Descriptions.Item label={t('staff.name')}>{s.name}</Descriptions.Item>
            <Descriptions.Item label={t('staff.role')}>{label('role', s.role)}</Descriptions.Item>
            <Descriptions.Item label={t('staff.unit')}>
              <Link to={`/org/units/${s.unitId}`}>{s.unitName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('staff.phone')}>{s.phone || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('staff.email')}>{s.email || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              {s.status === 'retired' ? t('common.retired') : t('common.active')}
              {s.locked && <Tag color="red" style={{ marginLeft: 8 }}>{t('staff.locked')}</Tag>}
            </Descriptions.Item>
            {s.role === 'area_manager' && (
              <>
                <Descriptions.Item label={t('staff.responsibleFor')}>
                  <AreaLinks ids={s.responsibleFor} />
                </Descriptions.Item>
                <Descriptions.Item label={t('staff.backupFor')}>
                  <AreaLinks ids={s.backupFor} />
                </Descriptions.Item>
                <Descriptions.Item label={t('staff.allowMultiCommunity')}>
                  {s.allowMultiCommunity ? t('common.yes') : t('common.no')}
                </Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('staff.absentUntil')}>{fmtDate(s.absentUntil)}</Descriptions.Item>
            <Descriptions.Item label={t('common.version')}>{s.version}</Descriptions.Item>
            <Descriptions.Item label={t('common.createdAt')}>{fmtTime(s.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('common.updatedAt')}>{fmtTime(s.updatedAt)}</Descriptions.Item>
          </Descriptions>
          {canWrite && (
            <Space wrap style={{ marginTop: 16 }}>
              {s.status === 'active' && (
                <Button type="primary" onClick={() => setEditing(true)} data-testid="staff-edit">
                  {t('common.edit')}
                </Button>
              )}
              <Button onClick={resetPassword} data-testid="staff-reset-password">
                {t('staff.resetPassword')}
              </Button>
              {s.status === 'active' ? (
                <Popconfirm title={t('common.confirmRetire')} onConfirm={() => lifecycle('retire')}>
                  <Button danger data-testid="staff-retire">
                    {t('common.retire')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button onClick={() => void lifecycle('reactivate')} data-testid="staff-reactivate">
                  {t('common.reactivate')}
                </Button>
              )}
            </Space>
          )}
        </>
      ) : null}
    </Drawer>
  );
}

function AreaLinks({ ids }: { ids: number[] | undefined }) {
  if (!ids?.length) return <>—</>;
  return (
    <Space size={[4, 4]} wrap>
      {ids.map((a) => (
        <Link key={a} to={`/org/units/${a}`}>
          <Tag>#{a}</Tag>
        </Link>
      ))}
    </Space>
  );
}

interface StaffForm {
  username: string;
  name: string;
  role: Role;
  unitId: number;
  phone?: string;
  email?: string;
  password?: string;
  allowMultiCommunity?: boolean;
}

function RoleSelect(props: { value?: Role; onChange?: (r: Role) => void }) {
  const label = useEnumLabel();
  return (
    <Select
      {...props}
      data-testid="staff-role-input"
      options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
    />
  );
}

function CreateStaff({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<StaffForm>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  async function submit(v: StaffForm) {
    setBusy(true);
    try {
      const body = { username: v.username, name: v.name, role: v.role, unitId: v.unitId, phone: v.phone || undefined, email: v.email || undefined, password: v.password || undefined };
      const created = await api.post<StaffCreated>('/staff', body, { idempotencyKey: key });
      await qc.invalidateQueries({ queryKey: ['staff'] });
      onClose();
      if (created?.initialPassword) {
        modal.success({
          title: t('staff.initialPassword'),
          width: 480,
          content: (
            <Space direction="vertical">
              <Typography.Text>{t('staff.initialPasswordNote', { name: created.name })}</Typography.Text>
              <Typography.Text code copyable data-testid="initial-password">
                {created.initialPassword}
              </Typography.Text>
            </Space>
          ),
        });
      } else {
        void message.success(t('common.created'));
      }
      if (created?.id) navigate(`/staff/${created.id}`);
    } catch (e) {
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('staff.newStaff')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} width={560}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'area_manager' }}>
        <Form.Item
          name="username"
          label={t('staff.username')}
          rules={[{ required: true, min: 3, max: 40, pattern: /^[a-z0-9._-]+$/, message: '[a-z0-9._-], 3–40' }]}
        >
          <Input data-testid="staff-username-input" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('staff.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input data-testid="staff-name-input" />
        </Form.Item>
        <Form.Item name="role" label={t('staff.role')} rules={[{ required: true, message: t('common.required') }]}>
          <RoleSelect />
        </Form.Item>
        <Form.Item name="unitId" label={t('staff.unit')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect data-testid="staff-unit-input" />
        </Form.Item>
        <Form.Item name="phone" label={t('staff.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('staff.email')}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('staff.password')} rules={[{ min: 10, message: '≥ 10' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditStaff({ staff, onDone }: { staff: Staff; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data;
  const qc = useQueryClient();
  const [form] = Form.useForm<StaffForm>();
  const [busy, setBusy] = useState(false);
  async function submit(v: StaffForm) {
    const body: Record<string, unknown> = {};
    (['name', 'role', 'unitId', 'phone', 'email', 'allowMultiCommunity'] as const).forEach((k) => {
      if (v[k] !== undefined && v[k] !== (staff as unknown as Record<string, unknown>)[k]) body[k] = v[k];
    });
    if (!Object.keys(body).length) {
      onDone();
      return;
    }
    setBusy(true);
    try {
      const updated = await api.patch<Staff>(`/staff/${staff.id}`, body, staff.version);
      if (updated) qc.setQueryData(['staff', staff.id], updated);
      void message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['staff'] });
      onDone();
    } catch (e) {
      if (showProblem(e, t, message, form)) {
        await qc.invalidateQueries({ queryKey: ['staff', staff.id] });
        onDone();
      }
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="vertical" initialValues={staff} onFinish={submit} data-testid="staff-edit-form">
      <Alert type="info" message={`${t('staff.editStaff')}: ${staff.username}`} style={{ marginBottom: 16 }} />
      <Form.Item name="name" label={t('staff.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input data-testid="staff-name-input" />
      </Form.Item>
      <Form.Item name="role" label={t('staff.role')} rules={[{ required: true }]}>
        <RoleSelect />
      </Form.Item>
      <Form.Item name="unitId" label={t('staff.unit')} rules={[{ required: true }]}>
        <UnitSelect />
      </Form.Item>
      <Form.Item name="phone" label={t('staff.phone')}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('staff.email')}>
        <Input />
      </Form.Item>
      {me?.role === 'administrator' && (
        <Form.Item name="allowMultiCommunity" valuePropName="checked">
          <Checkbox>{t('staff.allowMultiCommunity')}</Checkbox>
        </Form.Item>
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-save">
          {t('common.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
