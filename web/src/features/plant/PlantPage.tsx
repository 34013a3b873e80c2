// Plant browser (/plant?unitId=): choose an area (tree or select) — or a community or office for
// all its areas — and see its cross-connect and distribution boxes with occupancy, as lists or
// on a map drawn from their coordinates.
import { Alert, Card, Col, Empty, Row, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useEnumLabel, useMe } from '../../api/hooks';
import type { CrossBox, DistBox } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { UnitSelect } from '../../components/UnitSelect';
import { OrgTree } from '../org/OrgTree';
import { KIND_COLOR } from '../org/kinds';
import { BoxMap } from './BoxMap';
import { OccupancyBar, useFormat } from './common';
import { NetworkLists } from './NetworkPanels';
import { MAX_AREAS, useAreasOf, useBoxCounts, useCrossBoxes, useDistBoxes, useUnit } from './hooks';

const PLANT_KINDS = new Set(['area', 'community', 'office']);

export function PlantPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const raw = params.get('unitId');
  const unitId = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  const view = params.get('view') === 'map' ? 'map' : params.get('view') === 'network' ? 'network' : 'list';
  const unit = useUnit(unitId);
  const areasQ = useAreasOf(unit.data && PLANT_KINDS.has(unit.data.kind) ? unit.data : undefined);
  const allAreas = areasQ.data ?? [];
  const areas = allAreas.slice(0, MAX_AREAS);
  const ids = areas.map((a) => a.id);
  const distQ = useDistBoxes(ids);
  const crossQ = useCrossBoxes(ids);
  const distBoxes = distQ.flatMap((q) => q.data ?? []);
  const crossSeen = new Set<number>();
  const crossBoxes = crossQ.flatMap((q) => q.data ?? []).filter((c) => (crossSeen.has(c.id) ? false : (crossSeen.add(c.id), true)));
  const occ = useBoxCounts(ids, distBoxes);
  const loading = unit.isPending && unitId != null ? true : areasQ.isPending && !!unit.data || distQ.some((q) => q.isPending) || crossQ.some((q) => q.isPending);
  const err = unit.error ?? areasQ.error ?? distQ.find((q) => q.error)?.error ?? crossQ.find((q) => q.error)?.error;

  function set(k: string, v: string | null) {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: k === 'view' });
  }

  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }} data-testid="plant-page">
      <Col flex="340px" style={{ minWidth: 280 }}>
        <OrgTree selectedId={unitId ?? me?.scopeUnitId ?? null} onSelect={(id) => set('unitId', String(id))} />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          title={
            unit.data ? (
              <Space wrap>
                <span data-testid="plant-title">{unit.data.name}</span>
                <Typography.Text type="secondary">{unit.data.code}</Typography.Text>
                <Tag color={KIND_COLOR[unit.data.kind]}>{label('unitKind', unit.data.kind)}</Tag>
                {allAreas.length > 1 && <Tag>{t('plant.browser.areas', { count: allAreas.length })}</Tag>}
              </Space>
            ) : (
              t('plant.browser.title')
            )
          }
          extra={
            <UnitSelect
              kind={['area', 'community', 'office']}
              value={unitId}
              onChange={(v) => set('unitId', v != null ? String(v) : null)}
              placeholder={t('plant.browser.unitHint')}
              style={{ width: 340 }}
              data-testid="plant-unit-select"
            />
          }
        >
          {unitId == null || (unit.data && !PLANT_KINDS.has(unit.data.kind)) ? (
            <Empty description={t('plant.browser.pick')} />
          ) : err ? (
            <ErrorView error={err} />
          ) : loading ? (
            <Spin style={{ display: 'block', margin: 48 }} />
          ) : (
            <>
              {allAreas.length > MAX_AREAS && (
                <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('plant.browser.tooManyAreas', { count: MAX_AREAS })} />
              )}
              <Tabs
                activeKey={view}
                onChange={(k) => set('view', k === 'list' ? null : k)}
                items={[
                  {
                    key: 'list',
                    label: <span data-testid="plant-tab-list">{t('plant.browser.list')}</span>,
                    children: (
                      <BoxLists
                        areas={areas}
                        distBoxes={distBoxes}
                        crossBoxes={crossBoxes}
                        counts={occ.counts}
                        onOpen={(id) => navigate(`/boxes/${id}`)}
                      />
                    ),
                  },
                  {
                    key: 'network',
                    label: <span data-testid="plant-tab-network">{t('plant.network.browserTab')}</span>,
                    children: view === 'network' ? <NetworkLists crossBoxes={crossBoxes} distBoxes={distBoxes} /> : null,
                  },
                  {
                    key: 'map',
                    label: <span data-testid="plant-tab-map">{t('plant.browser.map')}</span>,
                    children:
                      distBoxes.length || crossBoxes.length ? (
                        <BoxMap areas={areas} distBoxes={distBoxes} crossBoxes={crossBoxes} counts={occ.counts} />
                      ) : (
                        <Empty description={t('plant.browser.noBoxes')} />
                      ),
                  },
                ]}
              />
            </>
          )}
        </Card>
      </Col>
    </Row>
  );
}

