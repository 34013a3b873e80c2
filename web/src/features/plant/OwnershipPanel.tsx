// The hotline agent's main tool: for a line, at once — the area, its manager and backup with
// phones, who covers today and why, the distribution box and pair, the cross-connect box.
// OwnershipView is embedded in the subscriber page; OwnerPage is /owner?phone=|account=|box=.
import { Alert, Card, Descriptions, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Ownership, StaffBrief } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtDate } from '../../components/format';
import { isStatus } from '../../components/problem';

function Person({ s, testId }: { s: StaffBrief | null | undefined; testId: string }) {
  const { t } = useTranslation();
  if (!s) return <span data-testid={testId}>—</span>;
  return (
    <Space size={6} wrap data-testid={testId} data-staff-id={s.id}>
      <Link to={`/staff/${s.id}`} data-testid={`${testId}-name`} style={{ fontWeight: 600 }}>
        {s.name}
      </Link>
      {s.phone && (
        <a href={`tel:${s.phone}`} data-testid={`${testId}-phone`}>
          <PhoneOutlined /> {s.phone}
        </a>
      )}
      {s.absentUntil && <Tag color="orange">{t('plant.owner.absent', { date: fmtDate(s.absentUntil) })}</Tag>}
    </Space>
  );
}

export function OwnershipView({ o, showSubscriber = true }: { o: Ownership; showSubscriber?: boolean }) {
  const { t } = useTranslation();
  const a = o.area;
  const cover = a.cover;
  const coverType = cover?.reason === 'uncovered' ? 'error' : cover?.reason === 'backup' ? 'warning' : 'success';
  const community = (a.path ?? []).find((p) => p.kind === 'community');
  const pairNo = o.service?.pairNo ?? null;
  return (
    <div data-testid="owner-panel" data-area-id={a.id}>
      {cover && (
        <Alert
          data-testid="owner-cover"
          data-reason={cover.reason}
          type={coverType}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <Space wrap size={6}>
              <strong>{t('plant.owner.coverToday')}:</strong>
              {cover.staff ? <Person s={cover.staff} testId="owner-cover-staff" /> : null}
              <Tag>{t(`org.coverReason.${cover.reason}`, { defaultValue: cover.reason })}</Tag>
              {cover.until && <span>{t('org.until', { date: fmtDate(cover.until) })}</span>}
            </Space>
          }
          description={<span data-testid="owner-cover-explanation">{cover.explanation}</span>}
        />
      )}
      <Descriptions size="small" bordered column={1} labelStyle={{ width: 150 }}>
        <Descriptions.Item label={t('plant.owner.area')}>
          <Space wrap size={6} data-testid="owner-area">
            <Link to={`/org/units/${a.id}`}>{a.name}</Link>
            <Typography.Text type="secondary">{a.code}</Typography.Text>
            {community && (
              <Typography.Text type="secondary">
                · <Link to={`/org/units/${community.id}`}>{community.name}</Link>
              </Typography.Text>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('plant.owner.responsible')}>
          <Person s={a.responsible} testId="owner-responsible" />
        </Descriptions.Item>
        <Descriptions.Item label={t('plant.owner.backup')}>
          <Person s={a.backup} testId="owner-backup" />
        </Descriptions.Item>
        <Descriptions.Item label={t('plant.owner.distBox')}>
          {o.distBox ? (
            <Space wrap size={6} data-testid="owner-box">
              <Link to={`/boxes/${o.distBox.id}${pairNo ? `?pair=${pairNo}` : ''}`} data-testid="owner-box-link">
                {o.distBox.code}
              </Link>
              {pairNo != null && (
                <Tag color="blue" data-testid="owner-pair">
                  {t('plant.owner.pairNo', { n: pairNo })}
                </Tag>
              )}
              <Typography.Text type="secondary">{o.distBox.address}</Typography.Text>
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('plant.owner.crossBox')}>
          {o.crossBox ? (
            <Space wrap size={6} data-testid="owner-crossbox">
              <span>{o.crossBox.code}</span>
              <Typography.Text type="secondary">
                {o.crossBox.name} · {o.crossBox.address}
              </Typography.Text>
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {showSubscriber && o.customer && (
          <Descriptions.Item label={t('plant.owner.subscriber')}>
            <Space wrap size={6} data-testid="owner-customer">
              <Link to={`/customers/${o.customer.id}`} data-testid="owner-customer-link">
                {o.customer.name}
              </Link>
              <Typography.Text type="secondary">{o.customer.code}</Typography.Text>
              {o.service && (
                <Tag>
                  {t(`plant.service.kinds.${o.service.kind}`, { defaultValue: o.service.kind })} {o.service.number}
                </Tag>
              )}
            </Space>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('plant.owner.why')}>
          <Typography.Text data-testid="owner-explanation">{o.explanation}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

const KEYS = ['phone', 'account', 'box', 'customerId'] as const;

export function OwnerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const key = KEYS.find((k) => params.get(k)) ?? 'phone';
  const value = params.get(key) ?? '';
  const q = useQuery({
    queryKey: ['ownership', key, value],
    queryFn: () => api.get<Ownership>('/ownership', { query: { [key]: value } }),
    enabled: !!value,
    retry: false,
  });
  return (
    <Card title={t('plant.owner.title')} data-testid="owner-page">
      <div data-testid="owner-lookup" style={{ marginBottom: 16, maxWidth: 420 }}>
        <Input.Search
          key={value}
          defaultValue={key === 'phone' ? value : ''}
          placeholder={t('plant.owner.phone')}
          enterButton={t('plant.owner.lookup')}
          allowClear
          onSearch={(v) => {
            const p = v.replace(/[\s-]/g, '');
            setParams(p ? { phone: p } : {}, { replace: false });
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('plant.owner.phoneHint')}
        </Typography.Text>
      </div>
      {!value ? (
        <Empty description={t('plant.search.hint')} />
      ) : q.isPending ? (
        <Spin style={{ display: 'block', margin: 32 }} />
      ) : q.error ? (
        isStatus(q.error, 404) ? (
          <Alert data-testid="owner-not-found" type="warning" showIcon message={t('plant.owner.notFound')} description={value} />
        ) : (
          <ErrorView error={q.error} onRetry={() => void q.refetch()} />
        )
      ) : (
        <OwnershipView o={q.data} />
      )}
    </Card>
  );
}
