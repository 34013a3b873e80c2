// One unit: details, area cover, edit / move / add child / retire, and its history.
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { ClusterOutlined, EditOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, newIdempotencyKey } from '../../api/client';
import { useEnumLabel, useMe } from '../../api/hooks';
import type { AreaDetail, AuditEntry, StaffBrief, Unit, UnitKind } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtDate, fmtTime } from '../../components/format';
import { JsonDiff } from '../../components/JsonDiff';
import { showProblem } from '../../components/problem';
import { StaffSelect } from '../../components/StaffSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { childKind, KIND_COLOR, parentKind } from './kinds';

export function UnitPanel({ id }: { id: number }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const me = useMe().data;
  const unitQ = useQuery({ queryKey: ['unit', id], queryFn: () => api.get<Unit>(`/units/${id}`), enabled: id > 0 });
  const isArea = unitQ.data?.kind === 'area';
  const areaQ = useQuery({
    queryKey: ['area', id],
    queryFn: () => api.get<AreaDetail>(`/areas/${id}`),
    enabled: isArea,
  });

  if (id <= 0) return <ErrorView error={{ status: 404 }} />;
  if (unitQ.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (unitQ.error) return <ErrorView error={unitQ.error} onRetry={() => void unitQ.refetch()} />;
  const unit = unitQ.data;
  const perms = me?.permissions ?? [];
  const canWrite =
    perms.includes('org.write') && (me?.role === 'administrator' || me?.scopeUnitId !== unit.id);

  return (
    <Card
      data-testid="unit-panel"
      data-unit-id={unit.id}
      title={
        <Space wrap>
          <span data-testid="unit-title">{unit.name}</span>
          <Typography.Text type="secondary" data-testid="unit-code">
            {unit.code}
          </Typography.Text>
          <Tag color={KIND_COLOR[unit.kind]}>{label('unitKind', unit.kind)}</Tag>
          {unit.status === 'retired' ? <Tag>{t('common.retired')}</Tag> : <Tag color="green">{t('common.active')}</Tag>}
          {(unit.kind === 'area' || unit.kind === 'community' || unit.kind === 'office') && (
            <Link to={`/plant?unitId=${unit.id}`} data-testid="unit-plant-link" style={{ fontWeight: 'normal', fontSize: 13 }}>
              <ClusterOutlined /> {t('plant.nav.plant')}
            </Link>
          )}
        </Space>
      }
      extra={canWrite ? <UnitActions unit={unit} /> : null}
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          // path is the ancestors, root first (some servers include the unit itself: shown once)
          ...(unit.path ?? [])
            .filter((p) => p.id !== unit.id)
            .map((p) => ({ title: <Link to={`/org/units/${p.id}`}>{p.name}</Link> })),
          { title: <span>{unit.name}</span> },
        ]}
      />
      {unit.status === 'retired' && <Alert type="info" showIcon message={t('org.retiredNotice')} style={{ marginBottom: 12 }} />}
      {!canWrite && perms.includes('org.write') && (
        <Alert type="info" showIcon message={t('org.readOnly')} style={{ marginBottom: 12 }} />
      )}
      <Tabs
        items={[
          {
            key: 'details',
            label: t('org.details'),
            children: (
              <>
                <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="unit-details">
                  <Descriptions.Item label={t('common.name')}>{unit.name}</Descriptions.Item>
                  <Descriptions.Item label={t('common.code')}>{unit.code}</Descriptions.Item>
                  <Descriptions.Item label={t('org.kind')}>{label('unitKind', unit.kind)}</Descriptions.Item>
                  <Descriptions.Item label={t('common.status')}>
                    {unit.status === 'retired' ? t('common.retired') : t('common.active')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('org.childCount')}>{unit.childCount ?? 0}</Descriptions.Item>
                  <Descriptions.Item label={t('common.version')}>{unit.version}</Descriptions.Item>
                  <Descriptions.Item label={t('common.createdAt')}>{fmtTime(unit.createdAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('common.updatedAt')}>{fmtTime(unit.updatedAt)}</Descriptions.Item>
                  {unit.retiredAt && (
                    <Descriptions.Item label={t('common.retiredAt')}>{fmtTime(unit.retiredAt)}</Descriptions.Item>
                  )}
                </Descriptions>
                {isArea && <AreaInfo q={areaQ} />}
                {canWrite && unit.status === 'active' && <UnitEditForm unit={unit} area={areaQ.data} />}
              </>
            ),
          },
          { key: 'history', label: t('org.history'), children: <UnitHistory id={unit.id} /> },
        ]}
      />
    </Card>
  );
}

function Person({ s }: { s: StaffBrief | null | undefined }) {
  const { t } = useTranslation();
  if (!s) return <>—</>;
  return (
    <Space size={4} wrap>
      <Link to={`/staff/${s.id}`}>{s.name}</Link>
      <Typography.Text type="secondary">
        {s.username}
        {s.phone ? ` · ${s.phone}` : ''}
      </Typography.Text>
      {s.absentUntil && <Tag color="orange">{t('org.absentUntil', { date: fmtDate(s.absentUntil) })}</Tag>}
    </Space>
  );
}

