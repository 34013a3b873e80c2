// 工单详情 — one order: every field, where it went and why (in the reader's language), both
// deadline clocks, the whole timeline, the pauses, and the actions the reader may take now.
import { Alert, Card, Col, Descriptions, Empty, Progress, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Unit } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { StaffName } from '../../components/StaffSelect';
import { useOrder } from './api';
import { BoxPlace, Countdown, OrderActions, StateTag, TypeTag, fmtCoord, fmtTime, riskNow, useExplanation, useNow } from './common';
import type { DeadlineClock, Order, OrderEvent } from './types';

export function UnitName({ id }: { id: number | null | undefined }) {
  const q = useQuery({
    queryKey: ['unit', id],
    queryFn: () => api.get<Unit>(`/units/${id}`),
    enabled: id != null,
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (id == null) return <>—</>;
  return <>{q.data ? `${q.data.name} (${q.data.code})` : `#${id}`}</>;
}

function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

export function OrderPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const created = !!(location.state as { created?: boolean } | null)?.created;
  const q = useOrder(Number(id));
  const explain = useExplanation();
  if (q.isPending) return <Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />;
  if (q.error) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  const o = q.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="order-page" data-order-id={o.id} data-state={o.state} data-version={o.version}>
      <Card
        title={
          <Space wrap size={8}>
            <span data-testid="order-code" style={{ fontFamily: 'monospace' }}>
              {o.code}
            </span>
            <TypeTag type={o.type} />
            <StateTag state={o.state} />
            {o.paused && <Tag data-testid="order-paused">{t('orders.clock.paused')}</Tag>}
            {o.repeatOf != null && (
              <Link to={`/orders/${o.repeatOf}`}>
                <Tag color="red" data-testid="order-repeat">
                  {t('orders.field.repeatOf')}
                </Tag>
              </Link>
            )}
            {o.escalation !== 'none' && (
              <Tag color="volcano" data-testid="order-escalation">
                {t(`orders.escalation.${o.escalation}`)}
              </Tag>
            )}
          </Space>
        }
        extra={q.isFetching ? <Spin size="small" /> : null}
      >
        <Typography.Paragraph strong data-testid="order-summary" style={{ fontSize: 16 }}>
          {o.summary}
        </Typography.Paragraph>
        <Alert
          data-testid="order-routing"
          data-reason={o.routing.reason}
          type={o.routing.reason === 'community_queue' ? 'warning' : created ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          message={
            <Space wrap size={6}>
              <strong>{created ? t('orders.page.createdRouted') : t('orders.page.routing')}</strong>
              <Tag>{t(`orders.routingReason.${o.routing.reason}`)}</Tag>
              {o.routing.assigneeId != null ? (
                <span data-testid="order-assignee">
                  <StaffName id={o.routing.assigneeId} />
                </span>
              ) : (
                <span data-testid="order-assignee">{t('orders.page.inQueue')}</span>
              )}
            </Space>
          }
          description={<span data-testid="order-explanation">{explain(o)}</span>}
        />
        <OrderActions order={o} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('orders.page.details')} style={{ height: '100%' }}>
            <OrderFields o={o} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('orders.page.deadlines')} style={{ height: '100%' }}>
            <Clocks o={o} />
          </Card>
        </Col>
      </Row>
      <Card title={t('orders.page.timeline')}>
        <OrderTimeline events={o.events ?? []} />
      </Card>
      <Card title={t('orders.page.pauses')}>
        <Pauses o={o} />
      </Card>
    </Space>
  );
}

