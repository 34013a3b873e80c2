// Absences: list, record one for a staff member (dates, reason), cancel.
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, newIdempotencyKey } from '../../api/client';
import { useCan, useEnumLabel } from '../../api/hooks';
import type { Absence, AbsenceReason } from '../../api/types';
import { ABSENCE_REASONS } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { showProblem } from '../../components/problem';
import { StaffName, StaffSelect } from '../../components/StaffSelect';

const PAGE = 20;
const ISO = 'YYYY-MM-DDTHH:mm:ssZ';

export function AbsencesPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const canWrite = useCan('org.write');
  const qc = useQueryClient();
  const [staffId, setStaffId] = useState<number | null>(null);
  const [status, setStatus] = useState<string>('active');
  const [current, setCurrent] = useState(false);
  const [page, setPage] = useState(1);
  const [createOpen, setCreateOpen] = useState(false);

  const list = useQuery({
    queryKey: ['absences', staffId, status, current, page],
    queryFn: () =>
      api.list<Absence>('/absences', {
        query: {
          staffId,
          status: status === 'all' ? undefined : status,
          current: current || undefined,
          offset: (page - 1) * PAGE,
          limit: PAGE,
          sort: '-startsAt',
        },
      }),
    placeholderData: keepPreviousData,
  });

  async function cancel(a: Absence) {
    try {
      await api.post(`/absences/${a.id}/cancel`, undefined, { version: a.version });
      void message.success(t('absence.cancelled'));
    } catch (e) {
      showProblem(e, t, message);
    }
    await Promise.all([qc.invalidateQueries({ queryKey: ['absences'] }), qc.invalidateQueries({ queryKey: ['area'] })]);
  }

  return (
    <Card
      title={t('absence.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="absence-new">
            {t('absence.newAbsence')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <StaffSelect
          allowClear
          value={staffId}
          onChange={(v) => {
            setStaffId(v);
            setPage(1);
          }}
          placeholder={t('absence.staff')}
          style={{ width: 260 }}
        />
        <Select
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'active', label: t('common.active') },
            { value: 'cancelled', label: t('common.cancelled') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Space size={4}>
          <Switch checked={current} onChange={(v) => { setCurrent(v); setPage(1); }} />
          <Typography.Text>{t('absence.currentOnly')}</Typography.Text>
        </Space>
      </Space>
      {list.error ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Absence>
          data-testid="absence-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: setPage,
          }}
          columns={[
            {
              title: t('absence.staff'),
              dataIndex: 'staffId',
              render: (id: number, r) => <Link to={`/staff/${id}`}>{r.staffName ?? <StaffName id={id} />}</Link>,
            },
            { title: t('absence.startsAt'), dataIndex: 'startsAt', render: fmtTime },
            { title: t('absence.endsAt'), dataIndex: 'endsAt', render: fmtTime },
            { title: t('absence.reason'), dataIndex: 'reason', render: (v: AbsenceReason) => label('absenceReason', v) },
            { title: t('absence.note'), dataIndex: 'note' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => (v === 'active' ? <Tag color="orange">{t('common.active')}</Tag> : <Tag>{t('common.cancelled')}</Tag>),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) =>
                canWrite && r.status === 'active' ? (
                  <Popconfirm title={t('absence.cancelConfirm')} onConfirm={() => cancel(r)}>
                    <Button size="small" danger data-testid={`absence-cancel-${r.id}`}>
                      {t('absence.cancelAbsence')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
      {createOpen && <CreateAbsence onClose={() => setCreateOpen(false)} />}
    </Card>
  );
}

interface AbsenceForm {
  staffId: number;
  dates: [Dayjs, Dayjs];
  reason: AbsenceReason;
  note?: string;
}

/** The range picker inside a wrapper that carries the test id (Form.Item passes value/onChange). */
function DatesInput(props: React.ComponentProps<typeof DatePicker.RangePicker>) {
  return (
    <div data-testid="absence-dates-input">
      <DatePicker.RangePicker style={{ width: '100%' }} {...props} />
    </div>
  );
}

function CreateAbsence({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<AbsenceForm>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  async function submit(v: AbsenceForm) {
    setBusy(true);
    try {
      // The dates are whole days; endsAt is exclusive, so the day after the last one.
      const startsAt = v.dates[0].startOf('day').format(ISO);
      const endsAt = v.dates[1].startOf('day').add(1, 'day').format(ISO);
      await api.post<Absence>('/absences', { staffId: v.staffId, startsAt, endsAt, reason: v.reason, note: v.note ?? '' }, { idempotencyKey: key });
      void message.success(t('common.created'));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['absences'] }),
        qc.invalidateQueries({ queryKey: ['area'] }),
        qc.invalidateQueries({ queryKey: ['staff'] }),
      ]);
      onClose();
    } catch (e) {
      const errs = (e as { problem?: { errors?: { field: string }[] } }).problem?.errors ?? [];
      if (errs.some((x) => x.field === 'startsAt' || x.field === 'endsAt'))
        form.setFields([{ name: 'dates', errors: errs.filter((x) => x.field === 'startsAt' || x.field === 'endsAt').map((x) => (x as { reason?: string }).reason ?? '') }]);
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t('absence.newAbsence')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: 'leave' }}>
        <Form.Item name="staffId" label={t('absence.staff')} rules={[{ required: true, message: t('common.required') }]}>
          <StaffSelect data-testid="absence-staff-input" />
        </Form.Item>
        <Form.Item name="dates" label={t('absence.dates')} rules={[{ required: true, message: t('common.required') }]}>
          <DatesInput />
        </Form.Item>
        <Form.Item name="reason" label={t('absence.reason')} rules={[{ required: true }]}>
          <Select options={ABSENCE_REASONS.map((r) => ({ value: r, label: label('absenceReason', r) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('absence.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
