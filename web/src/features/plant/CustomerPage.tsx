// A subscriber (/customers/:id): identity with masked personal data (reveal with a reason, which
// the server logs), structured address, services, manager and cover, care flags and contacts
// (when the server sends them), and for audit.read who has seen the unmasked record.
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useCan, useMe } from '../../api/hooks';
import type { CareFlag, Contact, Customer, CustomerExtras, DistBox, PiiField, PiiView, Service } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtDate, fmtTime } from '../../components/format';
import { showProblem } from '../../components/problem';
import { useFormat } from './common';
import { OwnershipView } from './OwnershipPanel';
import { CustomerOrders } from '../orders/HotlinePage';

const PII: PiiField[] = ['phones', 'idNumber', 'address'];

interface Reveal {
  fields: PiiField[];
  reason: string;
}

export function CustomerPage() {
  const { id: raw } = useParams();
  const id = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  const { t } = useTranslation();
  const me = useMe().data;
  const canAudit = useCan('audit.read');
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [askOpen, setAskOpen] = useState(false);
  const q = useQuery({
    queryKey: ['customer', id, reveal?.fields.join(','), reveal?.reason],
    queryFn: () =>
      api.get<Customer & CustomerExtras>(`/customers/${id}`, {
        query: reveal ? { reveal: reveal.fields.join(','), reason: reveal.reason } : undefined,
      }),
    enabled: id != null,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
    retry: false,
  });

  if (id == null) return <ErrorView error={{ status: 404 }} />;
  if (q.isPending) return <Spin size="large" style={{ display: 'block', margin: 48 }} />;
  if (q.error && !q.data) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data!;
  const masked = PII.filter((f) => !(c.unmasked ?? []).includes(f));
  // Auditors see masked data only; everyone else may reveal with a reason (docs/plant.md).
  const canReveal = !!me?.permissions.includes('pii.reveal') && masked.length > 0;
  const showBtn = (field: PiiField) =>
    canReveal && masked.includes(field) ? (
      <Button
        size="small"
        type="link"
        icon={<EyeOutlined />}
        onClick={() => setAskOpen(true)}
        data-testid={`reveal-${field}`}
        style={{ paddingInline: 4 }}
      >
        {t('plant.customer.show')}
      </Button>
    ) : null;
  const maskTag = (field: PiiField) =>
    masked.includes(field) ? (
      <Tag icon={<LockOutlined />} data-testid={`masked-${field}`} style={{ marginInlineStart: 4 }}>
        {t('plant.customer.masked')}
      </Tag>
    ) : null;
  const a = c.address;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="customer-page" data-customer-id={c.id}>
      <Row gutter={16}>
        <Col xs={24} xl={13}>
          <Card
            title={
              <Space wrap>
                <span data-testid="customer-name">{c.name}</span>
                <Typography.Text type="secondary" data-testid="customer-code">
                  {c.code}
                </Typography.Text>
                <Tag color={c.kind === 'business' ? 'purple' : 'blue'}>
                  {t(`plant.customer.kinds.${c.kind}`, { defaultValue: c.kind })}
                </Tag>
              </Space>
            }
            style={{ height: '100%' }}
          >
            {reveal && q.data && (
              <Alert
                type="warning"
                showIcon
                icon={<EyeOutlined />}
                style={{ marginBottom: 12 }}
                data-testid="revealed-note"
                message={t('plant.customer.revealed', {
                  fields: (c.unmasked ?? []).map((f) => t(`plant.customer.fields.${f}`)).join(', '),
                })}
                description={`${t('plant.customer.revealReason')}: ${reveal.reason}`}
              />
            )}
            {masked.length > 0 && !reveal && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                <LockOutlined /> {t('plant.customer.maskedNote')}
              </Typography.Paragraph>
            )}
            <Descriptions size="small" bordered column={1} labelStyle={{ width: 130 }} data-testid="customer-details">
              <Descriptions.Item label={t('plant.customer.phones')}>
                <span data-testid="customer-phones">{(c.phones ?? []).join(', ') || '—'}</span>
                {maskTag('phones')}
                {showBtn('phones')}
              </Descriptions.Item>
              <Descriptions.Item label={t('plant.customer.idNumber')}>
                <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
                  {t(`plant.customer.idTypes.${c.idType}`, { defaultValue: c.idType })}
                </Typography.Text>
                <span data-testid="customer-id-number" style={{ fontFamily: 'monospace' }}>
                  {c.idNumber || '—'}
                </span>
                {maskTag('idNumber')}
                {showBtn('idNumber')}
              </Descriptions.Item>
              <Descriptions.Item label={t('plant.customer.address')}>
                <div data-testid="customer-address">
                  <Descriptions size="small" column={{ xs: 1, sm: 3 }} colon>
                    <Descriptions.Item label={t('plant.customer.district')}>{a.district || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('plant.customer.street')}>{a.street || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('plant.customer.community')}>{a.community || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('plant.customer.building')}>{a.building || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('plant.customer.unit')}>{a.unit || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('plant.customer.room')}>{a.room || '—'}</Descriptions.Item>
                  </Descriptions>
                  {maskTag('address')}
                  {showBtn('address')}
                </div>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card title={t('plant.customer.owner')} style={{ height: '100%' }}>
            {c.owner ? (
              <OwnershipView o={c.owner} showSubscriber={false} />
            ) : (
              <Empty description={t('plant.customer.noOwner')} data-testid="owner-none" />
            )}
          </Card>
        </Col>
      </Row>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          items={[
            { key: 'services', label: t('plant.customer.services'), children: <Services services={c.services ?? []} /> },
            { key: 'care', label: t('plant.customer.care'), children: <CareAndContacts c={c} /> },
            { key: 'orders', label: <span data-testid="tab-orders">{t('orders.customer.orders')}</span>, children: <CustomerOrders id={c.id} /> },
            ...(canAudit
              ? [{ key: 'views', label: <span data-testid="tab-views">{t('plant.customer.views')}</span>, children: <Views id={c.id} /> }]
              : []),
          ]}
        />
      </Card>
      {askOpen && (
        <RevealDialog
          masked={masked}
          customerId={c.id}
          onClose={() => setAskOpen(false)}
          onReveal={(r) => {
            setReveal(r);
            setAskOpen(false);
          }}
        />
      )}
    </Space>
  );
}

