// 收入目标 — the target editor: a unit's revenue target for a month, read with its version and
// saved with If-Match. A stale save (409: someone saved in between) says so and shows the value
// now stored; the user decides whether to save theirs over it. Beside it the month's revenue,
// completion and gap, refreshed after a save.
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, InputNumber, Row, Space, Statistic, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError, request } from '../../api/client';
import { useMe } from '../../api/hooks';
import type { Role } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { useFormat } from '../../components/money';
import { showProblem } from '../../components/problem';
import { UnitSelect } from '../../components/UnitSelect';
import { perfKey, useRevenue, useTarget } from './api';
import type { RevenueTarget } from './types';

export const TARGET_EDITORS: Role[] = ['office_head', 'centre_manager', 'administrator'];

export default function TargetsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe().data!;
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const unitId = Number(params.get('unit')) || me.scopeUnitId;
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : dayjs().format('YYYY-MM');
  const canEdit = TARGET_EDITORS.includes(me.role);
  const target = useTarget(unitId, month);
  const revenue = useRevenue(unitId, month);
  const [form] = Form.useForm<{ amountFen: number | null }>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<RevenueTarget | null>(null);

  const set = (k: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [key, v] of Object.entries(k)) p.set(key, v);
    setParams(p, { replace: true });
    setConflict(null);
  };

  // The stored value goes into the field unless the user has started typing.
  useEffect(() => {
    if (target.data && !form.isFieldTouched('amountFen'))
      form.setFieldsValue({ amountFen: target.data.amountFen == null ? null : target.data.amountFen / 100 });
  }, [target.data, form]);

  async function save(v: { amountFen: number | null }) {
    if (!target.data) return;
    setBusy(true);
    try {
      const amountFen = v.amountFen == null ? null : Math.round(v.amountFen * 100);
      const r = await request<RevenueTarget>('PUT', `/revenue-targets/${unitId}/${month}`, {
        body: { amountFen },
        version: target.data.version,
      });
      qc.setQueryData([...perfKey, 'target', unitId, month], r.data);
      setConflict(null);
      form.setFields([{ name: 'amountFen', touched: false, errors: [] }]);
      void message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: perfKey });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const fresh = await target.refetch();
        setConflict(fresh.data ?? null);
      } else {
        showProblem(e, t, message, form);
      }
    } finally {
      setBusy(false);
    }
  }

  const fig = revenue.data?.unit;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="targets-page">
      <Card title={t('perf.targets.title')}>
        <Space wrap>
          <div style={{ minWidth: 320 }}>
            <UnitSelect data-testid="target-unit" value={unitId} onChange={(v) => v && set({ unit: String(v) })} />
          </div>
          <DatePicker
            data-testid="target-month"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('perf.targets.target', { month })} data-testid="target-card" data-version={target.data?.version ?? ''}>
            {target.error ? (
              <ErrorView error={target.error} />
            ) : (
              <>
                {conflict && (
                  <Alert
                    data-testid="target-conflict"
                    type="warning"
                    showIcon
                    style={{ marginBottom: 16 }}
                    message={t('perf.targets.conflict')}
                    description={
                      <span data-testid="target-conflict-current">
                        {t('perf.targets.current', {
                          amount: fmt.fen(conflict.amountFen),
                          version: conflict.version,
                          at: fmtTime(conflict.updatedAt),
                        })}
                      </span>
                    }
                    action={
                      <Button
                        size="small"
                        data-testid="target-take-current"
                        onClick={() => {
                          form.setFieldsValue({ amountFen: conflict.amountFen == null ? null : conflict.amountFen / 100 });
                          form.setFields([{ name: 'amountFen', touched: false, errors: [] }]);
                          setConflict(null);
                        }}
                      >
                        {t('perf.targets.takeCurrent')}
                      </Button>
                    }
                  />
                )}
                <Form form={form} layout="vertical" onFinish={save} key={`${unitId}-${month}`} disabled={!canEdit}>
                  <Form.Item name="amountFen" label={t('perf.targets.amount')} extra={canEdit ? undefined : t('perf.targets.readOnly')}>
                    <InputNumber data-testid="target-amount" style={{ width: 260 }} precision={2} prefix="¥" />
                  </Form.Item>
                  {canEdit && (
                    <Button type="primary" htmlType="submit" loading={busy} data-testid="target-save">
                      {t('common.save')}
                    </Button>
                  )}
                </Form>
                <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
                  <Descriptions.Item label={t('common.version')}>
                    <span data-testid="target-version">{target.data?.version ?? '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('common.updatedAt')}>{fmtTime(target.data?.updatedAt)}</Descriptions.Item>
                </Descriptions>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('perf.revenue.title', { month })} data-testid="target-revenue" loading={revenue.isPending}>
            {revenue.error ? (
              <ErrorView error={revenue.error} />
            ) : (
              <Row gutter={[12, 12]}>
                <Col span={12}>
                  <Statistic title={t('perf.revenue.revenue')} valueRender={() => <span data-testid="revenue-revenue">{fmt.fen(fig?.revenueFen)}</span>} />
                </Col>
                <Col span={12}>
                  <Statistic title={t('perf.revenue.target')} valueRender={() => <span data-testid="revenue-target">{fmt.fen(fig?.targetFen)}</span>} />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={t('perf.revenue.completion')}
                    valueRender={() => (
                      <span data-testid="revenue-completion">{fig?.completionPercent != null ? `${fig.completionPercent}%` : '—'}</span>
                    )}
                  />
                </Col>
                <Col span={12}>
                  <Statistic title={t('perf.revenue.gap')} valueRender={() => <span data-testid="revenue-gap">{fmt.fen(fig?.gapFen)}</span>} />
                </Col>
              </Row>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('perf.targets.hint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
