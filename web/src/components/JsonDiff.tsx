// Before/after of an audit entry: a field table, changed rows highlighted, or side by side.
import { Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Obj = Record<string, unknown> | null | undefined;

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function JsonDiff({ before, after }: { before: Obj; after: Obj }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'diff' | 'side'>('diff');
  const keys = Array.from(new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]));
  const rows = keys.map((k) => {
    const b = before ? before[k] : undefined;
    const a = after ? after[k] : undefined;
    return { key: k, before: show(b), after: show(a), changed: JSON.stringify(b) !== JSON.stringify(a) };
  });
  const visible = mode === 'diff' ? rows.filter((r) => r.changed) : rows;
  if (!before && !after)
    return (
      <div data-testid="json-diff">
        <Typography.Text type="secondary">{t('history.noData')}</Typography.Text>
      </div>
    );
  return (
    <div data-testid="json-diff">
      <Segmented
        size="small"
        value={mode}
        onChange={(v) => setMode(v as 'diff' | 'side')}
        options={[
          { value: 'diff', label: t('history.diff') },
          { value: 'side', label: t('history.sideBySide') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {mode === 'side' ? (
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
          <div>
            <Typography.Text strong>{t('history.before')}</Typography.Text>
            <pre style={{ fontSize: 12, background: '#fff1f0', padding: 8, margin: 0, overflow: 'auto' }}>
              {before ? JSON.stringify(before, null, 2) : 'null'}
            </pre>
          </div>
          <div>
            <Typography.Text strong>{t('history.after')}</Typography.Text>
            <pre style={{ fontSize: 12, background: '#f6ffed', padding: 8, margin: 0, overflow: 'auto' }}>
              {after ? JSON.stringify(after, null, 2) : 'null'}
            </pre>
          </div>
        </div>
      ) : (
        <Table
          size="small"
          pagination={false}
          locale={{ emptyText: t('history.noChange') }}
          rowKey="key"
          dataSource={visible}
          columns={[
            { title: t('history.field'), dataIndex: 'key', width: 160 },
            {
              title: t('history.before'),
              dataIndex: 'before',
              render: (v: string) => <Typography.Text delete={!!v} type="danger">{v}</Typography.Text>,
            },
            {
              title: t('history.after'),
              dataIndex: 'after',
              render: (v: string) => <Typography.Text type="success">{v}</Typography.Text>,
            },
          ]}
        />
      )}
    </div>
  );
}
