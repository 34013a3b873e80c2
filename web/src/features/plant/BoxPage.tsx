// A distribution box (/boxes/:id): details, counts, its pairs as a grid (click an in-use pair →
// its subscriber; mark others faulty/reserved/free), move to another area, verification, history.
// Marks, move, verification, accuracy and history are (next) in docs/plant.md: until the server
// declares them they show "not available yet".
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CheckSquareOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useMe } from '../../api/hooks';
import type { Accuracy, AuditEntry, CrossBox, DistBox, Pair, PairMark, PairState, Verification } from '../../api/types';
import { PAIR_STATES } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { JsonDiff } from '../../components/JsonDiff';
import { showProblem } from '../../components/problem';
import { UnitSelect } from '../../components/UnitSelect';
import { Available, isMissingEndpoint, NotAvailable, OccupancyBar, PAIR_COLOR, PLANT_WRITERS, useCapabilities, useFormat } from './common';
import { useBoxPairs, useUnit } from './hooks';
import { NetworkPanelTab } from './NetworkTab';
import { PairGrid, PairLegend } from './PairGrid';

export function BoxPage() {
  const { id: raw } = useParams();
  const id = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  const [params] = useSearchParams();
  const highlight = Number(params.get('pair')) || null;
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const me = useMe().data;
  const caps = useCapabilities();
  const canWrite = !!me && PLANT_WRITERS.includes(me.role);
  const boxQ = useQuery({
    queryKey: ['dist-box', id],
    queryFn: () => api.get<DistBox>(`/dist-boxes/${id}`),
    enabled: id != null,
    retry: false,
  });
  const box = boxQ.data;
  const pairsQ = useBoxPairs(box ? box.id : null);
  const area = useUnit(box?.areaId ?? null);
  const cross = useQuery({
    queryKey: ['cross-box', box?.crossBoxId],
    queryFn: () => api.get<CrossBox>(`/cross-boxes/${box!.crossBoxId}`),
    enabled: !!box,
    staleTime: 60_000,
  });
  const [moveOpen, setMoveOpen] = useState(false);
  const [mark, setMark] = useState<Pair | null>(null);
  const [tab, setTab] = useState('pairs');

  if (id == null) return <ErrorView error={{ status: 404 }} />;
  if (boxQ.isPending) return <Spin size="large" style={{ display: 'block', margin: 48 }} />;
  if (boxQ.error) return <ErrorView error={boxQ.error} onRetry={() => void boxQ.refetch()} />;
  const b = box!;
  const counts = pairsQ.data;
  const canMark = caps.has('put', '/dist-boxes/{id}/pairs/{pairNo}');
  const canMove = caps.has('patch', '/dist-boxes/{id}');
  const canVerify = caps.has('post', '/dist-boxes/{id}/verifications');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="box-page" data-box-id={b.id}>
      <Card
        title={
          <Space wrap>
            <span data-testid="box-title">{b.code}</span>
            <Tag color="cyan">{t('plant.box.title')}</Tag>
            {b.status === 'retired' ? <Tag>{t('common.retired')}</Tag> : <Tag color="green">{t('common.active')}</Tag>}
          </Space>
        }
        extra={
          canWrite && b.status === 'active' ? (
            <Available ok={canMove}>
              <Button icon={<SwapOutlined />} disabled={!canMove} onClick={() => setMoveOpen(true)} data-testid="box-move">
                {t('plant.box.move')}
              </Button>
            </Available>
          ) : null
        }
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={14}>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
              labelStyle={{ whiteSpace: 'nowrap' }}
              data-testid="box-details"
            >
              <Descriptions.Item label={t('plant.box.area')}>
                {area.data ? (
                  <Space size={4} wrap data-testid="box-area">
                    <Link to={`/plant?unitId=${area.data.id}`}>{area.data.name}</Link>
                    <Typography.Text type="secondary">{area.data.code}</Typography.Text>
                  </Space>
                ) : (
                  `#${b.areaId}`
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('plant.box.crossBox')}>
                <span data-testid="box-crossbox">{cross.data ? `${cross.data.code} · ${cross.data.name}` : `#${b.crossBoxId}`}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('plant.box.mount')}>
                {t(`plant.box.mounts.${b.mount}`, { defaultValue: b.mount })}
              </Descriptions.Item>
              <Descriptions.Item label={t('plant.box.capacity')}>{f.num(b.capacity)}</Descriptions.Item>
              <Descriptions.Item label={t('plant.box.address')} span={2}>
                {b.address}
              </Descriptions.Item>
              <Descriptions.Item label={t('plant.box.location')}>
                {b.lat.toFixed(5)}, {b.lng.toFixed(5)}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.updatedAt')}>{fmtTime(b.updatedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('plant.box.accuracy')} span={2}>
                <BoxAccuracy id={b.id} />
              </Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} xl={10}>
            {counts ? (
              <div data-testid="box-counts">
                <Row gutter={8}>
                  <Col span={6}>
                    <Statistic title={t('plant.box.inUse')} value={counts.inUse} formatter={(v) => f.num(Number(v))} valueStyle={{ color: PAIR_COLOR.in_use }} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('plant.box.free')} value={counts.free} formatter={(v) => f.num(Number(v))} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('plant.box.faulty')} value={counts.faulty} formatter={(v) => f.num(Number(v))} valueStyle={{ color: PAIR_COLOR.faulty }} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('plant.box.reserved')} value={counts.reserved} formatter={(v) => f.num(Number(v))} valueStyle={{ color: '#d48806' }} />
                  </Col>
                </Row>
                <div style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary">{t('plant.box.occupancy')}</Typography.Text>
                  <OccupancyBar inUse={counts.inUse} capacity={counts.capacity} testId="box-occupancy" />
                </div>
              </div>
            ) : pairsQ.error ? (
              <ErrorView error={pairsQ.error} />
            ) : (
              <Spin />
            )}
          </Col>
        </Row>
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'pairs',
              label: <span data-testid="tab-pairs">{t('plant.box.pairs')}</span>,
              children: pairsQ.data ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                    <PairLegend
                      counts={{ free: counts!.free, in_use: counts!.inUse, faulty: counts!.faulty, reserved: counts!.reserved }}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {canWrite && canMark ? t('plant.pair.clickHint') : t('plant.pair.clickHintRead')}
                    </Typography.Text>
                  </Space>
                  <PairGrid
                    pairs={pairsQ.data.pairs}
                    highlight={highlight}
                    onPick={(p) => {
                      if (p.state === 'in_use' && p.customerId != null) navigate(`/customers/${p.customerId}`);
                      else if (p.state !== 'in_use' && canWrite && canMark) setMark(p);
                    }}
                  />
                  {canWrite && !canMark && <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="mark-na">{t('plant.pair.markNa')}</Typography.Text>}
                </Space>
              ) : pairsQ.error ? (
                <ErrorView error={pairsQ.error} onRetry={() => void pairsQ.refetch()} />
              ) : (
                <Spin />
              ),
            },
            NetworkPanelTab({ box: b, pairs: pairsQ.data, label: t('plant.network.tab'), active: tab === 'network' }),
            ...(canWrite
              ? [
                  {
                    key: 'verify',
                    label: (
                      <span data-testid="tab-verify">
                        <CheckSquareOutlined /> {t('plant.box.verify')}
                      </span>
                    ),
                    children: !canVerify ? (
                      <NotAvailable />
                    ) : pairsQ.data ? (
                      <VerifyPanel box={b} pairs={pairsQ.data.pairs} />
                    ) : (
                      <Spin />
                    ),
                  },
                ]
              : []),
            {
              key: 'history',
              label: <span data-testid="tab-history">{t('plant.box.history')}</span>,
              children: tab === 'history' ? <BoxHistory id={b.id} /> : null,
            },
          ]}
        />
      </Card>
      {moveOpen && <MoveBoxDialog box={b} onClose={() => setMoveOpen(false)} />}
      {mark && <MarkDialog box={b} pair={mark} onClose={() => setMark(null)} />}
    </Space>
  );
}

