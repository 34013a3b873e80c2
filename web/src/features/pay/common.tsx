// Pieces shared by the pay screens: the run's status tag, export buttons.
import { App, Button, Space, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import { problemText } from '../../components/problem';
import { UnitName } from '../orders/OrderPage';
import { useUnit } from '../kpi/api';
import { downloadExport } from './api';
import type { PayRun } from './types';

export function RunStatus({ run }: { run: Pick<PayRun, 'status'> }) {
  const { t } = useTranslation();
  return (
    <Tag color={run.status === 'approved' ? 'green' : 'blue'} data-testid="run-status" data-status={run.status}>
      {t(`pay.status.${run.status}`)}
    </Tag>
  );
}

export function ExportButtons({ runId, managerId }: { runId: number; managerId?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  async function go(format: 'xlsx' | 'csv') {
    setBusy(format);
    try {
      await downloadExport(runId, format, managerId);
    } catch (e) {
      void message.error(problemText(e, t));
    } finally {
      setBusy(null);
    }
  }
  return (
    <Space>
      <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void go('xlsx')} data-testid="export-xlsx">
        {t('pay.export.xlsx')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'csv'} onClick={() => void go('csv')} data-testid="export-csv">
        {t('pay.export.csv')}
      </Button>
    </Space>
  );
}

/** A run's local network by name: from the path of one's scope when it lies above it (an office
 *  head may not read the network unit itself), else read as a unit. */
export function NetworkName({ id }: { id: number }) {
  const me = useMe().data!;
  const scope = useUnit(me.scopeUnitId);
  const above = scope.data ? [...scope.data.path, scope.data].find((p) => p.id === id) : undefined;
  if (above) return <>{`${above.name} (${above.code})`}</>;
  if (scope.isPending) return <>…</>;
  return <UnitName id={id} />;
}
