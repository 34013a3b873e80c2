// Audit log (audit.read): filters by object type, actor, date range; before/after per entry.
import { AutoComplete, Card, DatePicker, Space, Table, Tag } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AuditEntry } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { JsonDiff } from '../../components/JsonDiff';
import { StaffSelect } from '../../components/StaffSelect';

const PAGE = 25;
const TYPES = ['unit', 'staff', 'absence', 'session', 'api_token'];

export function AuditPage() {
  const { t } = useTranslation();
  const [objectType, setObjectType] = useState('');
  const [actorId, setActorId] = useState<number | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const from = range?.[0] ? range[0].startOf('day').format('YYYY-MM-DDTHH:mm:ssZ') : undefined;
  const to = range?.[1] ? range[1].startOf('day').add(1, 'day').format('YYYY-MM-DDTHH:mm:ssZ') : undefined;

  const list = useQuery({
    queryKey: ['audit', objectType, actorId, from, to, page],
    queryFn: () =>
      api.list<AuditEntry>('/audit', {
        query: { objectType: objectType.trim(), actorId, from, to, offset: (page - 1) * PAGE, limit: PAGE },
      }),
    placeholderData: keepPreviousData,
  });

  const typeLabel = (v: string) => t(`audit.objectTypes.${v}`, { defaultValue: v });

  return (
    <Card title={t('audit.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <AutoComplete
          allowClear
          style={{ width: 200 }}
          placeholder={t('audit.objectType')}
          value={objectType}
          onChange={(v) => {
            setObjectType(v ?? '');
            setPage(1);
          }}
          options={TYPES.map((v) => ({ value: v, label: `${typeLabel(v)} (${v})` }))}
          data-testid="audit-type-filter"
        />
        <StaffSelect
          allowClear
          value={actorId}
          onChange={(v) => {
            setActorId(v);
            setPage(1);
          }}
          placeholder={t('audit.actor')}
          style={{ width: 240 }}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v as [Dayjs | null, Dayjs | null] | null);
            setPage(1);
          }}
        />
      </Space>
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          expandable={{ expandedRowRender: (r) => <JsonDiff before={r.before} after={r.after} /> }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: setPage,
          }}
          columns={[
            { title: t('history.at'), dataIndex: 'at', render: fmtTime, width: 150 },
            { title: t('history.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
            { title: t('history.action'), dataIndex: 'action', render: (v: string) => <Tag>{v}</Tag> },
            { title: t('audit.objectType'), dataIndex: 'objectType', render: typeLabel },
            {
              title: t('history.object'),
              key: 'obj',
              render: (_: unknown, r) => `${r.objectCode ?? ''}${r.objectId != null ? ` #${r.objectId}` : ''}`,
            },
          ]}
        />
      )}
    </Card>
  );
}
