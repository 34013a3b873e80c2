// Cables, poles and drop lines in the console: a distribution box's own (its cables, the pole it
// hangs on, a drop line per pair) and, in the plant browser, the cables and poles of the boxes shown.
import { Alert, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { BoxNetwork, BoxPairs, Cable, CableEnd, CrossBox, DistBox, DropLine, PlantRef, Pole } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtDate } from '../../components/format';
import { useFormat } from './common';

const MAX_POLE_BOXES = 60;

export function useBoxNetwork(id: number | null) {
  return useQuery({
    queryKey: ['box-network', id],
    queryFn: () => api.get<BoxNetwork>(`/dist-boxes/${id}/network`),
    enabled: id != null,
    staleTime: 15_000,
  });
}

function EndLink({ end }: { end: CableEnd }) {
  const { t } = useTranslation();
  if (end.kind === 'exchange') return <Tag>{t('plant.network.exchange')}</Tag>;
  if (end.kind === 'dist_box') return <Link to={`/boxes/${end.id}`}>{end.code}</Link>;
  return <span>{end.code}</span>;
}

function BoxLinks({ refs, current }: { refs: PlantRef[]; current?: number }) {
  if (!refs.length) return <>—</>;
  return (
    <Space size={4} wrap>
      {refs.map((r) => (r.id === current ? <Typography.Text strong key={r.id}>{r.code}</Typography.Text> : <Link key={r.id} to={`/boxes/${r.id}`}>{r.code}</Link>))}
    </Space>
  );
}

function useCableColumns(current?: number) {
  const { t } = useTranslation();
  const f = useFormat();
  return [
    { title: t('plant.network.code'), dataIndex: 'code', render: (v: string, r: Cable) => <span data-testid={`cable-${r.code}`}>{v}</span> },
    { title: t('plant.network.kind'), dataIndex: 'kind', render: (v: string) => t(`plant.network.cableKinds.${v}`, { defaultValue: v }) },
    { title: t('plant.network.from'), key: 'from', render: (_: unknown, r: Cable) => <EndLink end={r.from} /> },
    { title: t('plant.network.to'), key: 'to', render: (_: unknown, r: Cable) => <EndLink end={r.to} /> },
    { title: t('plant.network.pairs'), dataIndex: 'pairs', align: 'right' as const, render: (v: number) => f.num(v) },
    { title: t('plant.network.length'), dataIndex: 'lengthM', align: 'right' as const, render: (v: number) => f.num(v) },
    { title: t('plant.network.serves'), key: 'boxes', render: (_: unknown, r: Cable) => <BoxLinks refs={r.boxes} current={current} /> },
    {
      title: t('plant.network.poles'),
      key: 'poles',
      render: (_: unknown, r: Cable) => (r.poles.length ? r.poles.map((p) => p.code).join(', ') : '—'),
    },
  ];
}

