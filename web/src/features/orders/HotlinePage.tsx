// 受理 — the hotline form: a phone number shows at once who owns the line and who covers it today
// (the ownership panel) and the line's recent orders; the order is raised with one Idempotency-Key
// per form, so a double click or a retry creates one order, then its page shows where it went.
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Spin, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import type { Ownership } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { UnitSelect } from '../../components/UnitSelect';
import { problemText } from '../../components/problem';
import { OwnershipView } from '../plant/OwnershipPanel';
import { FormKey, createOrder, useOrders } from './api';
import { OrderLink, StateTag, TypeTag, fmtTime } from './common';
import type { Order, OrderCreate, OrderType } from './types';
import { ORDER_TYPES } from './types';

interface Values {
  number: string;
  type: OrderType;
  summary: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  communityId?: number | null;
}
const FIELDS = ['number', 'type', 'summary', 'contactName', 'contactPhone', 'address', 'communityId'];

/** Digits of a phone number as typed (spaces, dashes and brackets dropped). */
function digits(v: string | undefined): string {
  return (v ?? '').replace(/[\s\-()]/g, '');
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function HotlinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const key = useRef(new FormKey());
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const typed = digits(Form.useWatch('number', form));
  const phone = useDebounced(typed, 250);
  const lookup = phone.length >= 7 ? phone : '';

  const own = useQuery({
    queryKey: ['ownership', 'phone', lookup],
    queryFn: () => api.get<Ownership>('/ownership', { query: { phone: lookup } }),
    enabled: !!lookup,
    retry: false,
    staleTime: 30_000,
  });
  const unknown = !!lookup && own.error instanceof ApiError && own.error.status === 404;

  // The subscriber's name as the contact, unless the agent already typed one.
  useEffect(() => {
    if (own.data?.customer && !form.getFieldValue('contactName')) form.setFieldValue('contactName', own.data.customer.name);
  }, [own.data, form]);

  async function submit(v: Values) {
    const body: OrderCreate = { type: v.type, summary: v.summary.trim() };
    const number = digits(v.number);
    if (number) body.number = number;
    if (v.contactName?.trim()) body.contactName = v.contactName.trim();
    if (v.contactPhone?.trim()) body.contactPhone = digits(v.contactPhone);
    if (v.address?.trim()) body.address = v.address.trim();
    if (v.communityId) body.communityId = v.communityId;
    setBusy(true);
    setRefusal(null);
    try {
      // The key stays until the form changes: a second click that lands after this answer replays
      // the same order instead of raising another one.
      const o = await createOrder(body, key.current.for(body));
      void message.success(t('orders.hotline.created', { code: o.code }));
      navigate(`/orders/${o.id}`, { state: { created: true } });
    } catch (e) {
      // Field errors onto their fields (422 naming number / communityId when nothing owns the line).
      const errors = e instanceof ApiError ? (e.problem.errors ?? []) : [];
      const mine = errors.filter((x) => FIELDS.includes(x.field));
      if (mine.length) form.setFields(mine.map((x) => ({ name: x.field as keyof Values, errors: [x.reason] })));
      setRefusal(problemText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Row gutter={[16, 16]} data-testid="hotline-page">
      <Col xs={24} xl={10}>
        <Card title={t('orders.hotline.title')}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => void submit(v)}
            initialValues={{ number: params.get('phone') ?? '', type: 'fault' }}
            data-testid="hotline-form"
          >
            <Form.Item name="number" label={t('orders.field.number')} extra={t('plant.owner.phoneHint')}>
              <Input data-testid="hotline-number" inputMode="tel" allowClear autoFocus autoComplete="off" />
            </Form.Item>
            <Form.Item name="type" label={t('orders.field.type')} rules={[{ required: true, message: t('common.required') }]}>
              <Select data-testid="hotline-type" options={ORDER_TYPES.map((x) => ({ value: x, label: t(`orders.type.${x}`) }))} />
            </Form.Item>
            <Form.Item name="summary" label={t('orders.field.summary')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input.TextArea data-testid="hotline-summary" rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="contactName" label={t('orders.field.contactName')}>
                  <Input data-testid="hotline-contact-name" maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="contactPhone" label={t('orders.field.contactPhone')}>
                  <Input data-testid="hotline-contact-phone" inputMode="tel" maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="address" label={t('orders.field.address')}>
              <Input data-testid="hotline-address" maxLength={200} />
            </Form.Item>
            <Form.Item
              name="communityId"
              label={t('orders.field.community')}
              extra={unknown ? t('orders.hotline.needCommunity') : t('orders.hotline.communityHint')}
              validateStatus={unknown && !form.getFieldValue('communityId') ? 'warning' : undefined}
            >
              <UnitSelect data-testid="hotline-community" kind="community" allowClear />
            </Form.Item>
            {refusal && (
              <Alert data-testid="hotline-error" type="error" showIcon style={{ marginBottom: 12 }} message={refusal} />
            )}
            <Button type="primary" htmlType="submit" loading={busy} data-testid="hotline-submit" block>
              {t('orders.hotline.submit')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('orders.hotline.owner')} data-testid="hotline-owner">
            {!lookup ? (
              <Empty description={t('orders.hotline.typeNumber')} />
            ) : own.isPending ? (
              <Spin style={{ display: 'block', margin: 24 }} />
            ) : unknown ? (
              <Alert data-testid="hotline-unknown" type="warning" showIcon message={t('orders.hotline.unknown')} description={t('orders.hotline.needCommunity')} />
            ) : own.error ? (
              <ErrorView error={own.error} onRetry={() => void own.refetch()} />
            ) : (
              <OwnershipView o={own.data} />
            )}
          </Card>
          <Card title={t('orders.hotline.recent')} data-testid="hotline-recent">
            <RecentOrders serviceId={own.data?.service?.id ?? null} />
          </Card>
        </Space>
      </Col>
    </Row>
  );
}

/** The last orders of a line (serviceId) or of a subscriber (customerId), newest first. */
export function RecentOrders({ serviceId, customerId, limit = 10 }: { serviceId?: number | null; customerId?: number | null; limit?: number }) {
  const { t } = useTranslation();
  const has = serviceId != null || customerId != null;
  const list = useOrders(
    { serviceId: serviceId ?? undefined, customerId: customerId ?? undefined, limit, sort: '-createdAt' },
    { enabled: has },
  );
  if (!has) return <Typography.Text type="secondary">{t('orders.hotline.noLine')}</Typography.Text>;
  return (
    <Table<Order>
      size="small"
      rowKey="id"
      data-testid="recent-orders"
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: t('orders.hotline.noRecent') }}
      onRow={(o) => ({ 'data-testid': `recent-${o.id}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('orders.field.code'), render: (_, o) => <OrderLink o={o} /> },
        { title: t('orders.field.type'), render: (_, o) => <TypeTag type={o.type} /> },
        { title: t('orders.field.state'), render: (_, o) => <StateTag state={o.state} /> },
        { title: t('orders.field.summary'), dataIndex: 'summary', ellipsis: true },
        { title: t('orders.field.createdAt'), render: (_, o) => fmtTime(o.createdAt) },
      ]}
    />
  );
}

/**
 * A subscriber's work orders, for the subscriber page (features/plant/CustomerPage.tsx) to show as
 * a tab: { key: 'orders', label: t('orders.customer.orders'), children: <CustomerOrders id={c.id} /> }.
 */
export function CustomerOrders({ id }: { id: number }) {
  return <RecentOrders customerId={id} limit={20} />;
}
