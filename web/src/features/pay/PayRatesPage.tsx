// 计件单价表 — the pay rate table: every version (never edited; a change is a new version in force
// from its month), the chosen version's rates per work type and urban/rural, the quality multipliers,
// deductions and the sales commission. Administrators add a version, prefilled from the newest,
// sent with If-Match (the newest version's number); the server's field errors land on the fields, a
// stale save (someone added a version meanwhile) or a closed month says so.
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useMe } from '../../api/hooks';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { useFormat } from '../../components/money';
import { problemText } from '../../components/problem';
import { ORDER_TYPES } from '../orders/types';
import { payKey, usePayRates } from './api';
import type { PayRateVersion, PayRateVersionCreate, PayRatio } from './types';
import { MULTIPLIERS } from './types';

const ratio = (r: PayRatio | undefined) => (r ? `${r.num}/${r.den}` : '—');

export default function PayRatesPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const rates = usePayRates();
  const [chosen, setChosen] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  if (rates.error) return <ErrorView error={rates.error} onRetry={() => void rates.refetch()} />;
  const versions = rates.data ?? [];
  const newest = versions[0];
  const shown = versions.find((v) => v.version === chosen) ?? newest;
  const admin = me.role === 'administrator';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="pay-rates-page" data-newest={newest?.version ?? 0}>
      <Card
        title={t('pay.rates.title')}
        extra={
          admin &&
          !editing && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)} data-testid="rates-new">
              {t('pay.rates.new')}
            </Button>
          )
        }
      >
        <Table<PayRateVersion>
          data-testid="rates-versions"
          size="small"
          rowKey="version"
          loading={rates.isPending}
          dataSource={versions}
          pagination={false}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: shown ? [shown.version] : [],
            onChange: (keys) => setChosen(Number(keys[0])),
          }}
          onRow={(v) => ({ 'data-testid': `rates-version-${v.version}`, onClick: () => setChosen(v.version) }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('pay.rates.version'), dataIndex: 'version', width: 90, render: (v: number) => `v${v}` },
            { title: t('pay.rates.effectiveFrom'), dataIndex: 'effectiveFrom', width: 130 },
            { title: t('pay.rates.note'), dataIndex: 'note' },
            { title: t('pay.rates.createdBy'), dataIndex: 'createdByName', width: 160 },
            { title: t('pay.rates.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string | null) => (v ? fmtTime(v) : '—') },
          ]}
        />
        {!rates.isPending && !newest && <Alert type="info" showIcon message={t('pay.rates.none')} style={{ marginTop: 12 }} />}
      </Card>
      {editing && admin && <NewVersion newest={newest} onDone={() => setEditing(false)} onSaved={(v) => setChosen(v)} />}
      {shown && <VersionView v={shown} />}
    </Space>
  );
}

