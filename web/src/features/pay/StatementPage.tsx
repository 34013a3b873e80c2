// 工资单 — a manager's statement for a run: one line per piece of work with its base rate, each
// multiplier or deduction and why, the amount; adjustment lines for closed months. Exportable.
import { Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { useFormat } from '../../components/money';
import { useStatement } from './api';
import { ExportButtons, RunStatus } from './common';
import type { PayLine, PayPart } from './types';

export default function StatementPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const params = useParams();
  const runId = Number(params.id);
  const managerId = Number(params.managerId);
  const st = useStatement(runId, managerId);
  if (st.isPending) return <Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />;
  if (st.error) return <ErrorView error={st.error} onRetry={() => void st.refetch()} />;
  const s = st.data;
  const zh = i18n.language.startsWith('zh');
  const why = (p: PayPart) => (zh ? p.whyZh : p.whyEn);
  const partText = (p: PayPart) =>
    p.ratio ? `× ${p.ratio.num}/${p.ratio.den}` : p.fen != null ? `${p.fen >= 0 && p.code !== 'rate' ? '+' : ''}${fmt.fen(p.fen)}` : '';

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="statement-page" data-manager={s.managerId}>
      <Card
        title={
          <Space>
            {t('pay.statement.title', { name: s.managerName, month: s.run.month })}
            <RunStatus run={s.run} />
          </Space>
        }
        extra={<ExportButtons runId={runId} managerId={managerId} />}
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('perf.manager')}>
            {s.managerName} ({s.username})
          </Descriptions.Item>
          <Descriptions.Item label={t('pay.field.unit')}>{s.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('pay.field.run')}>
            <Link to={`/pay/runs/${runId}`}>{s.run.month}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('pay.field.workFen')}>{fmt.fen(s.workFen)}</Descriptions.Item>
          <Descriptions.Item label={t('pay.field.adjustmentFen')}>{fmt.fen(s.adjustmentFen)}</Descriptions.Item>
          <Descriptions.Item label={t('pay.field.total')}>
            <strong data-testid="statement-total">{fmt.fen(s.totalFen)}</strong>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('pay.statement.lines')}>
        <Table<PayLine>
          data-testid="statement-lines"
          size="small"
          rowKey={(l) => `${l.kind}-${l.orderId}-${l.adjustsMonth ?? ''}`}
          dataSource={s.lines}
          pagination={{ pageSize: 100, showSizeChanger: false }}
          onRow={(l) =>
            ({ 'data-testid': `line-${l.orderCode}${l.kind === 'adjustment' ? '-adj' : ''}`, 'data-kind': l.kind, 'data-amount': l.amountFen }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('pay.line.order'),
              width: 170,
              render: (_, l) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/orders/${l.orderId}`} style={{ fontFamily: 'monospace' }}>
                    {l.orderCode}
                  </Link>
                  {l.kind === 'adjustment' && (
                    <Tag color="purple">{t('pay.line.adjusts', { month: l.adjustsMonth ?? '' })}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('pay.line.type'),
              width: 130,
              render: (_, l) => `${t(`orders.type.${l.type}`, { defaultValue: l.type })} · ${t(`pay.setting.${l.setting}`)}`,
            },
            { title: t('pay.line.resolvedAt'), width: 150, render: (_, l) => fmtTime(l.resolvedAt) },
            { title: t('pay.line.base'), width: 100, align: 'right', render: (_, l) => fmt.fen(l.baseFen) },
            {
              title: t('pay.line.parts'),
              render: (_, l) => (
                <Space direction="vertical" size={0} data-testid="line-parts">
                  {l.parts
                    .filter((p) => p.code !== 'rate')
                    .map((p, i) => (
                      <Typography.Text key={i} data-testid={`part-${p.code}`} type={(p.fen ?? 0) < 0 ? 'danger' : undefined}>
                        <Typography.Text strong>{partText(p)}</Typography.Text> {why(p)}
                      </Typography.Text>
                    ))}
                </Space>
              ),
            },
            {
              title: t('pay.line.amount'),
              width: 110,
              align: 'right',
              render: (_, l) => (
                <strong data-testid="line-amount" style={{ color: l.amountFen < 0 ? '#cf1322' : undefined }}>
                  {fmt.fen(l.amountFen)}
                </strong>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