function BoxAccuracy({ id }: { id: number }) {
  const f = useFormat();
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['accuracy', 'box', id],
    queryFn: () => api.get<Accuracy>('/accuracy', { query: { distBoxId: id } }),
    retry: false,
    staleTime: 30_000,
  });
  if (q.isPending) return <Spin size="small" />;
  if (q.error)
    return (
      <Typography.Text type="secondary" data-testid="box-accuracy-na">
        {isMissingEndpoint(q.error) ? t('plant.na.short') : '—'}
      </Typography.Text>
    );
  return (
    <span data-testid="box-accuracy">
      {q.data.checked ? `${f.pct(q.data.accuracy)} (${f.num(q.data.matched)}/${f.num(q.data.checked)})` : t('plant.occupancy.noHistory')}
    </span>
  );
}

function useRefreshBox() {
  const qc = useQueryClient();
  return (id: number) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['dist-box', id] }),
      qc.invalidateQueries({ queryKey: ['box-pairs', id] }),
      qc.invalidateQueries({ queryKey: ['box-history', id] }),
      qc.invalidateQueries({ queryKey: ['accuracy'] }),
      qc.invalidateQueries({ queryKey: ['occupancy'] }),
      qc.invalidateQueries({ queryKey: ['dist-boxes'] }),
      qc.invalidateQueries({ queryKey: ['ownership'] }),
      qc.invalidateQueries({ queryKey: ['customer'] }),
    ]);
}

