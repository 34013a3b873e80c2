// 我的工资 — an area manager's own statements, one per pay run of their network. The statements
// list answers only one's own (the server refuses others); nothing here links to anyone else's.
import { Card, Empty, List, Space, Spin, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useMe } from '../../api/hooks';
import { ErrorView } from '../../components/ErrorView';
import { useFormat } from '../../components/money';
import { payKey, usePayRuns } from './api';
import { RunStatus } from './common';
import type { PayStatement } from './types';

export default function MyPayPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe().data!;
  const runs = usePayRuns();
  const mine = useQueries({
    queries: (runs.data?.items ?? []).map((r) => ({
      queryKey: [...payKey, 'statements', r.id],
      queryFn: () => api.list<PayStatement>(`/pay-runs/${r.id}/statements`, { query: { limit: 1000 } }),
    })),
  });
  if (runs.isPending) return <Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />;
  if (runs.error) return <ErrorView error={runs.error} onRetry={() => void runs.refetch()} />;
  const items = runs.data.items.map((r, i) => ({ run: r, statement: mine[i]?.data?.items.find((s) => s.managerId === me.id) }));
  return (
    <Card title={t('pay.my.title')} data-testid="my-pay" style={{ maxWidth: 760 }}>
      {items.length === 0 ? (
        <Empty description={t('pay.my.none')} />
      ) : (
        <List
          dataSource={items}
          rowKey={(x) => x.run.id}
          renderItem={({ run, statement }) => (
            <List.Item data-testid={`my-pay-${run.month}`}>
              <Space wrap>
                <Typography.Text strong>{run.month}</Typography.Text>
                <RunStatus run={run} />
                {statement ? (
                  <>
                    <Typography.Text>
                      {t('pay.my.summary', { lines: statement.workLines + statement.adjustmentLines })}
                    </Typography.Text>
                    <strong data-testid={`my-pay-total-${run.month}`}>{fmt.fen(statement.totalFen)}</strong>
                    <Link to={`/pay/runs/${run.id}/statements/${me.id}`} data-testid={`my-pay-open-${run.month}`}>
                      {t('pay.my.open')}
                    </Link>
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('pay.my.nothing')}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
