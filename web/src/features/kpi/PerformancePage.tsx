// 绩效看板 — the performance dashboard: a unit's KPI cards and revenue against target for a day,
// month, quarter or year; its children (local networks, offices, communities, managers) in a
// sortable table, a click going one level down; the breadcrumb going back up; a 24-month trend.
// The last level, a manager: their own cards and trend (GET /kpis and /kpis/trend with managerId).
// The unit, manager and period live in the URL, so a link can be shared and Back works.
// MyPerformancePage: an area manager's own cards and trend, nothing of anyone else.
import { Breadcrumb, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useEnumLabel, useMe } from '../../api/hooks';
import { ErrorView } from '../../components/ErrorView';
import { useFormat } from '../../components/money';
import { useUnit, useKpiChildren, useKpiManager, useKpiTrend, useRevenue, useRevenueTrend } from './api';
import { PeriodPicker, isPeriod, ratePlot, rateShow, rateText, today } from './common';
import { TrendChart, type Series } from './TrendChart';
import type { KpiPeriodKind, KpiUnit, RevenueFigure } from './types';
import { COUNTS, RATES } from './types';

export default function PerformancePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useEnumLabel();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const unitId = Number(params.get('unit')) || me.scopeUnitId;
  const managerId = params.has('manager') ? Number(params.get('manager')) : null;
  const period: KpiPeriodKind = isPeriod(params.get('period')) ? (params.get('period') as KpiPeriodKind) : 'month';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(params.get('at') ?? '') ? params.get('at')! : today();
  const month = at.slice(0, 7);

  // Built from the URL as it is when clicked (table rows may keep an older render's handler, and
  // setParams' functional form sees the last render's params, not a click's just before it).
  const go = (next: { unit?: number; manager?: number | null; period?: KpiPeriodKind; at?: string }) => {
    setParams(() => {
      const prev = new URLSearchParams(window.location.search);
      const p = new URLSearchParams();
      p.set('unit', String(next.unit ?? (Number(prev.get('unit')) || me.scopeUnitId)));
      const m = next.manager === undefined ? prev.get('manager') : next.manager;
      if (m != null) p.set('manager', String(m));
      p.set('period', next.period ?? (isPeriod(prev.get('period')) ? prev.get('period')! : 'month'));
      p.set('at', next.at ?? prev.get('at') ?? today());
      return p;
    }); // a new history entry: Back returns to the level before
  };

  const unit = useUnit(unitId);
  const kids = useKpiChildren(unitId, period, at);
  const revenue = useRevenue(unitId, month);
  const mine = useKpiManager(managerId, unitId, period, at);
  const manager = managerId != null ? mine.data : undefined;
  const shown: KpiUnit | undefined = managerId != null ? manager : kids.data?.unit;

  const crumbs = useMemo(() => {
    if (!unit.data) return [];
    const chain = [...unit.data.path.filter((p) => p.id !== unit.data!.id), unit.data];
    const root = chain.findIndex((p) => p.id === me.scopeUnitId);
    return chain.slice(root >= 0 ? root : chain.length - 1);
  }, [unit.data, me.scopeUnitId]);

  if (kids.error) return <ErrorView error={kids.error} onRetry={() => void kids.refetch()} />;
  if (mine.error) return <ErrorView error={mine.error} onRetry={() => void mine.refetch()} />;

  const revenueByUnit = new Map<number, RevenueFigure>((revenue.data?.children ?? []).map((r) => [r.unitId, r]));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="perf-page" data-unit={unitId} data-manager={managerId ?? ''}>
      <Card>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Breadcrumb
              data-testid="perf-breadcrumb"
              items={[
                ...crumbs.map((c, i) => ({
                  key: c.id,
                  title:
                    i === crumbs.length - 1 && managerId == null ? (
                      <span data-testid={`crumb-${c.id}`} data-current="true">
                        {c.name} · {label('unitKind', c.kind)}
                      </span>
                    ) : (
                      <a data-testid={`crumb-${c.id}`} onClick={() => go({ unit: c.id, manager: null })}>
                        {c.name} · {label('unitKind', c.kind)}
                      </a>
                    ),
                })),
                ...(managerId != null
                  ? [{ key: 'm', title: <span data-testid={`crumb-manager-${managerId}`} data-current="true">{manager?.name ?? '…'} · {t('perf.manager')}</span> }]
                  : []),
              ]}
            />
            <Space wrap>
              <PeriodPicker period={period} at={at} onChange={(p, a) => go({ period: p, at: a })} />
              <Link to={`/performance/rankings?unit=${unitId}`} data-testid="perf-to-rankings">
                {t('perf.nav.rankings')}
              </Link>
            </Space>
          </Space>
          {kids.data && (
            <Typography.Text type="secondary" data-testid="perf-period-range">
              {t(`perf.period.${period}`)}: {kids.data.period.firstDay} – {kids.data.period.lastDay}
            </Typography.Text>
          )}
        </Space>
      </Card>

      <KpiCards figures={shown} loading={managerId != null ? mine.isPending : kids.isPending} />

      {managerId == null && <RevenueCard figure={revenue.data?.unit} month={month} loading={revenue.isPending} error={revenue.error} />}

      {managerId == null && (
        <Card title={t('perf.children')} data-testid="perf-children">
          <Table<KpiUnit>
            data-testid="perf-children-table"
            size="small"
            rowKey={(k) => `${k.kind}-${k.id}`}
            loading={kids.isFetching}
            dataSource={kids.data?.children ?? []}
            pagination={false}
            scroll={{ x: 1600 }}
            onRow={(k) =>
              ({
                'data-testid': `child-${k.kind === 'manager' ? 'manager' : 'unit'}-${k.id}`,
                style: { cursor: k.kind === 'manager' && k.id === 0 ? 'default' : 'pointer' },
                onClick: () => {
                  if (k.kind === 'manager') {
                    if (k.id !== 0) go({ manager: k.id });
                  } else go({ unit: k.id, manager: null });
                },
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('common.name'),
                fixed: 'left',
                width: 180,
                sorter: (a, b) => a.name.localeCompare(b.name),
                render: (_, k) => (
                  <a data-testid={`child-name-${k.id}`}>
                    {k.name}
                    {k.kind === 'manager' && k.code ? ` (${k.code})` : ''}
                  </a>
                ),
              },
              ...RATES.map((r) => ({
                key: r.key,
                title: t(`perf.rate.${r.key}`),
                width: 140,
                align: 'right' as const,
                sorter: (a: KpiUnit, b: KpiUnit) => (a.rates[r.key]?.value ?? -Infinity) - (b.rates[r.key]?.value ?? -Infinity),
                render: (_: unknown, k: KpiUnit) => <span data-testid={`child-${k.id}-${r.key}`}>{rateText(r.key, k.rates[r.key], fmt.lang)}</span>,
              })),
              ...COUNTS.map((c) => ({
                key: c,
                title: t(`perf.count.${c}`),
                width: 80,
                align: 'right' as const,
                sorter: (a: KpiUnit, b: KpiUnit) => (a.counters[c] ?? 0) - (b.counters[c] ?? 0),
                render: (_: unknown, k: KpiUnit) => fmt.num(k.counters[c]),
              })),
              {
                key: 'revenue',
                title: t('perf.revenue.revenue'),
                width: 130,
                align: 'right' as const,
                sorter: (a, b) => (revenueByUnit.get(a.id)?.revenueFen ?? -1) - (revenueByUnit.get(b.id)?.revenueFen ?? -1),
                render: (_, k) => (k.kind === 'manager' ? '—' : fmt.fen(revenueByUnit.get(k.id)?.revenueFen)),
              },
              {
                key: 'completion',
                title: t('perf.revenue.completion'),
                width: 100,
                align: 'right' as const,
                sorter: (a, b) =>
                  Number(revenueByUnit.get(a.id)?.completionPercent ?? -1) - Number(revenueByUnit.get(b.id)?.completionPercent ?? -1),
                render: (_, k) => {
                  const c = revenueByUnit.get(k.id)?.completionPercent;
                  return c != null && k.kind !== 'manager' ? `${c}%` : '—';
                },
              },
            ]}
          />
        </Card>
      )}

      <Trend unitId={unitId} managerId={managerId} />
    </Space>
  );
}