function OrderFields({ o }: { o: Order }) {
  const { t } = useTranslation();
  const details = Object.entries(o.details ?? {});
  return (
    <Descriptions size="small" bordered column={1} labelStyle={{ width: 150 }} data-testid="order-fields">
      <Descriptions.Item label={t('orders.field.channel')}>{t(`orders.channel.${o.channel}`, { defaultValue: o.channel })}</Descriptions.Item>
      <Descriptions.Item label={t('orders.field.number')}>
        <span data-testid="order-number">{o.number || '—'}</span>
        {o.number && !o.number.includes('*') && (
          <Link to={`/owner?phone=${encodeURIComponent(o.number)}`} style={{ marginInlineStart: 8 }}>
            {t('orders.page.whoOwns')}
          </Link>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.customer')}>
        {o.customerId != null ? (
          <Link to={`/customers/${o.customerId}`} data-testid="order-customer">
            {t('orders.page.subscriberRecord')}
          </Link>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.contactName')}>{o.contactName || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('orders.field.contactPhone')}>
        {o.contactPhone && !o.contactPhone.includes('*') ? (
          <a href={`tel:${o.contactPhone}`} data-testid="order-contact-phone">
            {o.contactPhone}
          </a>
        ) : (
          <span data-testid="order-contact-phone">{o.contactPhone || '—'}</span>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.address')}>{o.address || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('orders.field.area')}>
        {o.routing.areaId != null ? (
          <Link to={`/org/units/${o.routing.areaId}`}>
            <UnitName id={o.routing.areaId} />
          </Link>
        ) : (
          '—'
        )}
        {o.routing.rural && <Tag style={{ marginInlineStart: 8 }}>{t('orders.page.rural')}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.community')}>
        <Link to={`/org/units/${o.routing.communityId}`}>
          <UnitName id={o.routing.communityId} />
        </Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.distBox')}>
        <BoxPlace id={o.routing.distBoxId} />
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.appointmentAt')}>
        <span data-testid="order-appointment">{fmtTime(o.appointmentAt)}</span>
      </Descriptions.Item>
      {o.aboutOrderId != null && (
        <Descriptions.Item label={t('orders.field.aboutOrder')}>
          <Link to={`/orders/${o.aboutOrderId}`}>#{o.aboutOrderId}</Link>
        </Descriptions.Item>
      )}
      {o.externalRef && <Descriptions.Item label={t('orders.field.externalRef')}>{o.externalRef}</Descriptions.Item>}
      {details.length > 0 && (
        <Descriptions.Item label={t('orders.field.details')}>
          {details.map(([k, v]) => (
            <div key={k}>
              <Typography.Text type="secondary">{k}:</Typography.Text> {typeof v === 'string' ? v : JSON.stringify(v)}
            </div>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('orders.field.cause')}>
        <span data-testid="order-cause">{o.cause ? t(`orders.cause.${o.cause}`) : '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.resolution')}>
        <span data-testid="order-resolution">{o.resolution || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.pairNo')}>{o.pairNo ?? '—'}</Descriptions.Item>
      {(o.feeFen > 0 || o.lateFeeFen > 0) && (
        <Descriptions.Item label={t('orders.field.fee')}>
          {yuan(o.feeFen)}
          {o.lateFeeFen > 0 && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('orders.field.lateFee')}: {yuan(o.lateFeeFen)}
            </Tag>
          )}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('orders.field.satisfaction')}>
        <span data-testid="order-satisfaction">{o.satisfaction ?? '—'}</span>
        {o.solved != null && (
          <Tag color={o.solved ? 'green' : 'red'} style={{ marginInlineStart: 8 }} data-testid="order-solved">
            {o.solved ? t('orders.page.solved') : t('orders.page.unsolved')}
          </Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.createdBy')}>
        <StaffName id={o.createdBy} /> · {fmtTime(o.createdAt)}
      </Descriptions.Item>
      <Descriptions.Item label={t('orders.field.acceptedAt')}>{fmtTime(o.acceptedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('orders.field.resolvedAt')}>{fmtTime(o.resolvedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('orders.field.closedAt')}>{fmtTime(o.closedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('common.updatedAt')}>
        {fmtTime(o.updatedAt)} · {t('common.version')} {o.version}
      </Descriptions.Item>
    </Descriptions>
  );
}

const RISK_STATUS = { ok: 'normal', at_risk: 'active', breached: 'exception' } as const;

function ClockCard({ name, clock, now, testId, stoppedAt }: { name: string; clock: DeadlineClock; now: number; testId: string; stoppedAt: string | null }) {
  const { t } = useTranslation();
  const risk = stoppedAt && clock.dueAt ? (Date.parse(stoppedAt) <= Date.parse(clock.dueAt) ? 'ok' : 'breached') : riskNow(clock, now);
  return (
    <div data-testid={testId} data-risk={risk} style={{ marginBottom: 16 }}>
      <Typography.Text strong>{name}</Typography.Text>
      {clock.dueAt ? (
        <>
          <div style={{ margin: '4px 0' }}>
            <Typography.Text type="secondary">{t('orders.clock.due')}: </Typography.Text>
            <span data-testid={`${testId}-due`}>{fmtTime(clock.dueAt)}</span>
          </div>
          <Countdown clock={clock} now={now} testId={`${testId}-countdown`} stoppedAt={stoppedAt} />
          <Progress
            percent={Math.min(100, Math.round(clock.fraction * 100))}
            status={RISK_STATUS[risk]}
            strokeColor={risk === 'at_risk' ? '#fa8c16' : undefined}
            size="small"
            format={() => t('orders.clock.used', { used: clock.usedMinutes, allowed: clock.allowedMinutes })}
          />
        </>
      ) : (
        <div>
          <Typography.Text type="secondary">{t('orders.clock.noLimit')}</Typography.Text>
        </div>
      )}
    </div>
  );
}

function Clocks({ o }: { o: Order }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const done = ['resolved', 'confirmed', 'closed', 'cancelled'].includes(o.state);
  const stoppedAt = done ? (o.resolvedAt ?? o.closedAt ?? o.updatedAt) : null;
  return (
    <div data-testid="order-clocks">
      {stoppedAt && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('orders.clock.stopped', { at: fmtTime(stoppedAt) })} />}
      <ClockCard name={t('orders.clock.commitment')} clock={o.commitment} now={now} testId="clock-commitment" stoppedAt={stoppedAt} />
      <ClockCard name={t('orders.clock.legal')} clock={o.legal} now={now} testId="clock-legal" stoppedAt={stoppedAt} />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('orders.clock.note')}
      </Typography.Paragraph>
    </div>
  );
}

function eventLabel(t: TFunction, action: string) {
  return t(`orders.event.${action}`, { defaultValue: t(`orders.action.${action}`, { defaultValue: action }) });
}

/** An event's note in the reader's language where the server stored both (routing events). */
function useNote() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  return (e: OrderEvent) => {
    const d = e.detail ?? {};
    const text = zh ? d.explainZh : d.explainEn;
    return typeof text === 'string' && text ? text : e.note;
  };
}

const SHOWN_DETAIL = ['score', 'solved', 'cause', 'appointmentAt', 'waitFor'];

export function OrderTimeline({ events }: { events: OrderEvent[] }) {
  const { t } = useTranslation();
  const note = useNote();
  if (!events.length) return <Empty />;
  return (
    <Timeline
      data-testid="order-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.actorId == null ? 'gray' : 'blue',
        children: (
          <div data-testid="order-event" data-action={e.action} data-to={e.to}>
            <Space wrap size={6}>
              <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text>
              <strong data-testid="order-event-action">{eventLabel(t, e.action)}</strong>
              <span data-testid="order-event-actor">{e.actorId == null ? t('orders.page.system') : e.actorName}</span>
              {e.from !== e.to ? (
                <span>
                  <Tag>{t(`orders.state.${e.from}`)}</Tag>→<Tag style={{ marginInlineStart: 8 }}>{t(`orders.state.${e.to}`)}</Tag>
                </span>
              ) : (
                <Tag>{t(`orders.state.${e.to}`)}</Tag>
              )}
            </Space>
            {note(e) && <div data-testid="order-event-note">{note(e)}</div>}
            {e.lat != null && e.lng != null && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="order-event-coords">
                {t('orders.page.at')} {fmtCoord(e.lat, e.lng)}
              </Typography.Text>
            )}
            <EventDetail e={e} />
          </div>
        ),
      }))}
    />
  );
}

function EventDetail({ e }: { e: OrderEvent }) {
  const { t } = useTranslation();
  const d = e.detail ?? {};
  const parts = SHOWN_DETAIL.filter((k) => d[k] != null && d[k] !== '' && d[k] !== 0 && e.action !== 'create' && e.action !== 'queue').map((k) => {
    const v = d[k];
    let text: string;
    if (k === 'cause') text = t(`orders.cause.${String(v)}`, { defaultValue: String(v) });
    else if (k === 'solved') text = v ? t('common.yes') : t('common.no');
    else if (k === 'waitFor') text = t(`orders.waitFor.${String(v)}`, { defaultValue: String(v) });
    else if (k === 'appointmentAt') text = fmtTime(typeof v === 'number' ? new Date(v).toISOString() : String(v));
    else text = String(v);
    return (
      <Tag key={k} data-testid={`order-event-${k}`}>
        {t(`orders.detail.${k}`)}: {text}
      </Tag>
    );
  });
  if (!parts.length) return null;
  return <div style={{ marginTop: 4 }}>{parts}</div>;
}

function Pauses({ o }: { o: Order }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(p) => p.from}
      dataSource={o.pauses ?? []}
      pagination={false}
      data-testid="order-pauses"
      locale={{ emptyText: t('orders.page.noPauses') }}
      columns={[
        { title: t('orders.page.pauseFrom'), render: (_, p) => fmtTime(p.from) },
        { title: t('orders.page.pauseTo'), render: (_, p) => (p.to ? fmtTime(p.to) : <Tag color="orange">{t('orders.clock.paused')}</Tag>) },
        { title: t('orders.page.pauseReason'), render: (_, p) => t(`orders.pauseReason.${p.reason}`, { defaultValue: p.reason }) },
      ]}
    />
  );
}
