// 回访 — the desk's callback queue: resolved orders waiting for the subscriber to be called back,
// oldest first, each with the callback form (score 1–5, solved yes/no, the subscriber's words).
import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorView } from '../../components/ErrorView';
import { StaffName } from '../../components/StaffSelect';
import { useOrders } from './api';
import { OrderActions, OrderLink, TypeTag, fmtTime } from './common';
import type { Order } from './types';

export function CallbackPage() {
  const { t } = useTranslation();
  const list = useOrders({ state: 'resolved', sort: 'createdAt', limit: 200 }, { live: true });
  return (
    <Card data-testid="callback-page" title={t('orders.callback.title')}>
      <Typography.Paragraph type="secondary">{t('orders.callback.subtitle')}</Typography.Paragraph>
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Order>
          data-testid="callback-table"
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('orders.callback.none') }}
          onRow={(o) => ({ 'data-testid': `callback-row-${o.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('orders.field.code'), width: 130, render: (_, o) => <OrderLink o={o} /> },
            { title: t('orders.field.type'), width: 100, render: (_, o) => <TypeTag type={o.type} /> },
            { title: t('orders.field.summary'), dataIndex: 'summary', ellipsis: true },
            { title: t('orders.field.resolution'), dataIndex: 'resolution', ellipsis: true },
            { title: t('orders.field.contactPhone'), width: 130, render: (_, o) => `${o.contactName} ${o.contactPhone}` },
            { title: t('orders.board.assignee'), width: 140, render: (_, o) => <StaffName id={o.routing.assigneeId} /> },
            { title: t('orders.callback.resolvedAt'), width: 140, render: (_, o) => fmtTime(o.resolvedAt) },
            { title: t('common.actions'), width: 120, render: (_, o) => <OrderActions order={o} only={['callback']} size="small" /> },
          ]}
        />
      )}
    </Card>
  );
}
