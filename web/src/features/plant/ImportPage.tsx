// CSV import and export (/imports): choose a kind, pick a file, dry run or import; the report
// shows the counts, the encoding used and whether it was converted, and the bad rows (line,
// column, reason), downloadable as CSV. Export buttons per kind for permitted roles.
// Both are (next) in docs/plant.md: "not available" until the server declares them.
import { Alert, App, Button, Card, Col, Descriptions, Form, Row, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, request } from '../../api/client';
import { useMe } from '../../api/hooks';
import type { ImportEncoding, ImportKind, ImportReport } from '../../api/types';
import { IMPORT_KINDS } from '../../api/types';
import { showProblem } from '../../components/problem';
import { Available, EXPORTERS, IMPORTERS, NotAvailable, useCapabilities, useFormat } from './common';

const MAX_BYTES = 64 * 1024 * 1024;
const SHOWN_ERRORS = 500;

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function csvCell(v: unknown): string {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function isReport(x: unknown): x is ImportReport {
  return !!x && typeof x === 'object' && 'rowsRead' in x && 'errors' in x;
}

export function ImportPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const caps = useCapabilities();
  const canImport = !!me && IMPORTERS.includes(me.role);
  const canExport = !!me && EXPORTERS.includes(me.role);
  const importOk = caps.has('post', '/imports/{kind}');
  const exportOk = caps.has('get', '/exports/{kind}');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-page">
      <Card title={t('plant.imports.title')}>
        {!canImport ? (
          <Alert type="info" showIcon message={t('common.forbiddenDetail')} />
        ) : !importOk && caps.ready ? (
          <>
            <NotAvailable />
            <ImportForm disabled />
          </>
        ) : (
          <ImportForm />
        )}
      </Card>
      <Card title={t('plant.imports.exportTitle')}>
        {!canExport ? (
          <Alert type="info" showIcon message={t('plant.imports.exportNotAllowed')} data-testid="export-not-allowed" />
        ) : (
          <ExportButtons ok={exportOk} />
        )}
      </Card>
    </Space>
  );
}

function ImportForm({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ImportKind>('dist-boxes');
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [dryRun, setDryRun] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ r: ImportReport; refused: boolean; file: string } | null>(null);

  async function run() {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      void message.error(t('plant.imports.tooBig'));
      return;
    }
    setBusy(true);
    setReport(null);
    try {
      const r = await request<ImportReport>('POST', `/imports/${kind}`, {
        query: { dryRun, encoding },
        raw: { body: file, contentType: 'text/csv' },
      });
      setReport({ r: r.data, refused: false, file: file.name });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && isReport(e.problem)) {
        setReport({ r: e.problem as unknown as ImportReport, refused: true, file: file.name });
      } else showProblem(e, t, message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Form layout="vertical" disabled={disabled}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('plant.imports.kind')}>
              <Select
                data-testid="import-kind"
                value={kind}
                onChange={setKind}
                options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`plant.imports.kinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('plant.imports.encoding')}>
              <Select
                data-testid="import-encoding"
                value={encoding}
                onChange={setEncoding}
                options={(['auto', 'utf-8', 'gbk'] as const).map((k) => ({ value: k, label: t(`plant.imports.encodings.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('plant.imports.file')}>
              <Upload
                accept=".csv,text/csv"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  setReport(null);
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
              >
                <Button icon={<UploadOutlined />} data-testid="import-file">
                  {t('plant.imports.pickFile')}
                </Button>
              </Upload>
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Switch checked={dryRun} onChange={setDryRun} data-testid="import-dry-run" />
          <span>{t('plant.imports.dryRun')}</span>
          <Button type="primary" loading={busy} disabled={!file || disabled} onClick={() => void run()} data-testid="import-submit" danger={!dryRun}>
            {dryRun ? t('plant.imports.run') : t('plant.imports.runImport')}
          </Button>
        </Space>
      </Form>
      {report && <Report r={report.r} refused={report.refused} file={report.file} />}
    </Space>
  );
}

