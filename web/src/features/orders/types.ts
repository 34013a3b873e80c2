// Work orders (docs/work-orders.md): the objects of /api/v1/orders as the console reads them.
// ./contract.ts checks them against the generated OpenAPI types.
import type { Problem } from '../../api/types';

export type OrderType = 'new_line' | 'move' | 'feature' | 'broadband' | 'fault' | 'complaint' | 'care_visit' | 'hazard' | 'other';
export const ORDER_TYPES: OrderType[] = ['fault', 'new_line', 'move', 'feature', 'broadband', 'complaint', 'care_visit', 'hazard', 'other'];

export type OrderChannel = 'manager' | 'business_hall' | 'hotline' | 'web_form' | 'patrol' | 'network_alarm';

export type OrderState =
  | 'created'
  | 'assigned'
  | 'accepted'
  | 'appointment_booked'
  | 'en_route'
  | 'on_site'
  | 'waiting'
  | 'resolved'
  | 'confirmed'
  | 'closed'
  | 'returned'
  | 'cancelled'
  | 'reopened';
export const ORDER_STATES: OrderState[] = [
  'created',
  'assigned',
  'accepted',
  'appointment_booked',
  'en_route',
  'on_site',
  'waiting',
  'resolved',
  'confirmed',
  'closed',
  'returned',
  'cancelled',
  'reopened',
];
/** The states someone still has to act on (what `state=open` means on the server). */
export const OPEN_STATES: OrderState[] = ['created', 'assigned', 'accepted', 'appointment_booked', 'en_route', 'on_site', 'waiting', 'returned', 'reopened'];

export type OrderAction =
  | 'assign'
  | 'reassign'
  | 'accept'
  | 'book'
  | 'depart'
  | 'arrive'
  | 'wait'
  | 'resume'
  | 'resolve'
  | 'callback'
  | 'close'
  | 'return'
  | 'cancel'
  | 'reopen';

export type FaultCause = 'drop_line' | 'dist_box' | 'cross_box' | 'cable' | 'in_home' | 'subscriber_equipment' | 'network' | 'other';
export const FAULT_CAUSES: FaultCause[] = ['drop_line', 'dist_box', 'cross_box', 'cable', 'in_home', 'subscriber_equipment', 'network', 'other'];

export type Risk = 'ok' | 'at_risk' | 'breached';

export interface DeadlineClock {
  dueAt: string | null;
  usedMinutes: number;
  allowedMinutes: number;
  fraction: number;
  risk: Risk;
  paused: boolean;
}

export type RoutingReason = 'responsible' | 'backup' | 'community_queue' | 'manual';

export interface OrderRouting {
  reason: RoutingReason;
  areaId: number | null;
  communityId: number;
  officeId: number;
  networkId: number;
  assigneeId: number | null;
  distBoxId: number | null;
  rural: boolean;
  explanation: string;
  explanationEn: string;
  explanationZh: string;
}

export interface OrderEvent {
  id: number;
  orderId: number;
  at: string;
  actorId: number | null;
  actorName: string;
  action: string;
  from: OrderState;
  to: OrderState;
  note: string;
  lat: number | null;
  lng: number | null;
  detail: Record<string, unknown>;
}

export type PauseReason = 'customer_unavailable' | 'customer_requested_date';

export interface OrderPause {
  from: string;
  to: string | null;
  reason: PauseReason;
}

export interface Order {
  id: number;
  code: string;
  type: OrderType;
  channel: OrderChannel;
  state: OrderState;
  routing: OrderRouting;
  customerId: number | null;
  serviceId: number | null;
  number: string;
  contactName: string;
  contactPhone: string;
  address: string;
  summary: string;
  details: Record<string, unknown>;
  aboutOrderId: number | null;
  externalRef: string | null;
  appointmentAt: string | null;
  commitment: DeadlineClock;
  legal: DeadlineClock;
  paused: boolean;
  escalation: 'none' | 'community_head' | 'office_head';
  repeatOf: number | null;
  cause: FaultCause | null;
  resolution: string;
  pairNo: number | null;
  feeFen: number;
  lateFeeFen: number;
  satisfaction: number | null;
  solved: boolean | null;
  createdBy: number;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  actions: OrderAction[];
  /** the order page only */
  events?: OrderEvent[];
  /** the order page only */
  pauses?: OrderPause[];
}

export interface OrderCreate {
  type: OrderType;
  channel?: OrderChannel;
  number?: string;
  customerId?: number;
  boxCode?: string;
  communityId?: number;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  summary: string;
  details?: Record<string, unknown>;
  aboutOrderId?: number;
  externalRef?: string;
  feeFen?: number;
}

export interface OrderActionInput {
  action: OrderAction;
  reason?: string;
  comment?: string;
  assigneeId?: number | null;
  appointmentAt?: string;
  customerRequested?: boolean;
  waitFor?: 'customer' | 'material';
  cause?: FaultCause;
  resolution?: string;
  pairNo?: number;
  score?: number;
  solved?: boolean;
  lat?: number;
  lng?: number;
}

/** A 409 on an order carries the order as it is now. */
export interface OrderProblem extends Problem {
  current?: Order;
}

/** Filters of GET /api/v1/orders. */
export interface OrderFilter {
  state?: string;
  type?: OrderType;
  mine?: boolean;
  queue?: boolean;
  assigneeId?: number;
  communityId?: number;
  officeId?: number;
  areaId?: number;
  customerId?: number;
  serviceId?: number;
  dueBefore?: string;
  /** Escalated at least this far (the sweeper's judgement of the deadline risk). */
  escalation?: 'community_head' | 'office_head';
  createdFrom?: string;
  createdTo?: string;
  sort?: 'dueAt' | 'createdAt' | '-createdAt';
  offset?: number;
  limit?: number;
}
