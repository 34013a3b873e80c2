// Shared pieces of the work-order screens: labels and tags, the deadline countdown, the place of
// the box, and the action buttons with the inputs each action needs (If-Match; 409 → the order is
// reloaded and the conflict said; 400/422 → the errors on the dialog's fields).
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import type { ButtonProps, FormInstance } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { DistBox } from '../../api/types';
import { StaffSelect } from '../../components/StaffSelect';
import { fmtTime } from '../../components/format';
import { showProblem } from '../../components/problem';
import { conflictCurrent, useOrderAction } from './api';
import type { DeadlineClock, Order, OrderAction, OrderActionInput, OrderState, Risk } from './types';
import { FAULT_CAUSES } from './types';

// ——— labels and tags ———

const STATE_COLOURS: Record<OrderState, string> = {
  created: 'gold',
  assigned: 'blue',
  accepted: 'geekblue',
  appointment_booked: 'cyan',
  en_route: 'purple',
  on_site: 'magenta',
  waiting: 'orange',
  resolved: 'lime',
  confirmed: 'green',
  closed: 'default',
  returned: 'volcano',
  cancelled: 'default',
  reopened: 'red',
};

export function StateTag({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="order-state" data-state={state}>
      {t(`orders.state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

export function TypeTag({ type }: { type: string }) {
  const { t } = useTranslation();
  return <Tag data-testid="order-type">{t(`orders.type.${type}`, { defaultValue: type })}</Tag>;
}

export function OrderLink({ o }: { o: Pick<Order, 'id' | 'code'> }) {
  return (
    <Link to={`/orders/${o.id}`} data-testid={`order-link-${o.id}`} style={{ fontFamily: 'monospace' }}>
      {o.code}
    </Link>
  );
}

/** The routing explanation in the reader's language (not the language of whoever raised it). */
export function useExplanation() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  return (o: Pick<Order, 'routing'>) => (zh ? o.routing.explanationZh : o.routing.explanationEn) || o.routing.explanation;
}

// ——— deadlines ———

/** The current time, re-read every `ms` (drives the countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(h);
  }, [ms]);
  return now;
}

/** "2 h 05 min" in the reader's language, for a positive span of milliseconds. */
export function useSpan() {
  const { t } = useTranslation();
  return (ms: number) => {
    const min = Math.max(0, Math.floor(ms / 60_000));
    const d = Math.floor(min / 1440);
    const h = Math.floor((min % 1440) / 60);
    const m = min % 60;
    if (d > 0) return t('orders.clock.spanDays', { d, h });
    if (h > 0) return t('orders.clock.spanHours', { h, m: String(m).padStart(2, '0') });
    return t('orders.clock.spanMinutes', { m });
  };
}

const RISK_COLOURS: Record<Risk, string> = { ok: 'green', at_risk: 'orange', breached: 'red' };

/** The clock's risk now: the server's reading, or breached once its due time has passed. */
export function riskNow(c: DeadlineClock, now: number): Risk {
  if (c.dueAt && !c.paused && Date.parse(c.dueAt) < now) return 'breached';
  return c.risk;
}

/** Countdown to a clock's due time with its risk colour; "paused" while the clock stands still. */
export function Countdown({
  clock,
  now,
  testId = 'countdown',
  stoppedAt,
}: {
  clock: DeadlineClock;
  now: number;
  testId?: string;
  /** When the work was done: the clock no longer counts down, it says whether the limit was met. */
  stoppedAt?: string | null;
}) {
  const { t } = useTranslation();
  const span = useSpan();
  if (!clock.dueAt)
    return (
      <Typography.Text type="secondary" data-testid={testId} data-risk="none">
        {t('orders.clock.noLimit')}
      </Typography.Text>
    );
  if (stoppedAt) {
    const margin = Date.parse(clock.dueAt) - Date.parse(stoppedAt);
    const met = margin >= 0;
    return (
      <Space size={4} wrap data-testid={testId} data-risk={met ? 'ok' : 'breached'} data-stopped="true">
        <Tag color={met ? 'green' : 'red'} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
          {met ? t('orders.clock.metBy', { span: span(margin) }) : t('orders.clock.missedBy', { span: span(-margin) })}
        </Tag>
      </Space>
    );
  }
  const risk = riskNow(clock, now);
  const left = Date.parse(clock.dueAt) - now;
  return (
    <Space size={4} wrap data-testid={testId} data-risk={risk} data-paused={clock.paused ? 'true' : 'false'}>
      <Tag color={RISK_COLOURS[risk]} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
        {left >= 0 ? t('orders.clock.left', { span: span(left) }) : t('orders.clock.overdue', { span: span(-left) })}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`orders.risk.${risk}`)}
      </Typography.Text>
      {clock.paused && (
        <Tag icon={<PauseCircleOutlined />} data-testid={`${testId}-paused`}>
          {t('orders.clock.paused')}
        </Tag>
      )}
    </Space>
  );
}

// ——— the box ———

export function useBox(id: number | null | undefined) {
  return useQuery({
    queryKey: ['dist-box', id],
    queryFn: () => api.get<DistBox>(`/dist-boxes/${id}`),
    enabled: id != null,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function fmtCoord(lat: number, lng: number): string {
  return `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
}

/** The distribution box of an order: its code (a link to the box page), address and coordinates. */
export function BoxPlace({ id, compact }: { id: number | null | undefined; compact?: boolean }) {
  const { t } = useTranslation();
  const box = useBox(id);
  if (id == null) return <span data-testid="order-box">—</span>;
  const b = box.data;
  return (
    <Space size={6} wrap data-testid="order-box">
      <EnvironmentOutlined />
      <Link to={`/boxes/${id}`} data-testid="order-box-link">
        {b?.code ?? `#${id}`}
      </Link>
      {b && (
        <>
          {!compact && <Typography.Text type="secondary">{b.address}</Typography.Text>}
          <Typography.Text copyable={{ text: fmtCoord(b.lat, b.lng), tooltips: [t('common.copy'), t('common.copied')] }} data-testid="order-box-coords" style={{ fontFamily: 'monospace', fontSize: 12 }}>
            {fmtCoord(b.lat, b.lng)}
          </Typography.Text>
        </>
      )}
    </Space>
  );
}

// ——— actions ———

/** Actions that need no input: one tap. */
const DIRECT: OrderAction[] = ['accept', 'depart', 'arrive', 'resume', 'close'];
/** Actions that would be a mistake to fire by accident ask first. */
const CONFIRM: OrderAction[] = ['close'];
/** Where the device is, if the user already allowed it (never prompts, never waits long). */
async function whereAmI(): Promise<{ lat: number; lng: number } | null> {
  try {
    if (!navigator.geolocation || !navigator.permissions) return null;
    const p = await navigator.permissions.query({ name: 'geolocation' as PermissionName });
    if (p.state !== 'granted') return null;
    return await new Promise((resolve) =>
      navigator.geolocation.getCurrentPosition(
        (pos) => resolve({ lat: pos.coords.latitude, lng: pos.coords.longitude }),
        () => resolve(null),
        { timeout: 4000, maximumAge: 60_000 },
      ),
    );
  } catch {
    return null;
  }
}

const PRIMARY_ORDER: OrderAction[] = ['accept', 'depart', 'arrive', 'resolve', 'resume', 'assign', 'callback', 'close'];
/** The common next step among the allowed actions (the manager's one tap). */
export function primaryAction(actions: OrderAction[]): OrderAction | null {
  return PRIMARY_ORDER.find((a) => actions.includes(a)) ?? null;
}

interface ActionsProps {
  order: Order;
  /** Show only these (in this order); default: every allowed action. */
  only?: OrderAction[];
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
  /** Called with the order after a successful action. */
  onDone?: (o: Order) => void;
}

/** One button per allowed action; the dialog asks for what the action needs. */
export function OrderActions({ order, only, size = 'middle', block, onDone }: ActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const act = useOrderAction();
  const [open, setOpen] = useState<OrderAction | null>(null);
  const [conflict, setConflict] = useState<Order | null>(null);
  const [busy, setBusy] = useState<OrderAction | null>(null);
  const shown = (only ?? order.actions).filter((a) => order.actions.includes(a));

  /** Sends the action; true when done. A 409 closes the dialog and says what changed. */
  async function send(input: OrderActionInput, form?: FormInstance): Promise<boolean> {
    setBusy(input.action);
    try {
      const o = await act.mutateAsync({ order, input });
      setConflict(null);
      void message.success(t('orders.done', { action: t(`orders.action.${input.action}`), state: t(`orders.state.${o.state}`) }));
      onDone?.(o);
      return true;
    } catch (e) {
      const current = conflictCurrent(e);
      if (current || (e instanceof Error && 'status' in e && (e as { status: number }).status === 409)) {
        setConflict(current ?? order);
        setOpen(null);
        void message.warning(t('orders.conflict.message'), 6);
        return false;
      }
      showProblem(e, t, message, form);
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function click(a: OrderAction) {
    if (!DIRECT.includes(a)) {
      setOpen(a);
      return;
    }
    const input: OrderActionInput = { action: a };
    if (a === 'depart' || a === 'arrive') {
      const here = await whereAmI();
      if (here) Object.assign(input, here);
    }
    await send(input);
  }

  return (
    <div data-testid="order-actions" data-order-id={order.id} data-version={order.version}>
      {conflict && (
        <Alert
          data-testid="order-conflict"
          type="warning"
          showIcon
          closable
          onClose={() => setConflict(null)}
          style={{ marginBottom: 8 }}
          message={t('orders.conflict.title')}
          description={t('orders.conflict.detail', { state: t(`orders.state.${conflict.state}`), version: conflict.version })}
        />
      )}
      <Space wrap size={[8, 8]} style={block ? { width: '100%' } : undefined} direction={block ? 'vertical' : 'horizontal'}>
        {shown.map((a) => {
          const button = (
            <Button
              key={a}
              data-testid={`order-action-${a}`}
              type={a === primaryAction(shown) ? 'primary' : 'default'}
              danger={a === 'cancel'}
              size={size}
              block={block}
              loading={busy === a}
              onClick={CONFIRM.includes(a) ? undefined : () => void click(a)}
            >
              {t(`orders.action.${a}`)}
            </Button>
          );
          if (!CONFIRM.includes(a)) return button;
          return (
            <Popconfirm
              key={a}
              title={t('orders.confirmAction', { action: t(`orders.action.${a}`) })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => void click(a)}
            >
              {button}
            </Popconfirm>
          );
        })}
        {shown.length === 0 && (
          <Typography.Text type="secondary" data-testid="order-no-actions">
            {t('orders.noActions')}
          </Typography.Text>
        )}
      </Space>
      {open && <ActionDialog order={order} action={open} onClose={() => setOpen(null)} send={send} />}
    </div>
  );
}

interface DialogValues {
  reason?: string;
  assigneeId?: number | null;
  toQueue?: boolean;
  appointmentAt?: Dayjs;
  customerRequested?: boolean;
  waitFor?: 'customer' | 'material';
  cause?: OrderActionInput['cause'];
  resolution?: string;
  pairNo?: number | null;
  score?: number;
  solved?: boolean;
  comment?: string;
}

function ActionDialog({
  order,
  action,
  onClose,
  send,
}: {
  order: Order;
  action: OrderAction;
  onClose: () => void;
  send: (input: OrderActionInput, form: FormInstance) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DialogValues>();
  const [busy, setBusy] = useState(false);
  const toQueue = Form.useWatch('toQueue', form);
  const required = [{ required: true, message: t('common.required') }];
  const needsReason = ['reassign', 'wait', 'return', 'cancel', 'reopen'].includes(action);

  async function finish(v: DialogValues) {
    const input: OrderActionInput = { action };
    if (v.reason?.trim()) input.reason = v.reason.trim();
    if (action === 'assign') input.assigneeId = v.assigneeId ?? null;
    if (action === 'reassign') input.assigneeId = v.toQueue ? null : (v.assigneeId ?? null);
    if (action === 'book') {
      if (v.appointmentAt) input.appointmentAt = v.appointmentAt.toISOString();
      if (v.customerRequested) input.customerRequested = true;
    }
    if (action === 'wait' && v.waitFor) input.waitFor = v.waitFor;
    if (action === 'resolve') {
      if (v.cause) input.cause = v.cause;
      input.resolution = v.resolution?.trim() ?? '';
      if (v.pairNo != null) input.pairNo = v.pairNo;
    }
    if (action === 'callback') {
      if (v.score != null) input.score = v.score;
      if (v.solved != null) input.solved = v.solved;
      if (v.comment?.trim()) input.comment = v.comment.trim();
    }
    setBusy(true);
    const ok = await send(input, form as FormInstance);
    setBusy(false);
    if (ok) onClose();
  }

  return (
    <Modal
      open
      title={
        <span data-testid="action-dialog-title">
          {t(`orders.action.${action}`)} · {order.code}
        </span>
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(`orders.action.${action}`)}
      okButtonProps={{ 'data-testid': 'action-submit' } as ButtonProps}
      confirmLoading={busy}
      destroyOnClose
      width={480}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} data-testid="action-dialog" initialValues={{ toQueue: false }}>
        {(action === 'assign' || action === 'reassign') && (
          <>
            {action === 'reassign' && (
              <Form.Item name="toQueue" valuePropName="checked">
                <Checkbox data-testid="action-to-queue">{t('orders.form.toQueue')}</Checkbox>
              </Form.Item>
            )}
            {!toQueue && (
              <Form.Item name="assigneeId" label={t('orders.form.assignee')} rules={required} extra={t('orders.form.assigneeHint')}>
                <StaffSelect data-testid="action-assignee" role="area_manager" unitId={order.routing.communityId} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'book' && (
          <>
            <Form.Item name="appointmentAt" label={t('orders.form.appointmentAt')} rules={required}>
              <DatePicker
                data-testid="action-appointment"
                showTime={{ format: 'HH:mm', minuteStep: 15 }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={(d) => d.isBefore(dayjs().startOf('day')) || d.isAfter(dayjs().add(90, 'day'))}
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Form.Item name="customerRequested" valuePropName="checked" extra={t('orders.form.customerRequestedHint')}>
              <Checkbox data-testid="action-customer-requested">{t('orders.form.customerRequested')}</Checkbox>
            </Form.Item>
          </>
        )}
        {action === 'wait' && (
          <Form.Item name="waitFor" label={t('orders.form.waitFor')} rules={required}>
            <Radio.Group data-testid="action-wait-for">
              <Radio value="customer">{t('orders.waitFor.customer')}</Radio>
              <Radio value="material">{t('orders.waitFor.material')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {action === 'resolve' && (
          <>
            <Form.Item name="cause" label={t('orders.field.cause')} rules={order.type === 'fault' ? required : undefined}>
              <Select
                data-testid="action-cause"
                allowClear
                options={FAULT_CAUSES.map((c) => ({ value: c, label: t(`orders.cause.${c}`) }))}
              />
            </Form.Item>
            <Form.Item name="resolution" label={t('orders.field.resolution')} rules={required}>
              <Input.TextArea data-testid="action-resolution" rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item name="pairNo" label={t('orders.field.pairNo')}>
              <InputNumber data-testid="action-pair" min={1} max={2400} style={{ width: 160 }} />
            </Form.Item>
          </>
        )}
        {action === 'callback' && <CallbackFields />}
        {needsReason && (
          <Form.Item name="reason" label={t('orders.form.reason')} rules={required}>
            <Input.TextArea data-testid="action-reason" rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Score 1–5, solved yes/no, the subscriber's words (also used inline by the callback queue). */
export function CallbackFields() {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Form.Item name="score" label={t('orders.field.satisfaction')} rules={required}>
        <Radio.Group data-testid="action-score" optionType="button" buttonStyle="solid">
          {[1, 2, 3, 4, 5].map((n) => (
            <Radio.Button key={n} value={n}>
              <span data-testid={`action-score-${n}`}>{n}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="solved" label={t('orders.field.solved')} rules={required}>
        <Radio.Group data-testid="action-solved">
          <Radio value={true}>
            <span data-testid="action-solved-yes">{t('common.yes')}</span>
          </Radio>
          <Radio value={false}>
            <span data-testid="action-solved-no">{t('common.no')}</span>
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="comment" label={t('orders.form.comment')}>
        <Input.TextArea data-testid="action-comment" rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

export { fmtTime };