function BoxLists({
  areas,
  distBoxes,
  crossBoxes,
  counts,
  onOpen,
}: {
  areas: { id: number; code: string; name: string }[];
  distBoxes: DistBox[];
  crossBoxes: CrossBox[];
  counts: Map<number, { inUse: number; capacity: number }>;
  onOpen: (id: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const multi = areas.length > 1;
  const areaOf = new Map(areas.map((a) => [a.id, a]));
  const crossCode = new Map(crossBoxes.map((c) => [c.id, c.code]));
  const crossOcc = new Map<number, { inUse: number; capacity: number }>();
  distBoxes.forEach((d) => {
    const c = counts.get(d.id);
    if (!c) return;
    const acc = crossOcc.get(d.crossBoxId) ?? { inUse: 0, capacity: 0 };
    acc.inUse += c.inUse;
    acc.capacity += c.capacity;
    crossOcc.set(d.crossBoxId, acc);
  });
  // A cross-connect box without an area of its own is shown with the area of its distribution boxes here.
  const crossArea = new Map<number, number>();
  distBoxes.forEach((d) => crossArea.set(d.crossBoxId, d.areaId));
  const areaCol = {
    title: t('plant.box.area'),
    key: 'area',
    render: (_: unknown, r: { id: number; areaId: number | null; crossBoxId?: number }) => {
      const aid = r.areaId ?? crossArea.get(r.id);
      const a = aid != null ? areaOf.get(aid) : undefined;
      return a ? <Link to={`/plant?unitId=${a.id}`}>{a.name}</Link> : '—';
    },
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>
          {t('plant.box.crossBoxes')} <Typography.Text type="secondary">({f.num(crossBoxes.length)})</Typography.Text>
        </Typography.Title>
        <Table<CrossBox>
          data-testid="cross-box-list"
          className="bc-nowrap"
          scroll={{ x: 'max-content' }}
          size="small"
          rowKey="id"
          dataSource={crossBoxes}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('plant.browser.noBoxes') }}
          onRow={(r) => ({ 'data-testid': `cross-row-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('plant.box.code'), dataIndex: 'code', render: (v: string, r) => <span title={r.name}>{v}</span> },
            { title: t('common.name'), dataIndex: 'name' },
            ...(multi ? [areaCol] : []),
            { title: t('plant.box.address'), dataIndex: 'address' },
            { title: t('plant.box.primaryPairs'), dataIndex: 'primaryPairs', align: 'right' as const, render: (v: number) => f.num(v) },
            { title: t('plant.box.distributionPairs'), dataIndex: 'distributionPairs', align: 'right' as const, render: (v: number) => f.num(v) },
            {
              title: t('plant.box.occupancy'),
              key: 'occ',
              width: 240,
              render: (_: unknown, r) => {
                const o = crossOcc.get(r.id);
                return <OccupancyBar inUse={o?.inUse} capacity={o?.capacity ?? 0} testId={`cross-occupancy-${r.code}`} />;
              },
            },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>
          {t('plant.box.boxes')} <Typography.Text type="secondary">({f.num(distBoxes.length)})</Typography.Text>
        </Typography.Title>
        <Table<DistBox>
          data-testid="box-list"
          className="bc-nowrap"
          scroll={{ x: 'max-content' }}
          size="small"
          rowKey="id"
          dataSource={distBoxes}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('plant.browser.noBoxes') }}
          onRow={(r) =>
            ({ 'data-testid': `box-row-${r.code}`, onClick: () => onOpen(r.id), style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('plant.box.code'), dataIndex: 'code', render: (v: string, r) => <Link to={`/boxes/${r.id}`}>{v}</Link> },
            ...(multi ? [areaCol] : []),
            { title: t('plant.box.crossBox'), dataIndex: 'crossBoxId', render: (v: number) => crossCode.get(v) ?? `#${v}` },
            { title: t('plant.box.mount'), dataIndex: 'mount', render: (v: string) => t(`plant.box.mounts.${v}`, { defaultValue: v }) },
            { title: t('plant.box.address'), dataIndex: 'address' },
            { title: t('plant.box.capacity'), dataIndex: 'capacity', align: 'right' as const, render: (v: number) => f.num(v) },
            {
              title: t('plant.box.occupancy'),
              key: 'occ',
              width: 240,
              render: (_: unknown, r) => {
                const c = counts.get(r.id);
                return <OccupancyBar inUse={c?.inUse} capacity={c?.capacity ?? r.capacity} testId={`box-occupancy-${r.code}`} />;
              },
            },
          ]}
        />
      </div>
    </Space>
  );
}
