// Pay data: runs, statements, a statement's lines; approve and compute. Under ['pay'].
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import type { PayRateVersion, PayRun, PayStatement, PayStatementDetail } from './types';

export const payKey = ['pay'] as const;

export function usePayRuns(networkId?: number | null) {
  return useQuery({
    queryKey: [...payKey, 'runs', networkId ?? null],
    queryFn: ({ signal }) => api.list<PayRun>('/pay-runs', { query: { networkId, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePayRun(id: number) {
  return useQuery({
    queryKey: [...payKey, 'run', id],
    queryFn: ({ signal }) => api.get<PayRun>(`/pay-runs/${id}`, { signal }),
    retry: false,
  });
}

export function useStatements(runId: number | null) {
  return useQuery({
    queryKey: [...payKey, 'statements', runId],
    queryFn: ({ signal }) => api.list<PayStatement>(`/pay-runs/${runId}/statements`, { query: { limit: 1000 }, signal }),
    enabled: runId != null,
  });
}

export function useStatement(runId: number, managerId: number) {
  return useQuery({
    queryKey: [...payKey, 'statement', runId, managerId],
    queryFn: ({ signal }) => api.get<PayStatementDetail>(`/pay-runs/${runId}/statements/${managerId}`, { signal }),
    retry: false,
  });
}

export function useApprove() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (run: Pick<PayRun, 'id' | 'version'>) => request<PayRun>('POST', `/pay-runs/${run.id}/approve`, { version: run.version }).then((r) => r.data),
    onSettled: () => qc.invalidateQueries({ queryKey: payKey }),
  });
}

/** Downloads the export (xlsx or CSV) under the file name the server gives. */
export async function downloadExport(runId: number, format: 'xlsx' | 'csv', managerId?: number) {
  const { blob, filename } = await api.download(`/pay-runs/${runId}/export`, { query: { format, managerId } });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename ?? `pay-${runId}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every version of the rate table, newest first. */
export function usePayRates() {
  return useQuery({
    queryKey: [...payKey, 'rates'],
    queryFn: ({ signal }) => api.get<PayRateVersion[]>('/pay-rates', { signal }),
  });
}