function AreaInfo({ q }: { q: { data?: AreaDetail; isPending: boolean; error: unknown } }) {
  const { t } = useTranslation();
  if (q.isPending) return <Spin style={{ display: 'block', margin: 16 }} />;
  if (q.error || !q.data) return q.error ? <ErrorView error={q.error} /> : null;
  const a = q.data;
  const cover = a.cover;
  const type = cover?.reason === 'uncovered' ? 'error' : cover?.reason === 'backup' ? 'warning' : 'success';
  return (
    <div style={{ marginTop: 16 }} data-testid="area-info">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('org.responsible')}>
          <Person s={a.responsible} />
        </Descriptions.Item>
        <Descriptions.Item label={t('org.backup')}>
          <Person s={a.backup} />
        </Descriptions.Item>
      </Descriptions>
      {cover && (
        <Alert
          data-testid="area-cover"
          style={{ marginTop: 12 }}
          type={type}
          showIcon
          message={
            <Space wrap>
              <strong>{t('org.cover')}:</strong>
              {cover.staff ? <Person s={cover.staff} /> : null}
              <Tag>{t(`org.coverReason.${cover.reason}`, { defaultValue: cover.reason })}</Tag>
              {cover.until && <span>{t('org.until', { date: fmtDate(cover.until) })}</span>}
            </Space>
          }
          description={cover.explanation}
        />
      )}
    </div>
  );
}

interface EditValues {
  name: string;
  code: string;
  responsibleId?: number | null;
  backupId?: number | null;
}

function useRefreshUnit() {
  const qc = useQueryClient();
  return (id: number) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['unit', id] }),
      qc.invalidateQueries({ queryKey: ['area', id] }),
      qc.invalidateQueries({ queryKey: ['units'] }),
      qc.invalidateQueries({ queryKey: ['unit-history', id] }),
    ]);
}