function KpiCards({ figures, loading }: { figures: KpiUnit | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Row gutter={[12, 12]} data-testid="kpi-cards">
      {RATES.map((r) => {
        const ratio = figures?.rates[r.key];
        return (
          <Col key={r.key} xs={12} md={8} xl={6} xxl={4}>
            <Card
              size="small"
              loading={loading && !figures}
              data-testid={`kpi-${r.key}`}
              data-numerator={ratio?.numerator}
              data-denominator={ratio?.denominator}
            >
              <Statistic
                title={t(`perf.rate.${r.key}`)}
                valueRender={() => <span data-testid={`kpi-${r.key}-value`}>{rateText(r.key, ratio, fmt.lang)}</span>}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {rateShow(r.key) === 'per' ? t(`perf.per.${r.key}`) + ' · ' : ''}
                {ratio ? `${fmt.num(ratio.numerator)} / ${fmt.num(ratio.denominator)}` : ''}
              </Typography.Text>
            </Card>
          </Col>
        );
      })}
      {COUNTS.map((c) => (
        <Col key={c} xs={12} md={8} xl={6} xxl={4}>
          <Card size="small" loading={loading && !figures} data-testid={`kpi-${c}`}>
            <Statistic title={t(`perf.count.${c}`)} valueRender={() => <span data-testid={`kpi-${c}-value`}>{fmt.num(figures?.counters[c])}</span>} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`perf.countHint.${c}`)}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function RevenueCard({ figure, month, loading, error }: { figure: RevenueFigure | undefined; month: string; loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card title={t('perf.revenue.title', { month })} data-testid="perf-revenue" loading={loading && !figure}>
      {error ? (
        <Typography.Text type="secondary">{t('perf.revenue.none')}</Typography.Text>
      ) : (
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Statistic title={t('perf.revenue.revenue')} valueRender={() => <span data-testid="revenue-revenue">{fmt.fen(figure?.revenueFen)}</span>} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('perf.revenue.target')} valueRender={() => <span data-testid="revenue-target">{fmt.fen(figure?.targetFen)}</span>} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('perf.revenue.completion')}
              valueRender={() => (
                <span data-testid="revenue-completion">{figure?.completionPercent != null ? `${figure.completionPercent}%` : '—'}</span>
              )}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('perf.revenue.gap')} valueRender={() => <span data-testid="revenue-gap">{fmt.fen(figure?.gapFen)}</span>} />
          </Col>
        </Row>
      )}
    </Card>
  );
}

