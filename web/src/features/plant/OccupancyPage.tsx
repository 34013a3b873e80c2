// Occupancy by level (/occupancy?parentId=): office → communities → areas → boxes, with
// capacity, in use, free and occupancy; click a row to go down. Record accuracy of the unit
// with its monthly history. Both are (next) in docs/plant.md: "not available" until served.
import { Breadcrumb, Card, Col, Empty, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useEnumLabel, useMe } from '../../api/hooks';
import type { Accuracy, OccupancyRow, UnitKind } from '../../api/types';
import { UNIT_KINDS } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { KIND_COLOR } from '../org/kinds';
import { isMissingEndpoint, NotAvailable, OccupancyBar, useFormat } from './common';
import { useOccupancy, useUnit } from './hooks';

export function OccupancyPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const f = useFormat();
  const navigate = useNavigate();
  const me = useMe().data;
  const [params] = useSearchParams();
  const raw = params.get('parentId');
  const parentId = raw && /^\d+$/.test(raw) ? Number(raw) : (me?.scopeUnitId ?? null);
  const unit = useUnit(parentId);
  const q = useOccupancy(parentId);
  const rows = q.data ?? [];
  const isUnitRow = (r: OccupancyRow) => (UNIT_KINDS as string[]).includes(r.kind);
  const total = rows.reduce(
    (s, r) => ({ capacity: s.capacity + r.capacity, inUse: s.inUse + r.inUse, free: s.free + r.free, boxes: s.boxes + (r.boxes ?? 0) }),
    { capacity: 0, inUse: 0, free: 0, boxes: 0 },
  );

  return (
    <Card
      data-testid="occupancy-page"
      title={
        <Space wrap>
          <span>{t('plant.occupancy.title')}</span>
          {unit.data && (
            <>
              <Typography.Text type="secondary">{unit.data.name}</Typography.Text>
              <Tag color={KIND_COLOR[unit.data.kind]}>{label('unitKind', unit.data.kind)}</Tag>
            </>
          )}
        </Space>
      }
    >
      {unit.data && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="occupancy-trail"
          items={[
            ...(unit.data.path ?? [])
              .filter((p) => p.id !== unit.data!.id)
              .map((p) => ({ title: <Link to={`/occupancy?parentId=${p.id}`}>{p.name}</Link> })),
            { title: <span>{unit.data.name}</span> },
          ]}
        />
      )}
      {q.isPending ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : q.error ? (
        isMissingEndpoint(q.error) ? (
          <NotAvailable />
        ) : (
          <ErrorView error={q.error} onRetry={() => void q.refetch()} />
        )
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Statistic title={t('plant.occupancy.capacity')} value={f.num(total.capacity)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('plant.occupancy.inUse')} value={f.num(total.inUse)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('plant.occupancy.free')} value={f.num(total.free)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('plant.occupancy.occupancy')} value={total.capacity ? f.pct(total.inUse / total.capacity) : '—'} />
            </Col>
          </Row>
          <Typography.Text type="secondary">{t('plant.occupancy.drill')}</Typography.Text>
          <Table<OccupancyRow>
            data-testid="occupancy-table"
            size="small"
            rowKey={(r) => `${r.kind}-${r.id}`}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            onRow={(r) =>
              ({
                'data-testid': `occupancy-row-${r.code}`,
                style: { cursor: 'pointer' },
                onClick: () => navigate(isUnitRow(r) ? `/occupancy?parentId=${r.id}` : `/boxes/${r.id}`),
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('plant.occupancy.level'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <Space size={6}>
                    <a>{v || r.code}</a>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.code}
                    </Typography.Text>
                    {isUnitRow(r) ? (
                      <Tag color={KIND_COLOR[r.kind as UnitKind]}>{label('unitKind', r.kind)}</Tag>
                    ) : (
                      <Tag color="cyan">{t('plant.box.title')}</Tag>
                    )}
                  </Space>
                ),
                sorter: (a, b) => a.code.localeCompare(b.code),
              },
              { title: t('plant.occupancy.boxes'), dataIndex: 'boxes', align: 'right', render: (v: number) => f.num(v), sorter: (a, b) => a.boxes - b.boxes },
              { title: t('plant.occupancy.capacity'), dataIndex: 'capacity', align: 'right', render: (v: number) => f.num(v), sorter: (a, b) => a.capacity - b.capacity },
              { title: t('plant.occupancy.inUse'), dataIndex: 'inUse', align: 'right', render: (v: number) => f.num(v), sorter: (a, b) => a.inUse - b.inUse },
              { title: t('plant.occupancy.faulty'), dataIndex: 'faulty', align: 'right', render: (v: number) => f.num(v) },
              { title: t('plant.occupancy.reserved'), dataIndex: 'reserved', align: 'right', render: (v: number) => f.num(v) },
              { title: t('plant.occupancy.free'), dataIndex: 'free', align: 'right', render: (v: number) => f.num(v), sorter: (a, b) => a.free - b.free },
              {
                title: t('plant.occupancy.occupancy'),
                dataIndex: 'occupancy',
                width: 260,
                defaultSortOrder: undefined,
                sorter: (a, b) => a.occupancy - b.occupancy,
                render: (_: number, r) => <OccupancyBar inUse={r.inUse} capacity={r.capacity} />,
              },
            ]}
          />
        </Space>
      )}
      {parentId != null && <AccuracyCard unitId={parentId} />}
    </Card>
  );
}

function AccuracyCard({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['accuracy', 'unit', unitId],
    queryFn: () => api.get<Accuracy>('/accuracy', { query: { unitId } }),
    retry: false,
    staleTime: 30_000,
  });
  if (q.isPending) return null;
  if (q.error) return isMissingEndpoint(q.error) ? null : <ErrorView error={q.error} />;
  const a = q.data;
  return (
    <Card size="small" title={t('plant.occupancy.accuracy')} style={{ marginTop: 16 }} data-testid="accuracy-card">
      <Row gutter={16} align="middle">
        <Col xs={24} md={8}>
          <Statistic title={t('plant.occupancy.accuracy')} value={a.checked ? f.pct(a.accuracy) : '—'} />
          <Typography.Text type="secondary">
            {t('plant.occupancy.boxesVerified', { verified: f.num(a.boxesVerified), total: f.num(a.boxesTotal) })}
          </Typography.Text>
        </Col>
        <Col xs={24} md={16}>
          <Typography.Text strong>{t('plant.occupancy.history')}</Typography.Text>
          {a.history.length ? (
            <div style={{ display: 'flex', alignItems: 'flex-end', gap: 6, height: 90, marginTop: 8 }}>
              {a.history.map((h) => (
                <div key={h.month} title={`${h.month}: ${f.pct(h.accuracy)} (${f.num(h.matched)}/${f.num(h.checked)})`} style={{ textAlign: 'center', fontSize: 10 }}>
                  <div style={{ height: 60 * (h.accuracy ?? 0) + 4, width: 24, background: (h.accuracy ?? 0) >= 0.98 ? '#52c41a' : '#fa8c16', borderRadius: 2 }} />
                  <div>{h.month.slice(2)}</div>
                </div>
              ))}
            </div>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plant.occupancy.noHistory')} />
          )}
        </Col>
      </Row>
    </Card>
  );
}
