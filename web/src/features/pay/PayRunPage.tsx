// 工资核算 — one pay run: its status and totals, one statement per manager (sortable), approve
// (the office head or above, with a confirm: the month closes for good), exports.
import { App, Button, Card, Descriptions, Popconfirm, Space, Spin, Table, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../../api/hooks';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { useFormat } from '../../components/money';
import { showProblem } from '../../components/problem';
import { useApprove, usePayRun, useStatements } from './api';
import { ExportButtons, NetworkName, RunStatus } from './common';
import type { PayStatement } from './types';
import { PAY_MANAGERS } from './types';

export default function PayRunPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const me = useMe().data!;
  const id = Number(useParams().id);
  const run = usePayRun(id);
  const statements = useStatements(id);
  const approve = useApprove();
  if (run.isPending) return <Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />;
  if (run.error) return <ErrorView error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  const canApprove = r.status === 'draft' && PAY_MANAGERS.includes(me.role);
  const mine = me.role === 'area_manager';

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="pay-run-page" data-status={r.status}>
      <Card
        title={
          <Space>
            {t('pay.run.title', { month: r.month })}
            <RunStatus run={r} />
          </Space>
        }
        extra={
          <Space>
            <ExportButtons runId={r.id} />
            {canApprove && (
              <Popconfirm
                title={t('pay.run.approveConfirm', { month: r.month })}
                okText={t('pay.run.approve')}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  approve.mutate(r, {
                    onSuccess: () => void message.success(t('pay.run.approved', { month: r.month })),
                    onError: (e) => showProblem(e, t, message),
                  })
                }
              >
                <Button type="primary" icon={<CheckCircleOutlined />} loading={approve.isPending} data-testid="pay-approve">
                  {t('pay.run.approve')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('pay.field.network')}>
            <NetworkName id={r.networkId} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pay.field.total')}>
            <span data-testid="run-total">{fmt.fen(r.totalFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('pay.field.managers')}>{r.managers}</Descriptions.Item>
          <Descriptions.Item label={t('pay.field.lines')}>{r.lines}</Descriptions.Item>
          <Descriptions.Item label={t('pay.field.computedAt')}>{fmtTime(r.computedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('pay.field.approvedAt')}>{fmtTime(r.approvedAt)}</Descriptions.Item>
        </Descriptions>
        {r.status === 'approved' && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('pay.run.closedHint')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card title={mine ? t('pay.my.title') : t('pay.run.statements')}>
        {statements.error ? (
          <ErrorView error={statements.error} />
        ) : (
          <Table<PayStatement>
            data-testid="statements-table"
            size="small"
            rowKey="managerId"
            loading={statements.isPending}
            dataSource={statements.data?.items ?? []}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            onRow={(s) => ({ 'data-testid': `statement-${s.username}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('perf.manager'),
                sorter: (a, b) => a.managerName.localeCompare(b.managerName),
                render: (_, s) => (
                  <Link to={`/pay/runs/${r.id}/statements/${s.managerId}`} data-testid={`statement-link-${s.username}`}>
                    {s.managerName} ({s.username})
                  </Link>
                ),
              },
              { title: t('pay.field.unit'), dataIndex: 'unitName', sorter: (a, b) => a.unitName.localeCompare(b.unitName) },
              { title: t('pay.field.workLines'), dataIndex: 'workLines', align: 'right', width: 90, sorter: (a, b) => a.workLines - b.workLines },
              { title: t('pay.field.workFen'), align: 'right', width: 130, sorter: (a, b) => a.workFen - b.workFen, render: (_, s) => fmt.fen(s.workFen) },
              {
                title: t('pay.field.adjustmentFen'),
                align: 'right',
                width: 130,
                sorter: (a, b) => a.adjustmentFen - b.adjustmentFen,
                render: (_, s) => fmt.fen(s.adjustmentFen),
              },
              {
                title: t('pay.field.total'),
                align: 'right',
                width: 140,
                defaultSortOrder: 'descend',
                sorter: (a, b) => a.totalFen - b.totalFen,
                render: (_, s) => <strong data-testid={`statement-total-${s.username}`}>{fmt.fen(s.totalFen)}</strong>,
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