function Report({ r, refused, file }: { r: ImportReport; refused: boolean; file: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  function download() {
    const lines = ['line,column,reason', ...r.errors.map((e) => [e.line, e.column, e.reason].map(csvCell).join(','))];
    saveBlob(new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }), `${file.replace(/\.csv$/i, '')}-errors.csv`);
  }
  return (
    <Card size="small" title={t('plant.imports.report')} data-testid="import-report">
      {(refused || r.refused) && (
        <Alert
          type="error"
          showIcon
          message={t('plant.imports.refused')}
          description={r.refusal || undefined}
          style={{ marginBottom: 12 }}
          data-testid="import-refused"
        />
      )}
      {r.dryRun && !refused && !r.refused && <Alert type="info" showIcon message={t('plant.imports.dryRunDone')} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" bordered column={{ xs: 1, md: 4 }}>
        <Descriptions.Item label={t('plant.imports.kind')}>{t(`plant.imports.kinds.${r.kind}`, { defaultValue: r.kind })}</Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.encodingUsed')}>
          <Space size={4}>
            <Tag>{r.encoding}</Tag>
            <span data-testid="import-converted">{r.converted ? t('plant.imports.converted') : t('plant.imports.notConverted')}</span>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.rowsRead')}>{f.num(r.rowsRead)}</Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.elapsed')}>{f.num(r.elapsedMs)} ms</Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.inserted')}>{f.num(r.inserted)}</Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.updated')}>{f.num(r.updated)}</Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.unchanged')}>{f.num(r.unchanged)}</Descriptions.Item>
        <Descriptions.Item label={t('plant.imports.rejected')}>
          <Typography.Text type={r.rejected ? 'danger' : undefined}>{f.num(r.rejected)}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {r.errors.length > 0 && (
        <>
          <Space style={{ margin: '12px 0' }} wrap>
            <Typography.Text strong>
              {t('plant.imports.errorsTotal')}: {f.num(r.errorsTotal)}
            </Typography.Text>
            {r.errorsTotal > r.errors.length && (
              <Typography.Text type="secondary">{t('plant.imports.errorsShown', { shown: f.num(r.errors.length), total: f.num(r.errorsTotal) })}</Typography.Text>
            )}
            <Button icon={<DownloadOutlined />} onClick={download} data-testid="import-errors-download">
              {t('plant.imports.downloadErrors')}
            </Button>
          </Space>
          <Table
            data-testid="import-errors"
            size="small"
            rowKey={(e) => `${e.line}-${e.column}-${e.reason}`}
            dataSource={r.errors.slice(0, SHOWN_ERRORS)}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('plant.imports.line'), dataIndex: 'line', width: 90, render: (v: number) => f.num(v) },
              { title: t('plant.imports.column'), dataIndex: 'column', width: 180 },
              { title: t('plant.imports.reason'), dataIndex: 'reason' },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function ExportButtons({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ImportKind | null>(null);
  async function get(kind: ImportKind) {
    setBusy(kind);
    try {
      const { blob, filename } = await api.download(`/exports/${kind}`);
      saveBlob(blob, filename ?? `${kind}.csv`);
    } catch (e) {
      showProblem(e, t, message);
    } finally {
      setBusy(null);
    }
  }
  return (
    <Space direction="vertical">
      {!ok && <NotAvailable compact />}
      <Space wrap>
        {IMPORT_KINDS.map((k) => (
          <Available key={k} ok={ok}>
            <Button icon={<DownloadOutlined />} disabled={!ok} loading={busy === k} onClick={() => void get(k)} data-testid={`export-${k}`}>
              {t('plant.imports.download', { kind: t(`plant.imports.kinds.${k}`) })}
            </Button>
          </Available>
        ))}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('plant.imports.exportHint')}
      </Typography.Text>
    </Space>
  );
}
