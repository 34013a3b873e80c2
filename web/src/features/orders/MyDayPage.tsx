// 我的工单 — the area manager's day on the phone: open orders assigned to me, nearest deadline
// first, today's appointments, the countdown per order, where the box is, and the common next
// step (accept, depart, arrive, resolve …) one tap away.
import { Badge, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { CalendarOutlined, PhoneOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorView } from '../../components/ErrorView';
import { useOrders } from './api';
import { BoxPlace, Countdown, OrderActions, StateTag, TypeTag, fmtTime, primaryAction, useNow } from './common';
import type { Order, OrderAction } from './types';

/** The next step, and the other field actions a manager may want from the list (the rest on the page). */
function quickActions(o: Order): OrderAction[] {
  const first = primaryAction(o.actions);
  const extra: OrderAction[] = ['book', 'wait'].filter((a) => a !== first && o.actions.includes(a as OrderAction)) as OrderAction[];
  return first ? [first, ...extra] : extra;
}

export function MyDayPage() {
  const { t } = useTranslation();
  const now = useNow(1000);
  const list = useOrders({ mine: true, state: 'open', sort: 'dueAt', limit: 200 }, { live: true });
  if (list.isPending) return <Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />;
  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  const orders = list.data.items;
  const today = dayjs();
  const appointments = orders
    .filter((o) => o.appointmentAt && dayjs(o.appointmentAt).isSame(today, 'day'))
    .sort((a, b) => Date.parse(a.appointmentAt!) - Date.parse(b.appointmentAt!));
  return (
    <div data-testid="my-day" style={{ maxWidth: 720, margin: '0 auto' }}>
      <Space align="baseline" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('orders.my.title')}
        </Typography.Title>
        <Badge count={orders.length} showZero color="#1456b8" data-testid="my-count" />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('orders.my.subtitle')}
      </Typography.Paragraph>
      <Card size="small" title={<><CalendarOutlined /> {t('orders.my.appointments')}</>} style={{ marginBottom: 12 }} data-testid="my-appointments">
        {appointments.length === 0 ? (
          <Typography.Text type="secondary">{t('orders.my.noAppointments')}</Typography.Text>
        ) : (
          appointments.map((o) => (
            <div key={o.id} data-testid={`my-appointment-${o.id}`}>
              <strong>{dayjs(o.appointmentAt).format('HH:mm')}</strong> · <Link to={`/orders/${o.id}`}>{o.code}</Link> · {o.summary}
            </div>
          ))
        )}
      </Card>
      {orders.length === 0 ? (
        <Empty description={t('orders.my.none')} data-testid="my-empty" />
      ) : (
        <List
          dataSource={orders}
          rowKey="id"
          split={false}
          renderItem={(o) => (
            <List.Item style={{ padding: '0 0 12px' }}>
              <Card size="small" style={{ width: '100%' }} data-testid={`my-order-${o.id}`} data-state={o.state} styles={{ body: { padding: 12 } }}>
                <Space direction="vertical" size={6} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <Link to={`/orders/${o.id}`} style={{ fontFamily: 'monospace', fontWeight: 600 }}>
                      {o.code}
                    </Link>
                    <TypeTag type={o.type} />
                    <StateTag state={o.state} />
                    {o.repeatOf != null && <Tag color="red">{t('orders.field.repeatOf')}</Tag>}
                  </Space>
                  <Typography.Text strong>{o.summary}</Typography.Text>
                  <Countdown clock={o.commitment} now={now} testId={`my-countdown-${o.id}`} />
                  {o.appointmentAt && (
                    <Typography.Text>
                      <CalendarOutlined /> {fmtTime(o.appointmentAt)}
                    </Typography.Text>
                  )}
                  <BoxPlace id={o.routing.distBoxId} compact />
                  {(o.contactName || o.contactPhone) && (
                    <Typography.Text type="secondary">
                      <PhoneOutlined /> {o.contactName} {o.contactPhone}
                    </Typography.Text>
                  )}
                  <OrderActions order={o} only={quickActions(o)} size="large" block />
                  <Link to={`/orders/${o.id}`} data-testid={`my-details-${o.id}`}>
                    {t('orders.my.details')} →
                  </Link>
                </Space>
              </Card>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
