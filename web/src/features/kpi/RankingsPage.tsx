// 排名与光荣榜 — the area managers within a community, office, centre or local network ranked by
// their scorecard for a month or a quarter, the honour list highlighted; beside it the month's top
// sellers by new-sales revenue.
import { Card, Col, InputNumber, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/hooks';
import { ErrorView } from '../../components/ErrorView';
import { useFormat } from '../../components/money';
import { UnitSelect } from '../../components/UnitSelect';
import { useRanking, useSellers } from './api';
import { PeriodPicker, today } from './common';
import type { RankedManager, RevenueSeller } from './types';
import { RANKING_KINDS } from './types';

export default function RankingsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const unitId = Number(params.get('unit')) || me.scopeUnitId;
  const period = params.get('period') === 'quarter' ? 'quarter' : 'month';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(params.get('at') ?? '') ? params.get('at')! : today();
  const top = Math.min(100, Math.max(1, Number(params.get('top')) || 3));
  const set = (k: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [key, v] of Object.entries(k)) p.set(key, v);
    if (!p.has('unit')) p.set('unit', String(unitId));
    setParams(p, { replace: true });
  };
  const ranking = useRanking(unitId, period, at, top);
  const sellers = useSellers(unitId, at.slice(0, 7));
  const honour = new Set((ranking.data?.honourList ?? []).map((m) => m.staffId));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="rankings-page">
      <Card title={t('perf.rankings.title')}>
        <Space wrap>
          <div style={{ minWidth: 280 }}>
            <UnitSelect
              data-testid="rankings-unit"
              kind={[...RANKING_KINDS]}
              value={unitId}
              onChange={(v) => v && set({ unit: String(v) })}
            />
          </div>
          <PeriodPicker period={period} at={at} periods={['month', 'quarter']} onChange={(p, a) => set({ period: p, at: a })} />
          <Space size={4}>
            <Typography.Text>{t('perf.rankings.top')}</Typography.Text>
            <InputNumber data-testid="rankings-top" min={1} max={100} value={top} onChange={(v) => v && set({ top: String(v) })} />
          </Space>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={<><TrophyOutlined style={{ color: '#d48806' }} /> {t(period === 'month' ? 'perf.rankings.monthly' : 'perf.rankings.quarterly')}</>}
            extra={ranking.data && <Typography.Text type="secondary">{ranking.data.period.firstDay} – {ranking.data.period.lastDay}</Typography.Text>}
          >
            {ranking.error ? (
              <ErrorView error={ranking.error} />
            ) : (
              <Table<RankedManager>
                data-testid="rankings-table"
                size="small"
                rowKey="staffId"
                loading={ranking.isFetching}
                dataSource={ranking.data?.managers ?? []}
                pagination={{ pageSize: 50, showSizeChanger: false }}
                scroll={{ x: 800 }}
                rowClassName={(m) => (honour.has(m.staffId) ? 'bc-honour' : '')}
                onRow={(m) =>
                  ({
                    'data-testid': `rank-${m.username}`,
                    'data-honour': honour.has(m.staffId) ? 'true' : 'false',
                    style: honour.has(m.staffId) ? { background: '#fffbe6' } : undefined,
                  }) as React.HTMLAttributes<HTMLElement>
                }
                columns={[
                  { title: t('perf.rankings.rank'), dataIndex: 'rank', width: 70, sorter: (a, b) => a.rank - b.rank },
                  {
                    title: t('perf.manager'),
                    width: 240,
                    render: (_, m) => (
                      <Space size={4} wrap={false} style={{ whiteSpace: 'nowrap' }}>
                        {m.name}
                        <Typography.Text type="secondary">({m.username})</Typography.Text>
                        {honour.has(m.staffId) && <Tag color="gold" data-testid="honour-tag">{t('perf.rankings.honour')}</Tag>}
                      </Space>
                    ),
                  },
                  {
                    title: t('perf.rankings.score'),
                    width: 100,
                    align: 'right',
                    sorter: (a, b) => (a.score.total ?? -1) - (b.score.total ?? -1),
                    render: (_, m) => (
                      <Tooltip
                        title={m.score.terms
                          .map((x) => `${t(`perf.term.${x.term}`)}: ${x.score == null ? '—' : fmt.num(x.score * 100, 1)} × ${fmt.num(x.appliedWeight, 1)}%`)
                          .join(' · ')}
                      >
                        <span data-testid={`rank-score-${m.username}`}>{m.score.total == null ? '—' : fmt.num(m.score.total, 1)}</span>
                      </Tooltip>
                    ),
                  },
                  ...['repairTimeliness', 'satisfaction', 'complaints', 'recordAccuracy'].map((term) => ({
                    key: term,
                    title: t(`perf.term.${term}`),
                    width: 110,
                    align: 'right' as const,
                    render: (_: unknown, m: RankedManager) => {
                      const x = m.score.terms.find((s) => s.term === term);
                      return x?.score == null ? '—' : fmt.num(x.score * 100, 1);
                    },
                  })),
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('perf.sellers.title', { month: at.slice(0, 7) })}>
            {sellers.error ? (
              <ErrorView error={sellers.error} />
            ) : (
              <Table<RevenueSeller>
                data-testid="sellers-table"
                size="small"
                rowKey="staffId"
                loading={sellers.isFetching}
                dataSource={(sellers.data?.sellers ?? []).slice(0, 20)}
                pagination={false}
                onRow={(s) => ({ 'data-testid': `seller-${s.username}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('perf.rankings.rank'), dataIndex: 'rank', width: 60 },
                  { title: t('perf.manager'), render: (_, s) => s.name },
                  { title: t('perf.sellers.services'), dataIndex: 'services', align: 'right', width: 70 },
                  { title: t('perf.sellers.amount'), align: 'right', render: (_, s) => fmt.fen(s.amountFen) },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