/** The box page's tab: its cables, its pole, and the drop line of each pair. */
export function BoxNetworkPanel({ box, pairs }: { box: DistBox; pairs?: BoxPairs }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useBoxNetwork(box.id);
  const cableCols = useCableColumns(box.id);
  if (q.isPending) return <Spin />;
  if (q.error) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  const { cables, pole, dropLines } = q.data;
  const active = dropLines.filter((d) => d.status === 'active');
  const withLine = new Set(active.map((d) => d.pairNo));
  const missing = pairs ? pairs.pairs.filter((p) => p.state === 'in_use' && !withLine.has(p.pairNo)).length : 0;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="box-network">
      <div>
        <Typography.Title level={5}>
          {t('plant.network.cables')} <Typography.Text type="secondary">({f.num(cables.length)})</Typography.Text>
        </Typography.Title>
        <Table<Cable>
          data-testid="box-cables"
          className="bc-nowrap"
          scroll={{ x: 'max-content' }}
          size="small"
          rowKey="id"
          dataSource={cables}
          pagination={false}
          locale={{ emptyText: t('plant.network.noCables') }}
          columns={cableCols}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('plant.network.pole')}</Typography.Title>
        {pole ? (
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }} data-testid="box-pole">
            <Descriptions.Item label={t('plant.network.code')}>
              <span data-testid="box-pole-code">{pole.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('plant.network.kind')}>{t(`plant.network.poleKinds.${pole.kind}`, { defaultValue: pole.kind })}</Descriptions.Item>
            <Descriptions.Item label={t('plant.box.location')}>
              {pole.lat.toFixed(5)}, {pole.lng.toFixed(5)}
            </Descriptions.Item>
            <Descriptions.Item label={t('plant.network.carries')}>{pole.cables.map((c) => c.code).join(', ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plant.network.mounted')}>
              <BoxLinks refs={pole.boxes} current={box.id} />
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary" data-testid="box-no-pole">
            {t('plant.network.noPole')}
          </Typography.Text>
        )}
      </div>
      <div>
        <Typography.Title level={5}>
          {t('plant.network.dropLines')} <Typography.Text type="secondary">({f.num(active.length)})</Typography.Text>
        </Typography.Title>
        {missing > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('plant.network.pairsWithout', { count: missing })} />}
        <Table<DropLine>
          data-testid="box-drop-lines"
          className="bc-nowrap"
          scroll={{ x: 'max-content' }}
          size="small"
          rowKey="id"
          dataSource={dropLines}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('plant.network.noDropLines') }}
          onRow={(r) => ({ 'data-testid': `drop-row-${r.pairNo}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('plant.network.pair'), dataIndex: 'pairNo', align: 'right' as const, render: (v: number) => <Link to={`/boxes/${box.id}?pair=${v}`}>{v}</Link> },
            { title: t('plant.network.code'), dataIndex: 'code' },
            { title: t('plant.network.service'), dataIndex: 'serviceCode', render: (v: string | null) => v ?? '—' },
            { title: t('plant.network.kind'), dataIndex: 'kind', render: (v: string) => t(`plant.network.dropKinds.${v}`, { defaultValue: v }) },
            { title: t('plant.network.length'), dataIndex: 'lengthM', align: 'right' as const, render: (v: number) => f.num(v) },
            { title: t('plant.network.installed'), dataIndex: 'installedAt', render: (v: string | null) => (v ? fmtDate(v) : '—') },
            {
              title: t('plant.network.status'),
              dataIndex: 'status',
              render: (v: string) => (v === 'active' ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.retired')}</Tag>),
            },
          ]}
        />
      </div>
    </Space>
  );
}

/** The plant browser's tab: the cables of the cross-connect boxes shown, the poles of their pole-mounted boxes. */
export function NetworkLists({ crossBoxes, distBoxes }: { crossBoxes: CrossBox[]; distBoxes: DistBox[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cableCols = useCableColumns();
  const cablesQ = useQueries({
    queries: crossBoxes.map((x) => ({
      queryKey: ['cables', 'cross', x.id],
      queryFn: () => api.list<Cable>('/cables', { query: { crossBoxId: x.id, limit: 1000 } }).then((r) => r.items),
      staleTime: 30_000,
    })),
  });
  const poleBoxes = distBoxes.filter((d) => d.mount === 'pole');
  const polesQ = useQueries({
    queries: poleBoxes.slice(0, MAX_POLE_BOXES).map((d) => ({
      queryKey: ['poles', 'box', d.id],
      queryFn: () => api.list<Pole>('/poles', { query: { distBoxId: d.id, limit: 100 } }).then((r) => r.items),
      staleTime: 30_000,
    })),
  });
  const err = cablesQ.find((q) => q.error)?.error ?? polesQ.find((q) => q.error)?.error;
  if (err) return <ErrorView error={err} />;
  if (cablesQ.some((q) => q.isPending) || polesQ.some((q) => q.isPending)) return <Spin style={{ display: 'block', margin: 24 }} />;
  const seen = new Set<number>();
  const cables = cablesQ.flatMap((q) => q.data ?? []).filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  const seenPoles = new Set<number>();
  const poles = polesQ.flatMap((q) => q.data ?? []).filter((p) => (seenPoles.has(p.id) ? false : (seenPoles.add(p.id), true)));
  if (!cables.length && !poles.length) return <Empty description={t('plant.network.noCables')} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>
          {t('plant.network.cables')} <Typography.Text type="secondary">({f.num(cables.length)})</Typography.Text>
        </Typography.Title>
        <Table<Cable>
          data-testid="cable-list"
          className="bc-nowrap"
          scroll={{ x: 'max-content' }}
          size="small"
          rowKey="id"
          dataSource={cables}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={cableCols}
        />
      </div>
      <div>
        <Typography.Title level={5}>
          {t('plant.network.poles')} <Typography.Text type="secondary">({f.num(poles.length)})</Typography.Text>
        </Typography.Title>
        {poleBoxes.length > MAX_POLE_BOXES && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('plant.network.tooMany', { count: MAX_POLE_BOXES })} />}
        <Table<Pole>
          data-testid="pole-list"
          className="bc-nowrap"
          scroll={{ x: 'max-content' }}
          size="small"
          rowKey="id"
          dataSource={poles}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('plant.network.noPoles') }}
          columns={[
            { title: t('plant.network.code'), dataIndex: 'code' },
            { title: t('plant.network.kind'), dataIndex: 'kind', render: (v: string) => t(`plant.network.poleKinds.${v}`, { defaultValue: v }) },
            { title: t('plant.network.mounted'), key: 'boxes', render: (_: unknown, r: Pole) => <BoxLinks refs={r.boxes} /> },
            { title: t('plant.network.carries'), key: 'cables', render: (_: unknown, r: Pole) => r.cables.map((c) => c.code).join(', ') || '—' },
            { title: t('plant.box.location'), key: 'loc', render: (_: unknown, r: Pole) => `${r.lat.toFixed(5)}, ${r.lng.toFixed(5)}` },
          ]}
        />
      </div>
    </Space>
  );
}
