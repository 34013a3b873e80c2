// Pieces shared by the pay screens: the run's status tag, export buttons.
import { App, Button, Space, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../components/problem';
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