function RevealDialog({
  masked,
  customerId,
  onClose,
  onReveal,
}: {
  masked: PiiField[];
  customerId: number;
  onClose: () => void;
  onReveal: (r: Reveal) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Reveal>();
  const [busy, setBusy] = useState(false);
  async function submit(v: Reveal) {
    setBusy(true);
    try {
      const reason = v.reason.trim();
      // Ask once here so a refusal shows on the form; the page then shows this answer from the cache.
      const data = await api.get<Customer>(`/customers/${customerId}`, { query: { reveal: v.fields.join(','), reason } });
      qc.setQueryData(['customer', customerId, v.fields.join(','), reason], data);
      void qc.invalidateQueries({ queryKey: ['customer-views', customerId] });
      onReveal({ fields: v.fields, reason });
    } catch (e) {
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('plant.customer.revealTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('plant.customer.show')}
      okButtonProps={{ 'data-testid': 'reveal-ok' } as Record<string, string>}
    >
      <Alert type="warning" showIcon message={t('plant.customer.revealLogged')} style={{ marginBottom: 16 }} data-testid="reveal-logged" />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ fields: masked, reason: '' }}>
        <Form.Item name="fields" label={t('plant.customer.revealWhat')} rules={[{ required: true, message: t('common.required') }]}>
          <Checkbox.Group options={masked.map((f) => ({ value: f, label: t(`plant.customer.fields.${f}`) }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('plant.customer.revealReason')}
          rules={[{ required: true, whitespace: true, max: 200, message: t('common.required') }]}
        >
          <Input.TextArea data-testid="reveal-reason" rows={2} maxLength={200} placeholder={t('plant.customer.revealReasonHint')} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Services({ services }: { services: Service[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const byId = new Map(services.map((s) => [s.id, s]));
  return (
    <Table<Service>
      data-testid="services-table"
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={services}
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ 'data-testid': `service-row-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('plant.service.kind'), dataIndex: 'kind', render: (v: string) => t(`plant.service.kinds.${v}`, { defaultValue: v }) },
        {
          title: t('plant.service.number'),
          dataIndex: 'number',
          render: (v: string, r) => (
            <Space size={4}>
              <span style={{ fontFamily: 'monospace' }}>{v}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.code}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('plant.service.status'),
          dataIndex: 'status',
          render: (v: string) => (
            <Tag color={v === 'active' ? 'green' : v === 'suspended' ? 'orange' : 'default'}>
              {t(`plant.service.statuses.${v}`, { defaultValue: v })}
            </Tag>
          ),
        },
        {
          title: t('plant.service.box'),
          key: 'box',
          render: (_: unknown, r) => {
            if (r.distBoxId != null)
              return (
                <Link to={`/boxes/${r.distBoxId}${r.pairNo != null ? `?pair=${r.pairNo}` : ''}`} data-testid={`service-box-${r.code}`}>
                  <BoxCode id={r.distBoxId} />
                  {r.pairNo != null ? ` · ${t('plant.owner.pairNo', { n: r.pairNo })}` : ''}
                </Link>
              );
            const parent = r.parentServiceId != null ? byId.get(r.parentServiceId) : undefined;
            return parent ? (
              <Typography.Text type="secondary">{t('plant.service.onParent', { number: parent.number })}</Typography.Text>
            ) : (
              '—'
            );
          },
        },
        {
          title: t('plant.service.speed'),
          dataIndex: 'speedMbps',
          align: 'right',
          render: (v: number) => (v ? t('plant.service.mbps', { n: f.num(v) }) : '—'),
        },
        { title: t('plant.service.fee'), dataIndex: 'monthlyFeeFen', align: 'right', render: (v: number) => f.yuan(v) },
        { title: t('plant.service.start'), dataIndex: 'startDate', render: (v: string | null) => fmtDate(v) },
      ]}
      summary={(rows) => {
        const total = rows.filter((r) => r.status === 'active').reduce((s, r) => s + (r.monthlyFeeFen ?? 0), 0);
        return rows.length > 1 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={5}>
              <Typography.Text type="secondary">{t('plant.occupancy.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <strong data-testid="services-fee-total">{f.yuan(total)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} />
          </Table.Summary.Row>
        ) : null;
      }}
    />
  );
}

/** A box's code from its id (cached; the services list carries the id only). */
export function BoxCode({ id }: { id: number }) {
  const q = useQuery({ queryKey: ['dist-box', id], queryFn: () => api.get<DistBox>(`/dist-boxes/${id}`), staleTime: 60_000, retry: false });
  return <>{q.data?.code ?? `#${id}`}</>;
}

function CareAndContacts({ c }: { c: Customer & CustomerExtras }) {
  const { t } = useTranslation();
  const recorded = c.careFlags !== undefined || c.contacts !== undefined;
  if (!recorded)
    return (
      <div data-testid="care-placeholder">
        <Alert type="info" showIcon message={t('plant.customer.notRecorded')} />
      </div>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="care-section">
      <Typography.Title level={5}>{t('plant.customer.careFlags')}</Typography.Title>
      {(c.careFlags ?? []).length ? (
        <Space wrap data-testid="care-flags">
          {(c.careFlags ?? []).map((fl: CareFlag, i) => (
            <Tag key={i} color="volcano" title={[fl.note, fl.setAt ? fmtDate(fl.setAt) : ''].filter(Boolean).join(' · ')}>
              {t(`plant.customer.careKinds.${fl.flag}`, { defaultValue: fl.flag })}
              {fl.note ? `: ${fl.note}` : ''}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('plant.customer.noCareFlags')}</Typography.Text>
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('plant.customer.contacts')}
      </Typography.Title>
      <Table<Contact>
        data-testid="contacts"
        size="small"
        rowKey={(r) => `${r.at}-${r.channel}`}
        dataSource={c.contacts ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('plant.customer.noContacts') }}
        columns={[
          { title: t('plant.customer.viewAt'), dataIndex: 'at', render: fmtTime, width: 150 },
          { title: t('plant.customer.viewBy'), dataIndex: 'staffName', render: (v: string | null, r) => v ?? (r.staffId ? `#${r.staffId}` : '—') },
          { title: t('plant.customer.channel'), dataIndex: 'channel', render: (v: string) => t(`plant.customer.channels.${v}`, { defaultValue: v }) },
          { title: t('plant.customer.outcome'), dataIndex: 'outcome' },
          { title: t('plant.customer.note'), dataIndex: 'note' },
        ]}
      />
    </Space>
  );
}

const VIEWS_PAGE = 20;

function Views({ id }: { id: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['customer-views', id, page],
    queryFn: () => api.list<PiiView>(`/customers/${id}/views`, { query: { offset: (page - 1) * VIEWS_PAGE, limit: VIEWS_PAGE } }),
    placeholderData: keepPreviousData,
  });
  if (q.error) return <ErrorView error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table<PiiView>
      data-testid="views-table"
      size="small"
      rowKey="id"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: t('plant.customer.noViews') }}
      pagination={{
        current: page,
        pageSize: VIEWS_PAGE,
        total: q.data?.total ?? 0,
        hideOnSinglePage: true,
        showSizeChanger: false,
        onChange: setPage,
      }}
      columns={[
        { title: t('plant.customer.viewAt'), dataIndex: 'at', render: fmtTime, width: 160 },
        {
          title: t('plant.customer.viewBy'),
          dataIndex: 'staffName',
          render: (v: string, r) => <Link to={`/staff/${r.staffId}`}>{v || `#${r.staffId}`}</Link>,
        },
        {
          title: t('plant.customer.viewFields'),
          dataIndex: 'fields',
          render: (v: string) => (
            <Space size={4} wrap>
              {(v || '')
                .split(',')
                .filter(Boolean)
                .map((f) => (
                  <Tag key={f}>{t(`plant.customer.fields.${f}`, { defaultValue: f })}</Tag>
                ))}
            </Space>
          ),
        },
        { title: t('plant.customer.viewReason'), dataIndex: 'reason' },
      ]}
    />
  );
}
