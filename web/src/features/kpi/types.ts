// KPIs, rankings and revenue (docs/kpis.md, docs/revenue.md): the objects of /api/v1/kpis,
// /rankings and /revenue as the console reads them. ./contract.ts checks them against the
// generated OpenAPI types.

export type KpiPeriodKind = 'day' | 'month' | 'quarter' | 'year';
export const PERIODS: KpiPeriodKind[] = ['day', 'month', 'quarter', 'year'];

export interface KpiRatio {
  numerator: number;
  denominator: number;
  per: number;
  value: number | null;
}

export interface KpiFigures {
  counters: Record<string, number>;
  base: { linesInService: number; subscribers: number };
  months: number;
  rates: Record<string, KpiRatio>;
}

export interface KpiUnit extends KpiFigures {
  /** A unit kind, or "manager" (then `id` is the staff id; 0: work nobody holds). */
  kind: string;
  id: number;
  code: string;
  name: string;
}

export interface KpiPeriod {
  period: string;
  firstDay: string;
  lastDay: string;
  from: string;
  to: string;
}

export interface KpiChildren {
  unit: KpiUnit;
  period: KpiPeriod;
  children: KpiUnit[];
}

/** GET /kpis?managerId=: a manager's own figures within a unit. */
export interface KpiManager extends KpiUnit {
  unit: { kind: string; id: number; code: string; name: string };
  period: KpiPeriod;
}

export interface KpiTrend {
  unitId: number;
  managerId?: number;
  months: (KpiFigures & { month: string })[];
}

export interface RevenueFigure {
  unitId: number;
  code: string;
  name: string;
  kind: string;
  revenueFen: number;
  services: number;
  targetFen: number | null;
  completionPercent: string | null;
  gapFen: number | null;
}

export interface RevenueReport {
  month: string;
  unit: RevenueFigure;
  children: RevenueFigure[];
}

export interface RevenueTrendMonth {
  month: string;
  revenueFen: number;
  targetFen: number | null;
  completionPercent: string | null;
  gapFen: number | null;
}

export interface RevenueTrend {
  unitId: number;
  months: RevenueTrendMonth[];
}

export interface RevenueSeller {
  rank: number;
  staffId: number;
  name: string;
  username: string;
  unitId: number;
  unitName: string;
  amountFen: number;
  services: number;
}

export interface RevenueSellers {
  unitId: number;
  month: string;
  sellers: RevenueSeller[];
}

export interface RevenueTarget {
  unitId: number;
  month: string;
  amountFen: number | null;
  version: number;
  updatedBy: number | null;
  updatedAt: string | null;
}

export interface ScoreTerm {
  term: string;
  weight: number;
  appliedWeight: number;
  score: number | null;
}

export interface RankedManager {
  rank: number;
  staffId: number;
  username: string;
  name: string;
  areaIds: number[];
  score: { total: number | null; terms: ScoreTerm[]; redistributed: { term: string; reason: string }[] };
}

export interface Ranking {
  period: KpiPeriod;
  managers: RankedManager[];
  honourList: RankedManager[];
}

/** The rates the dashboard shows, in this order; how each is displayed. */
export type RateShow = 'percent' | 'per' | 'mean';
export const RATES: { key: string; show: RateShow }[] = [
  { key: 'complaintRate', show: 'per' },
  { key: 'faultRate', show: 'per' },
  { key: 'repairTimelinessLegal', show: 'percent' },
  { key: 'repairTimelinessCommitment', show: 'percent' },
  { key: 'installTimelinessLegal', show: 'percent' },
  { key: 'installTimelinessCommitment', show: 'percent' },
  { key: 'firstTimeFix', show: 'percent' },
  { key: 'repeatFaultRate', show: 'percent' },
  { key: 'meanSatisfaction', show: 'mean' },
  { key: 'shareSatisfied', show: 'percent' },
  { key: 'callbackCoverage', show: 'percent' },
  { key: 'recordAccuracy', show: 'percent' },
];
/** Plain counts shown beside the rates. */
export const COUNTS = ['leads', 'sales'] as const;

/** Unit kinds one can rank within (GET /rankings). */
export const RANKING_KINDS = ['community', 'office', 'centre', 'local_network', 'province'] as const;

export interface Scorecard {
  role: string;
  weights: Record<string, number>;
  complaintCeiling: number;
  builtIn?: boolean;
  version: number;
  updatedBy?: number | null;
  updatedAt?: string | null;
}

/** The scorecard terms (docs/kpis.md), in the order the editor shows them. */
export const TERMS = ['revenueCompletion', 'repairTimeliness', 'satisfaction', 'complaints', 'recordAccuracy', 'installTimeliness', 'firstTimeFix'] as const;
