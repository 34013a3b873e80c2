// Piece-rate pay (docs/pay.md): the objects of /api/v1/pay-runs as the console reads them.
// ./contract.ts checks them against the generated OpenAPI types.
import type { Role } from '../../api/types';

export interface PayRatio {
  num: number;
  den: number;
}

export interface PayRun {
  id: number;
  networkId: number;
  month: string;
  status: 'draft' | 'approved';
  rateVersionId: number;
  version: number;
  computedBy: number;
  computedAt: string | null;
  computeMs: number;
  approvedBy: number | null;
  approvedAt: string | null;
  lines: number;
  managers: number;
  totalFen: number;
}

export interface PayStatement {
  managerId: number;
  managerName: string;
  username: string;
  unitId: number;
  unitName: string;
  workLines: number;
  adjustmentLines: number;
  workFen: number;
  adjustmentFen: number;
  totalFen: number;
}

export type PayPartCode =
  | 'rate'
  | 'within_deadline'
  | 'satisfied'
  | 'no_repeat'
  | 'callback_confirmed'
  | 'complaint'
  | 'breach'
  | 'commission'
  | 'adjustment';

export interface PayPart {
  code: PayPartCode;
  fen?: number;
  ratio?: PayRatio;
  whyEn: string;
  whyZh: string;
}

export interface PayLine {
  orderId: number;
  orderCode: string;
  type: string;
  setting: 'urban' | 'rural';
  kind: 'work' | 'adjustment';
  resolvedAt: string | null;
  adjustsMonth: string | null;
  baseFen: number;
  amountFen: number;
  parts: PayPart[];
}

export interface PayStatementDetail extends PayStatement {
  run: PayRun;
  lines: PayLine[];
}

/** Who computes and approves runs (the server decides; the console only offers the buttons). */
export const PAY_MANAGERS: Role[] = ['office_head', 'centre_manager', 'administrator'];

/** One version of the rate table (GET /pay-rates); fen per piece of work per order type. */
export interface PayRateVersion {
  id: number;
  version: number;
  effectiveFrom: string;
  ratesFen: Record<string, { urban: number; rural: number }>;
  multipliers: Record<string, PayRatio>;
  deductions: { complaintFen: number; breachFen: number };
  commission: PayRatio;
  note: string;
  createdBy: number | null;
  createdByName: string;
  createdAt: string | null;
}

export type PayRateVersionCreate = Pick<PayRateVersion, 'effectiveFrom' | 'ratesFen' | 'multipliers' | 'deductions' | 'commission' | 'note'>;

/** The quality multipliers, in the order docs/pay.md lists them. */
export const MULTIPLIERS = ['withinDeadline', 'satisfied', 'noRepeat', 'callbackConfirmed'] as const;
