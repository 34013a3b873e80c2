// Performance data: KPI figures and drill-down, trends, rankings, revenue and targets. All under
// the ['perf'] query key so a saved target refreshes every figure that shows it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Unit } from '../../api/types';
import type { KpiChildren, KpiManager, KpiPeriodKind, KpiTrend, Ranking, RevenueReport, RevenueSellers, RevenueTarget, RevenueTrend } from './types';

export const perfKey = ['perf'] as const;

export function useKpiChildren(unitId: number | null, period: KpiPeriodKind, at: string) {
  return useQuery({
    queryKey: [...perfKey, 'children', unitId, period, at],
    queryFn: ({ signal }) => api.get<KpiChildren>('/kpis/children', { query: { unitId, period, at }, signal }),
    enabled: unitId != null,
    placeholderData: keepPreviousData,
  });
}

/** A unit's 24-month trend, or (managerId) a manager's own within the unit (null: the caller's scope). */
export function useKpiTrend(unitId: number | null, enabled = true, managerId: number | null = null) {
  return useQuery({
    queryKey: [...perfKey, 'trend', unitId, managerId],
    queryFn: ({ signal }) =>
      api.get<KpiTrend>('/kpis/trend', { query: { unitId: unitId ?? undefined, managerId: managerId ?? undefined, months: 24 }, signal }),
    enabled: (unitId != null || managerId != null) && enabled,
    staleTime: 60_000,
  });
}

/** A manager's own figures within a unit (null: the caller's scope), as their drill-down row. */
export function useKpiManager(managerId: number | null, unitId: number | null, period: KpiPeriodKind, at: string) {
  return useQuery({
    queryKey: [...perfKey, 'manager', managerId, unitId, period, at],
    queryFn: ({ signal }) =>
      api.get<KpiManager>('/kpis', { query: { managerId, unitId: unitId ?? undefined, period, at }, signal }),
    enabled: managerId != null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useRevenue(unitId: number | null, month: string, enabled = true) {
  return useQuery({
    queryKey: [...perfKey, 'revenue', unitId, month],
    queryFn: ({ signal }) => api.get<RevenueReport>('/revenue', { query: { unitId, month }, signal }),
    enabled: unitId != null && enabled,
    placeholderData: keepPreviousData,
  });
}

export function useRevenueTrend(unitId: number | null, to: string, enabled = true) {
  return useQuery({
    queryKey: [...perfKey, 'revenueTrend', unitId, to],
    queryFn: ({ signal }) => api.get<RevenueTrend>('/revenue/trend', { query: { unitId, months: 24, to }, signal }),
    enabled: unitId != null && enabled,
    staleTime: 60_000,
  });
}

export function useRanking(unitId: number | null, period: 'month' | 'quarter', at: string, top: number) {
  return useQuery({
    queryKey: [...perfKey, 'ranking', unitId, period, at, top],
    queryFn: ({ signal }) => api.get<Ranking>('/rankings', { query: { unitId, period, at, top }, signal }),
    enabled: unitId != null,
    placeholderData: keepPreviousData,
  });
}

export function useSellers(unitId: number | null, month: string) {
  return useQuery({
    queryKey: [...perfKey, 'sellers', unitId, month],
    queryFn: ({ signal }) => api.get<RevenueSellers>('/revenue/sellers', { query: { unitId, month }, signal }),
    enabled: unitId != null,
    placeholderData: keepPreviousData,
  });
}

export const targetKey = (unitId: number | null, month: string) => [...perfKey, 'target', unitId, month] as const;

export function useTarget(unitId: number | null, month: string) {
  return useQuery({
    queryKey: targetKey(unitId, month),
    queryFn: ({ signal }) => api.get<RevenueTarget>(`/revenue-targets/${unitId}/${month}`, { signal }),
    enabled: unitId != null && /^\d{4}-\d{2}$/.test(month),
    retry: false,
  });
}

/** A unit with its path (the breadcrumb); the same key as the unit pickers use. */
export function useUnit(id: number | null) {
  return useQuery({
    queryKey: ['unit', id],
    queryFn: () => api.get<Unit>(`/units/${id}`),
    enabled: id != null,
    staleTime: 30_000,
  });
}