type Metric = string; // a rate key, or 'revenue'

/** A unit's trend (with revenue against target), or a manager's own (unitId null: their scope). */
function Trend({ unitId, managerId = null, title }: { unitId: number | null; managerId?: number | null; title?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [chosen, setMetric] = useState<Metric>('repairTimelinessCommitment');
  const metric = managerId != null && chosen === 'revenue' ? 'repairTimelinessCommitment' : chosen;
  const kpi = useKpiTrend(unitId, metric !== 'revenue', managerId);
  const rev = useRevenueTrend(unitId, '', metric === 'revenue' && managerId == null);
  const chart = useMemo(() => {
    if (metric === 'revenue') {
      const ms = rev.data?.months ?? [];
      return {
        months: ms.map((m) => m.month),
        series: [
          { name: t('perf.revenue.revenue'), values: ms.map((m) => m.revenueFen / 100) },
          { name: t('perf.revenue.target'), values: ms.map((m) => (m.targetFen == null ? null : m.targetFen / 100)) },
        ] as Series[],
        format: (v: number) => fmt.num(v, 0),
      };
    }
    const ms = kpi.data?.months ?? [];
    const show = rateShow(metric);
    return {
      months: ms.map((m) => m.month),
      series: [{ name: t(`perf.rate.${metric}`), values: ms.map((m) => ratePlot(metric, m.rates[metric])) }] as Series[],
      format: (v: number) => (show === 'percent' ? `${fmt.num(v, 1)}%` : fmt.num(v, 2)),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [metric, kpi.data, rev.data, fmt.lang, t]);
  const q = metric === 'revenue' ? rev : kpi;
  return (
    <Card
      title={title ?? (managerId != null ? t('perf.trend.managerTitle') : t('perf.trend.title'))}
      data-testid="perf-trend"
      data-manager={managerId ?? ''}
      extra={
        <Select
          data-testid="trend-metric"
          style={{ width: 260 }}
          virtual={false}
          value={metric}
          onChange={setMetric}
          options={[
            ...RATES.map((r) => ({ value: r.key, label: t(`perf.rate.${r.key}`) })),
            // Revenue is billed per area and unit, not per manager (their sales: the rankings' top sellers).
            ...(managerId == null ? [{ value: 'revenue', label: t('perf.trend.revenue') }] : []),
          ]}
        />
      }
    >
      {q.error ? (
        <ErrorView error={q.error} />
      ) : (
        <TrendChart data-testid="trend-chart" months={chart.months} series={chart.series} format={chart.format} />
      )}
    </Card>
  );
}

/** 我的绩效 — an area manager's own figures: their cards for a period and their 24-month trend. */
export function MyPerformancePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const period: KpiPeriodKind = isPeriod(params.get('period')) ? (params.get('period') as KpiPeriodKind) : 'month';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(params.get('at') ?? '') ? params.get('at')! : today();
  const mine = useKpiManager(me.id, null, period, at);
  if (mine.error) return <ErrorView error={mine.error} onRetry={() => void mine.refetch()} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-perf-page" data-manager={me.id}>
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('perf.my.title')}
          </Typography.Title>
          <PeriodPicker period={period} at={at} onChange={(p, a) => setParams({ period: p, at: a })} />
        </Space>
        {mine.data && (
          <Typography.Text type="secondary" data-testid="perf-period-range">
            {t(`perf.period.${period}`)}: {mine.data.period.firstDay} – {mine.data.period.lastDay} · {t('perf.my.within', { unit: mine.data.unit.name })}
          </Typography.Text>
        )}
      </Card>
      <KpiCards figures={mine.data} loading={mine.isPending} />
      <Trend unitId={null} managerId={me.id} title={t('perf.my.trend')} />
    </Space>
  );
}