function UnitEditForm({ unit, area }: { unit: Unit; area?: AreaDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const qc = useQueryClient();
  const refresh = useRefreshUnit();
  const [busy, setBusy] = useState(false);
  const isArea = unit.kind === 'area';
  const communityId = isArea ? unit.parentId ?? undefined : undefined;
  const initial: EditValues = {
    name: unit.name,
    code: unit.code,
    responsibleId: unit.responsibleId ?? area?.responsible?.id ?? null,
    backupId: unit.backupId ?? area?.backup?.id ?? null,
  };

  // A reload (after a save or a conflict) shows the server's current values in the form.
  useEffect(() => {
    form.setFieldsValue(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unit.version, area?.version]);

  async function save(v: EditValues) {
    const body: Record<string, unknown> = {};
    if (v.name !== unit.name) body.name = v.name;
    if (v.code !== unit.code) body.code = v.code;
    if (isArea) {
      if (v.responsibleId !== initial.responsibleId) body.responsibleId = v.responsibleId;
      if (v.backupId !== initial.backupId) body.backupId = v.backupId;
    }
    if (!Object.keys(body).length) return;
    setBusy(true);
    try {
      const updated = await api.patch<Unit>(`/units/${unit.id}`, body, unit.version);
      if (updated) qc.setQueryData(['unit', unit.id], updated);
      void message.success(t('common.saved'));
      await refresh(unit.id);
    } catch (e) {
      if (showProblem(e, t, message, form)) await refresh(unit.id);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={<><EditOutlined /> {t('org.editTitle')}</>} style={{ marginTop: 16 }} data-testid="unit-edit">
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={save}
        requiredMark={false}
      >
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item
            name="name"
            label={t('common.name')}
            rules={[{ required: true, max: 100, message: t('common.required') }]}
            style={{ minWidth: 280 }}
          >
            <Input data-testid="unit-name-input" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('common.code')}
            rules={[{ required: true, max: 40, pattern: /^[A-Za-z0-9._-]+$/, message: '[A-Za-z0-9._-], 1–40' }]}
            style={{ minWidth: 200 }}
          >
            <Input data-testid="unit-code-input" maxLength={40} />
          </Form.Item>
        </Space>
        {isArea && (
          <Space wrap align="start" style={{ width: '100%' }}>
            <Form.Item name="responsibleId" label={t('org.responsible')} style={{ minWidth: 280 }}>
              <StaffSelect role="area_manager" unitId={communityId} data-testid="unit-responsible-input" />
            </Form.Item>
            <Form.Item
              name="backupId"
              label={t('org.backup')}
              style={{ minWidth: 280 }}
              dependencies={['responsibleId']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    v != null && v === getFieldValue('responsibleId')
                      ? Promise.reject(new Error(t('org.sameManager')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <StaffSelect role="area_manager" unitId={communityId} data-testid="unit-backup-input" />
            </Form.Item>
          </Space>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="unit-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => form.resetFields()}>{t('common.reset')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

function UnitActions({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const refresh = useRefreshUnit();
  const [moveOpen, setMoveOpen] = useState(false);
  const [addOpen, setAddOpen] = useState(false);
  const pk = parentKind(unit.kind);
  const ck = childKind(unit.kind);

  async function lifecycle(action: 'retire' | 'reactivate') {
    try {
      await api.post(`/units/${unit.id}/${action}`, undefined, { version: unit.version });
      void message.success(t('common.saved'));
    } catch (e) {
      showProblem(e, t, message);
    }
    await refresh(unit.id);
  }

  return (
    <Space wrap>
      {unit.status === 'active' && pk && (
        <Button icon={<SwapOutlined />} onClick={() => setMoveOpen(true)} data-testid="unit-move">
          {t('org.move')}
        </Button>
      )}
      {unit.status === 'active' && ck && (
        <Button icon={<PlusOutlined />} onClick={() => setAddOpen(true)} data-testid="unit-add-child">
          {t('org.addChild', { kind: label('unitKind', ck) })}
        </Button>
      )}
      {unit.status === 'active' ? (
        <Popconfirm title={t('common.confirmRetire')} onConfirm={() => lifecycle('retire')}>
          <Button danger data-testid="unit-retire">
            {t('common.retire')}
          </Button>
        </Popconfirm>
      ) : (
        <Button onClick={() => void lifecycle('reactivate')} data-testid="unit-reactivate">
          {t('common.reactivate')}
        </Button>
      )}
      {moveOpen && pk && <MoveDialog unit={unit} parentKind={pk} onClose={() => setMoveOpen(false)} />}
      {addOpen && ck && <AddChildDialog parent={unit} kind={ck} onClose={() => setAddOpen(false)} />}
    </Space>
  );
}

function MoveDialog({ unit, parentKind: pk, onClose }: { unit: Unit; parentKind: UnitKind; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const refresh = useRefreshUnit();
  const [form] = Form.useForm<{ parentId: number }>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { parentId: number }) {
    setBusy(true);
    try {
      await api.patch<Unit>(`/units/${unit.id}`, { parentId: v.parentId }, unit.version);
      void message.success(t('org.moved'));
      onClose();
    } catch (e) {
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
      await refresh(unit.id);
    }
  }
  return (
    <Modal
      open
      title={t('org.moveTitle', { name: unit.name, kind: label('unitKind', pk) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'move-ok' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="parentId" label={t('org.newParent')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect kind={pk} excludeId={unit.parentId ?? undefined} data-testid="move-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface NewUnit {
  code: string;
  name: string;
  responsibleId?: number;
  backupId?: number;
}

function AddChildDialog({ parent, kind, onClose }: { parent: Unit; kind: UnitKind; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<NewUnit>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const isArea = kind === 'area';
  async function submit(v: NewUnit) {
    setBusy(true);
    try {
      const created = await api.post<Unit>(
        '/units',
        { kind, code: v.code, name: v.name, parentId: parent.id, ...(isArea ? { responsibleId: v.responsibleId, backupId: v.backupId } : {}) },
        { idempotencyKey: key },
      );
      void message.success(t('common.created'));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['units'] }),
        qc.invalidateQueries({ queryKey: ['unit', parent.id] }),
      ]);
      onClose();
      if (created?.id) navigate(`/org/units/${created.id}`);
    } catch (e) {
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('org.addChildTitle', { name: parent.name, kind: label('unitKind', kind) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'add-child-ok' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="code"
          label={t('common.code')}
          rules={[{ required: true, max: 40, pattern: /^[A-Za-z0-9._-]+$/, message: '[A-Za-z0-9._-], 1–40' }]}
        >
          <Input data-testid="new-unit-code" placeholder={`${parent.code}-…`} />
        </Form.Item>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 100, message: t('common.required') }]}>
          <Input data-testid="new-unit-name" />
        </Form.Item>
        {isArea && (
          <>
            <Form.Item name="responsibleId" label={t('org.responsible')} rules={[{ required: true, message: t('common.required') }]}>
              <StaffSelect role="area_manager" unitId={parent.id} data-testid="new-unit-responsible" />
            </Form.Item>
            <Form.Item
              name="backupId"
              label={t('org.backup')}
              dependencies={['responsibleId']}
              rules={[
                { required: true, message: t('common.required') },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    v != null && v === getFieldValue('responsibleId')
                      ? Promise.reject(new Error(t('org.sameManager')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <StaffSelect role="area_manager" unitId={parent.id} data-testid="new-unit-backup" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

export function UnitHistory({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['unit-history', id],
    queryFn: () => api.get<AuditEntry[]>(`/units/${id}/history`),
  });
  if (q.error) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table<AuditEntry>
      data-testid="unit-history"
      size="small"
      rowKey="id"
      loading={q.isPending}
      dataSource={q.data ?? []}
      locale={{ emptyText: t('history.empty') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      expandable={{ expandedRowRender: (r) => <JsonDiff before={r.before} after={r.after} /> }}
      columns={[
        { title: t('history.at'), dataIndex: 'at', render: fmtTime, width: 160 },
        { title: t('history.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
        { title: t('history.action'), dataIndex: 'action', render: (v: string) => <Tag>{v}</Tag> },
      ]}
    />
  );
}