function MarkDialog({ box, pair, onClose }: { box: DistBox; pair: Pair; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshBox();
  const [form] = Form.useForm<PairMark>();
  const [busy, setBusy] = useState(false);
  async function submit(v: PairMark) {
    setBusy(true);
    try {
      await api.put<Pair>(`/dist-boxes/${box.id}/pairs/${pair.pairNo}`, { state: v.state, note: v.note ?? '' });
      void message.success(t('plant.pair.marked', { n: pair.pairNo, state: t(`plant.pair.states.${v.state}`) }));
      onClose();
    } catch (e) {
      if (isMissingEndpoint(e)) void message.info(t('plant.na.short'));
      else showProblem(e, t, message, form);
    } finally {
      setBusy(false);
      await refresh(box.id);
    }
  }
  return (
    <Modal
      open
      title={t('plant.pair.mark', { n: pair.pairNo })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'mark-ok' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ state: pair.state === 'free' ? 'faulty' : 'free', note: pair.note }}>
        <Form.Item name="state" label={t('plant.pair.markAs')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group data-testid="mark-state" optionType="button" buttonStyle="solid">
            {(['free', 'faulty', 'reserved'] as const).map((s) => (
              <Radio.Button key={s} value={s}>
                <span data-testid={`mark-${s}`}>{t(`plant.pair.states.${s}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('plant.pair.note')} rules={[{ max: 200 }]}>
          <Input data-testid="mark-note" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MoveBoxDialog({ box, onClose }: { box: DistBox; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshBox();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ areaId: number; reason: string }>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { areaId: number; reason: string }) {
    setBusy(true);
    try {
      // docs/plant.md: PATCH {areaId} with If-Match. The reason travels as ?reason= (as for a
      // customer reveal) so the documented body stays as it is.
      const updated = await api.patch<DistBox>(`/dist-boxes/${box.id}`, { areaId: v.areaId }, box.version, {
        query: { reason: v.reason.trim() },
      });
      if (updated) qc.setQueryData(['dist-box', box.id], updated);
      const target = qc.getQueryData<{ name?: string }>(['unit', v.areaId]);
      void message.success(t('plant.box.moved', { area: target?.name ?? `#${v.areaId}` }));
      onClose();
    } catch (e) {
      if (isMissingEndpoint(e)) void message.info(t('plant.na.short'));
      else showProblem(e, t, message, form);
    } finally {
      setBusy(false);
      await refresh(box.id);
      await qc.invalidateQueries({ queryKey: ['areas'] });
    }
  }
  return (
    <Modal
      open
      title={t('plant.box.moveTitle', { code: box.code })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'box-move-ok' } as Record<string, string>}
    >
      <Alert type="warning" showIcon message={t('plant.box.moveNote')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="areaId" label={t('plant.box.newArea')} rules={[{ required: true, message: t('common.required') }]}>
          <UnitSelect kind="area" excludeId={box.areaId} data-testid="box-move-area" />
        </Form.Item>
        <Form.Item name="reason" label={t('plant.box.reason')} rules={[{ required: true, whitespace: true, max: 200, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={200} data-testid="box-move-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VerifyPanel({ box, pairs }: { box: DistBox; pairs: Pair[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const refresh = useRefreshBox();
  const [brush, setBrush] = useState<PairState>('faulty');
  const [found, setFound] = useState<Map<number, PairState>>(new Map());
  const [correct, setCorrect] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Verification | null>(null);
  const differing = useMemo(() => pairs.filter((p) => found.has(p.pairNo) && found.get(p.pairNo) !== p.state).length, [pairs, found]);

  function pick(p: Pair) {
    setFound((prev) => {
      const next = new Map(prev);
      if (brush === p.state || next.get(p.pairNo) === brush) next.delete(p.pairNo);
      else next.set(p.pairNo, brush);
      return next;
    });
  }

  async function submit() {
    setBusy(true);
    try {
      const body = {
        pairs: pairs.map((p) => {
          const fnd = found.get(p.pairNo) ?? p.state;
          return fnd !== p.state && correct ? { pairNo: p.pairNo, found: fnd, correct: true } : { pairNo: p.pairNo, found: fnd };
        }),
      };
      const r = await api.post<Verification>(`/dist-boxes/${box.id}/verifications`, body);
      setResult(r);
      setFound(new Map());
      void message.success(t('plant.verify.done'));
    } catch (e) {
      if (isMissingEndpoint(e)) void message.info(t('plant.na.short'));
      else showProblem(e, t, message);
    } finally {
      setBusy(false);
      await refresh(box.id);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="verify-panel">
      <Typography.Paragraph type="secondary">{t('plant.verify.intro')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('plant.verify.found')}:</span>
        <Segmented
          data-testid="verify-brush"
          value={brush}
          onChange={(v) => setBrush(v as PairState)}
          options={PAIR_STATES.map((s) => ({
            value: s,
            label: (
              <span data-testid={`verify-brush-${s}`}>
                <span style={{ display: 'inline-block', width: 10, height: 10, background: PAIR_COLOR[s], marginInlineEnd: 4, border: '1px solid #d9d9d9' }} />
                {t(`plant.pair.states.${s}`)}
              </span>
            ),
          }))}
        />
        <Checkbox checked={correct} onChange={(e) => setCorrect(e.target.checked)} data-testid="verify-correct">
          {t('plant.verify.correct')}
        </Checkbox>
      </Space>
      <PairGrid
        testId="verify-grid"
        pairs={pairs}
        stateOf={(p) => found.get(p.pairNo) ?? p.state}
        differs={(p) => found.has(p.pairNo) && found.get(p.pairNo) !== p.state}
        onPick={pick}
      />
      <Space wrap>
        <Typography.Text data-testid="verify-changed">{t('plant.verify.changed', { count: differing })}</Typography.Text>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="verify-submit">
          {t('plant.verify.submit')}
        </Button>
        <Button onClick={() => setFound(new Map())} disabled={!found.size}>
          {t('plant.verify.reset')}
        </Button>
      </Space>
      {result && (
        <Card size="small" title={t('plant.verify.result')} data-testid="verify-result">
          <Row gutter={8}>
            {(
              [
                ['checked', result.checked],
                ['matched', result.matched],
                ['mismatched', result.mismatched],
                ['corrected', result.corrected],
              ] as const
            ).map(([k, v]) => (
              <Col key={k} xs={12} md={4}>
                <Statistic title={t(`plant.verify.${k}`)} value={f.num(v)} />
              </Col>
            ))}
            <Col xs={24} md={8}>
              <Statistic title={t('plant.verify.accuracy')} value={f.pct(result.accuracy)} valueStyle={{ color: result.accuracy >= 0.98 ? '#389e0d' : '#d46b08' }} />
            </Col>
          </Row>
          {result.items.some((i) => i.result !== 'match') ? (
            <>
              <Table
                style={{ marginTop: 12 }}
                size="small"
                rowKey="pairNo"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={result.items.filter((i) => i.result !== 'match')}
                columns={[
                  { title: t('plant.owner.pair'), dataIndex: 'pairNo' },
                  { title: t('plant.verify.recorded'), dataIndex: 'recorded', render: (v: string) => t(`plant.pair.states.${v}`, { defaultValue: v }) },
                  { title: t('plant.verify.found'), dataIndex: 'found', render: (v: string) => t(`plant.pair.states.${v}`, { defaultValue: v }) },
                  {
                    title: t('plant.verify.outcome'),
                    dataIndex: 'result',
                    render: (v: string) => (
                      <Tag color={v === 'corrected' ? 'blue' : v === 'mismatch' ? 'red' : 'green'}>
                        {t(`plant.verify.outcomes.${v}`, { defaultValue: v })}
                      </Tag>
                    ),
                  },
                ]}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('plant.verify.inUseNote')}
              </Typography.Text>
            </>
          ) : (
            <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('plant.verify.allMatch')} />
          )}
        </Card>
      )}
    </Space>
  );
}

function BoxHistory({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['box-history', id],
    queryFn: () => api.get<AuditEntry[]>(`/dist-boxes/${id}/history`),
    retry: false,
  });
  if (q.error) return isMissingEndpoint(q.error) ? <NotAvailable /> : <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table<AuditEntry>
      data-testid="box-history"
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
