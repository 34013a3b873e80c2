// 计件工资 — the pay runs of the local networks in scope, newest month first; office heads and above
// compute a month's run for a network (a closed month answers 409 and says where corrections go).
import { Alert, App, Button, Card, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { ApiError, api, newIdempotencyKey } from '../../api/client';
import { useMe } from '../../api/hooks';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { useFormat } from '../../components/money';
import { problemText, showProblem } from '../../components/problem';
import { UnitSelect } from '../../components/UnitSelect';
import { useUnit } from '../kpi/api';
import type { PathEntry } from '../../api/types';
import { payKey, usePayRuns } from './api';
import { NetworkName, RunStatus } from './common';
import type { PayRun } from './types';
import { PAY_MANAGERS } from './types';

export default function PayRunsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe().data!;
  const runs = usePayRuns();
  if (me.role === 'area_manager') return <Navigate to="/pay/my" replace />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="pay-runs-page">
      {PAY_MANAGERS.includes(me.role) && <ComputeForm />}
      <Card title={t('pay.runs.title')}>
        {runs.error ? (
          <ErrorView error={runs.error} onRetry={() => void runs.refetch()} />
        ) : (
          <Table<PayRun>
            data-testid="pay-runs-table"
            size="small"
            rowKey="id"
            loading={runs.isPending}
            dataSource={runs.data?.items ?? []}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            onRow={(r) => ({ 'data-testid': `pay-run-${r.id}`, 'data-month': r.month }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('pay.field.month'), dataIndex: 'month', width: 100, render: (m, r) => <Link to={`/pay/runs/${r.id}`} data-testid={`pay-run-link-${r.id}`}>{m}</Link> },
              { title: t('pay.field.network'), render: (_, r) => <NetworkName id={r.networkId} /> },
              { title: t('common.status'), width: 110, render: (_, r) => <RunStatus run={r} /> },
              { title: t('pay.field.managers'), dataIndex: 'managers', align: 'right', width: 90 },
              { title: t('pay.field.lines'), dataIndex: 'lines', align: 'right', width: 90 },
              { title: t('pay.field.total'), align: 'right', width: 150, render: (_, r) => fmt.fen(r.totalFen) },
              { title: t('pay.field.computedAt'), width: 160, render: (_, r) => fmtTime(r.computedAt) },
              { title: t('pay.field.approvedAt'), width: 160, render: (_, r) => fmtTime(r.approvedAt) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

function ComputeForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ networkId: number; month: dayjs.Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [closed, setClosed] = useState<string | null>(null);
  const key = useRef<{ body: string; key: string } | null>(null);
  const scope = useUnit(me.scopeUnitId);
  // The local network of one's scope (an office head's scope is below it), chosen at once.
  const own = scope.data ? [...scope.data.path, scope.data].find((p) => p.kind === 'local_network') : undefined;
  useEffect(() => {
    if (own && form.getFieldValue('networkId') == null) form.setFieldsValue({ networkId: own.id });
  }, [own, form]);

  async function compute(v: { networkId: number; month: dayjs.Dayjs }) {
    const body = { networkId: v.networkId, month: v.month.format('YYYY-MM') };
    const text = JSON.stringify(body);
    if (!key.current || key.current.body !== text) key.current = { body: text, key: newIdempotencyKey() };
    setBusy(true);
    setClosed(null);
    try {
      const run = await api.post<PayRun>('/pay-runs', body, { idempotencyKey: key.current.key });
      key.current = null;
      await qc.invalidateQueries({ queryKey: payKey });
      void message.success(t('pay.compute.done', { month: run.month }));
      navigate(`/pay/runs/${run.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setClosed(problemText(e, t));
      else showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('pay.compute.title')} data-testid="pay-compute">
      {closed && (
        <Alert data-testid="pay-compute-closed" type="error" showIcon style={{ marginBottom: 12 }} message={t('pay.compute.closed')} description={closed} />
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={compute}
        initialValues={{ month: dayjs().subtract(1, 'month') }}
      >
        <Form.Item name="networkId" label={t('pay.field.network')} rules={[{ required: true, message: t('common.required') }]} style={{ minWidth: 320 }}>
          <NetworkPicker own={own} />
        </Form.Item>
        <Form.Item name="month" label={t('pay.field.month')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker data-testid="pay-compute-month" picker="month" allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} icon={<CalculatorOutlined />} data-testid="pay-compute-submit">
          {t('pay.compute.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('pay.compute.hint')}
      </Typography.Paragraph>
    </Card>
  );
}

/** The network field: one's own local network, fixed; or, above the networks, a search. */
function NetworkPicker({ own, value, onChange }: { own?: PathEntry; value?: number; onChange?: (v: number | null) => void }) {
  if (own)
    return <Select data-testid="pay-compute-network" value={value} disabled options={[{ value: own.id, label: `${own.name} (${own.code})` }]} />;
  return <UnitSelect data-testid="pay-compute-network" kind="local_network" value={value} onChange={onChange} />;
}
