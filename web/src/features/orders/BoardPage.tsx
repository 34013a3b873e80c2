// 调度看板 — the community and office heads' board: open orders in scope, nearest deadline first,
// filtered by state, type, community, deadline and escalation; the community's queue; reassign from the
// board. Live through useOrders: the WebSocket feed (live.tsx) refreshes it as orders change.
import { Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { StaffName } from '../../components/StaffSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { ErrorView } from '../../components/ErrorView';
import { useOrders } from './api';
import { useLiveStatus } from './live';
import { Countdown, OrderActions, OrderLink, StateTag, TypeTag, fmtTime, useNow } from './common';
import { UnitName } from './OrderPage';
import type { Order, OrderFilter, OrderState, OrderType } from './types';
import { OPEN_STATES, ORDER_TYPES } from './types';

/** Deadline windows of the risk filter, in minutes from now (0: already overdue). */
const WINDOWS = { overdue: 0, within2h: 120, within8h: 480, within24h: 1440 } as const;
type Window = keyof typeof WINDOWS;

export function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'queue' ? 'queue' : 'open';
  const [states, setStates] = useState<OrderState[]>([]);
  const [type, setType] = useState<OrderType | undefined>();
  const [win, setWin] = useState<Window | undefined>();
  const [escalation, setEscalation] = useState<OrderFilter['escalation']>();
  const [communityId, setCommunityId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const now = useNow(1000);
  // The risk window moves with the clock, a minute at a time (so the query key does not churn).
  const minute = Math.floor(now / 60_000) * 60_000;
  const filter: OrderFilter = {
    state: states.length ? states.join(',') : 'open',
    type,
    queue: tab === 'queue' ? true : undefined,
    communityId: communityId ?? undefined,
    dueBefore: win ? new Date(minute + WINDOWS[win] * 60_000).toISOString() : undefined,
    escalation,
    sort: 'dueAt',
    offset: (page - 1) * pageSize,
    limit: pageSize,
  };
  const list = useOrders(filter, { live: true });
  const live = useLiveStatus();

  return (
    <Card
      data-testid="board-page"
      title={t('orders.board.title')}
      extra={
        <Space size={6}>
          <SyncOutlined spin={list.isFetching} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="board-updated">
            {live === 'live' ? t('orders.board.live') : t(`orders.live.${live}`)} · {t('orders.board.updated', { time: dayjs(list.dataUpdatedAt || now).format('HH:mm:ss') })}
          </Typography.Text>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          data-testid="board-tab"
          value={tab}
          onChange={(v) => {
            setPage(1);
            setParams(v === 'queue' ? { tab: 'queue' } : {}, { replace: true });
          }}
          options={[
            { value: 'open', label: <span data-testid="board-tab-open">{t('orders.board.open')}</span> },
            { value: 'queue', label: <span data-testid="board-tab-queue">{t('orders.board.queue')}</span> },
          ]}
        />
        <Select
          data-testid="board-state"
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('orders.board.state')}
          value={states}
          onChange={(v) => {
            setStates(v);
            setPage(1);
          }}
          options={OPEN_STATES.map((s) => ({ value: s, label: t(`orders.state.${s}`) }))}
        />
        <Select
          data-testid="board-type"
          allowClear
          style={{ minWidth: 150 }}
          placeholder={t('orders.board.type')}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          options={ORDER_TYPES.map((x) => ({ value: x, label: t(`orders.type.${x}`) }))}
        />
        <Select
          data-testid="board-risk"
          allowClear
          style={{ minWidth: 170 }}
          placeholder={t('orders.board.anyRisk')}
          value={win}
          onChange={(v) => {
            setWin(v);
            setPage(1);
          }}
          options={(Object.keys(WINDOWS) as Window[]).map((w) => ({ value: w, label: t(`orders.board.${w}`) }))}
        />
        <Select
          data-testid="board-escalation"
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('orders.board.anyEscalation')}
          value={escalation}
          onChange={(v) => {
            setEscalation(v);
            setPage(1);
          }}
          options={[
            { value: 'community_head', label: t('orders.board.escalatedCommunity') },
            { value: 'office_head', label: t('orders.board.escalatedOffice') },
          ]}
        />
        <div style={{ minWidth: 240 }}>
          <UnitSelect
            data-testid="board-community"
            kind="community"
            allowClear
            placeholder={t('orders.field.community')}
            value={communityId}
            onChange={(v) => {
              setCommunityId(v);
              setPage(1);
            }}
          />
        </div>
      </Space>
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Order>
          data-testid="board-table"
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1100 }}
          onRow={(o) => ({ 'data-testid': `board-row-${o.id}`, 'data-state': o.state }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (n) => t('common.total', { count: n }),
          }}
          columns={[
            { title: t('orders.field.code'), width: 130, render: (_, o) => <OrderLink o={o} /> },
            { title: t('orders.field.type'), width: 110, render: (_, o) => <TypeTag type={o.type} /> },
            { title: t('orders.field.state'), width: 110, render: (_, o) => <StateTag state={o.state} /> },
            { title: t('orders.field.summary'), dataIndex: 'summary', ellipsis: true },
            {
              title: t('orders.board.due'),
              width: 230,
              render: (_, o) => (
                <Space direction="vertical" size={2}>
                  <Countdown clock={o.commitment} now={now} testId={`board-countdown-${o.id}`} />
                  {o.escalation !== 'none' && (
                    <Tag color="volcano" data-testid={`board-escalation-${o.id}`} data-escalation={o.escalation}>
                      {t(`orders.escalation.${o.escalation}`)}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('orders.clock.legal'),
              width: 120,
              render: (_, o) => (o.legal.dueAt ? fmtTime(o.legal.dueAt) : '—'),
            },
            {
              title: t('orders.board.assignee'),
              width: 150,
              render: (_, o) =>
                o.routing.assigneeId != null ? (
                  <StaffName id={o.routing.assigneeId} />
                ) : (
                  <Tag color="gold">{t('orders.page.inQueue')}</Tag>
                ),
            },
            { title: t('orders.field.community'), width: 160, render: (_, o) => <UnitName id={o.routing.communityId} /> },
            {
              title: t('common.actions'),
              width: 200,
              render: (_, o) => <OrderActions order={o} only={['assign', 'reassign', 'close']} size="small" />,
            },
          ]}
        />
      )}
    </Card>
  );
}