function VersionView({ v }: { v: PayRateVersion }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card title={t('pay.rates.shown', { version: v.version, month: v.effectiveFrom })} data-testid="rates-shown" data-version={v.version}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Table
            size="small"
            rowKey="type"
            pagination={false}
            dataSource={ORDER_TYPES.map((type) => ({ type, ...(v.ratesFen[type] ?? { urban: 0, rural: 0 }) }))}
            onRow={(r) => ({ 'data-testid': `rate-${r.type}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('pay.rates.type'), dataIndex: 'type', render: (x: string) => t(`orders.type.${x}`, { defaultValue: x }) },
              { title: t('pay.rates.urban'), dataIndex: 'urban', align: 'right', render: (f: number) => <span data-testid="urban">{fmt.fen(f)}</span> },
              { title: t('pay.rates.rural'), dataIndex: 'rural', align: 'right', render: (f: number) => <span data-testid="rural">{fmt.fen(f)}</span> },
            ]}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Descriptions size="small" column={1} bordered>
            {MULTIPLIERS.map((m) => (
              <Descriptions.Item key={m} label={t(`pay.rates.multiplier.${m}`)}>
                <span data-testid={`multiplier-${m}`}>× {ratio(v.multipliers[m])}</span>
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('pay.rates.complaintFen')}>
              <span data-testid="deduction-complaint">− {fmt.fen(v.deductions.complaintFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pay.rates.breachFen')}>
              <span data-testid="deduction-breach">− {fmt.fen(v.deductions.breachFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pay.rates.commission')}>
              <span data-testid="commission">{ratio(v.commission)}</span>
            </Descriptions.Item>
          </Descriptions>
        </Col>
      </Row>
    </Card>
  );
}

/** Yuan in the form (two decimals), fen on the wire. */
const toFen = (yuan: number | null | undefined) => Math.round(Number(yuan ?? 0) * 100);
const toYuan = (fen: number | undefined) => (fen ?? 0) / 100;

interface FormValues {
  effectiveFrom: string;
  note?: string;
  ratesFen: Record<string, { urban: number; rural: number }>; // yuan while editing
  multipliers: Record<string, PayRatio>;
  deductions: { complaintFen: number; breachFen: number }; // yuan while editing
  commission: PayRatio;
}

function nextMonth(): string {
  const d = new Date(Date.now() + 8 * 3600e3);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 7);
}

function NewVersion({ newest, onDone, onSaved }: { newest: PayRateVersion | undefined; onDone: () => void; onSaved: (v: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const initial: FormValues = {
    effectiveFrom: nextMonth(),
    note: '',
    ratesFen: Object.fromEntries(
      ORDER_TYPES.map((type) => [type, { urban: toYuan(newest?.ratesFen[type]?.urban), rural: toYuan(newest?.ratesFen[type]?.rural) }]),
    ),
    multipliers: Object.fromEntries(MULTIPLIERS.map((m) => [m, newest?.multipliers[m] ?? { num: 1, den: 1 }])),
    deductions: { complaintFen: toYuan(newest?.deductions.complaintFen), breachFen: toYuan(newest?.deductions.breachFen) },
    commission: newest?.commission ?? { num: 0, den: 1 },
  };

  async function submit(v: FormValues) {
    setBusy(true);
    setProblem(null);
    const body: PayRateVersionCreate = {
      effectiveFrom: v.effectiveFrom.trim(),
      note: v.note ?? '',
      ratesFen: Object.fromEntries(ORDER_TYPES.map((type) => [type, { urban: toFen(v.ratesFen[type].urban), rural: toFen(v.ratesFen[type].rural) }])),
      multipliers: v.multipliers,
      deductions: { complaintFen: toFen(v.deductions.complaintFen), breachFen: toFen(v.deductions.breachFen) },
      commission: v.commission,
    };
    try {
      const saved = await api.post<PayRateVersion>('/pay-rates', body, { version: newest?.version ?? 0 });
      void message.success(t('pay.rates.saved', { version: saved.version }));
      await qc.invalidateQueries({ queryKey: [...payKey, 'rates'] });
      onSaved(saved.version);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await qc.invalidateQueries({ queryKey: [...payKey, 'rates'] });
      // Field errors onto their fields: the server names them by the body's paths (ratesFen.fault.urban,
      // multipliers.satisfied, commission …); a ratio's error goes under its numerator.
      const errors = e instanceof ApiError ? (e.problem.errors ?? []) : [];
      const placed = errors.map((err) => {
        const path = err.field.split('.');
        const isRatio = (path[0] === 'multipliers' && path.length === 2) || (path[0] === 'commission' && path.length === 1);
        return { name: isRatio ? [...path, 'num'] : path, errors: [err.reason] };
      });
      if (placed.length) form.setFields(placed as Parameters<typeof form.setFields>[0]);
      setProblem(problemText(e, t));
    } finally {
      setBusy(false);
    }
  }

  const yuan = (name: (string | number)[], testId: string) => (
    <Form.Item name={name} style={{ marginBottom: 8 }} rules={[{ required: true, message: t('common.required') }]}>
      <InputNumber data-testid={testId} precision={2} step={1} style={{ width: '100%' }} addonBefore="¥" />
    </Form.Item>
  );
  const ratioItem = (name: string[], testId: string) => (
    <Space.Compact style={{ width: '100%' }}>
      <Form.Item name={[...name, 'num']} noStyle={false} style={{ marginBottom: 8, flex: 1 }}>
        <InputNumber data-testid={`${testId}-num`} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Input disabled value="/" style={{ width: 32, textAlign: 'center', pointerEvents: 'none' }} />
      <Form.Item name={[...name, 'den']} style={{ marginBottom: 8, flex: 1 }}>
        <InputNumber data-testid={`${testId}-den`} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Space.Compact>
  );

  return (
    <Card title={t('pay.rates.newTitle', { version: (newest?.version ?? 0) + 1 })} data-testid="rates-form">
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="rates-problem" />}
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="effectiveFrom"
              label={t('pay.rates.effectiveFrom')}
              extra={t('pay.rates.effectiveHint')}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}$/, message: t('pay.rates.monthFormat') }]}
            >
              <Input data-testid="rates-effective" placeholder="YYYY-MM" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="note" label={t('pay.rates.note')}>
              <Input data-testid="rates-note" maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('pay.rates.perPiece')}</Typography.Title>
            <Row gutter={8} style={{ fontWeight: 500, marginBottom: 4 }}>
              <Col span={8}>{t('pay.rates.type')}</Col>
              <Col span={8}>{t('pay.rates.urban')}</Col>
              <Col span={8}>{t('pay.rates.rural')}</Col>
            </Row>
            {ORDER_TYPES.map((type) => (
              <Row gutter={8} key={type}>
                <Col span={8} style={{ paddingTop: 4 }}>
                  <Tag>{t(`orders.type.${type}`, { defaultValue: type })}</Tag>
                </Col>
                <Col span={8}>{yuan(['ratesFen', type, 'urban'], `rates-${type}-urban`)}</Col>
                <Col span={8}>{yuan(['ratesFen', type, 'rural'], `rates-${type}-rural`)}</Col>
              </Row>
            ))}
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('pay.rates.quality')}</Typography.Title>
            {MULTIPLIERS.map((m) => (
              <Form.Item key={m} label={`${t(`pay.rates.multiplier.${m}`)} (×)`} style={{ marginBottom: 0 }}>
                {ratioItem(['multipliers', m], `rates-multiplier-${m}`)}
              </Form.Item>
            ))}
            <Form.Item label={t('pay.rates.complaintFen')} style={{ marginBottom: 0 }}>
              {yuan(['deductions', 'complaintFen'], 'rates-deduction-complaint')}
            </Form.Item>
            <Form.Item label={t('pay.rates.breachFen')} style={{ marginBottom: 0 }}>
              {yuan(['deductions', 'breachFen'], 'rates-deduction-breach')}
            </Form.Item>
            <Form.Item label={t('pay.rates.commission')} extra={t('pay.rates.commissionHint')} style={{ marginBottom: 0 }}>
              {ratioItem(['commission'], 'rates-commission')}
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="rates-submit">
            {t('pay.rates.save')}
          </Button>
          <Button onClick={onDone} data-testid="rates-cancel">
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
