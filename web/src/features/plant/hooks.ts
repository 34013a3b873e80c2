// Plant queries shared by the pages: areas under a unit, the boxes of a set of areas, and each
// distribution box's counts (from GET /occupancy when the server has it, else from its pairs).
import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { AreaDetail, BoxPairs, CrossBox, DistBox, OccupancyRow, Unit } from '../../api/types';
import type { BoxCounts } from './common';
import { isMissingEndpoint } from './common';

export const MAX_AREAS = 60;
const MAX_PAIR_FETCHES = 150;

export function useUnit(id: number | null) {
  return useQuery({
    queryKey: ['unit', id],
    queryFn: () => api.get<Unit>(`/units/${id}`),
    enabled: id != null,
    staleTime: 30_000,
  });
}

/** The areas a unit stands for: itself (an area), or the areas of a community or office. */
export function useAreasOf(unit: Unit | undefined) {
  return useQuery({
    queryKey: ['areas', 'of', unit?.id, unit?.kind],
    enabled: !!unit,
    staleTime: 30_000,
    queryFn: async (): Promise<{ id: number; code: string; name: string }[]> => {
      if (!unit) return [];
      if (unit.kind === 'area') return [{ id: unit.id, code: unit.code, name: unit.name }];
      const filter = unit.kind === 'community' ? { communityId: unit.id } : unit.kind === 'office' ? { officeId: unit.id } : null;
      if (!filter) return [];
      const r = await api.list<AreaDetail>('/areas', { query: { ...filter, status: 'active', limit: 1000 } });
      return r.items.map((a) => ({ id: a.id, code: a.code, name: a.name }));
    },
  });
}

export function useDistBoxes(areaIds: number[]) {
  return useQueries({
    queries: areaIds.map((areaId) => ({
      queryKey: ['dist-boxes', 'area', areaId],
      queryFn: () => api.list<DistBox>('/dist-boxes', { query: { areaId, limit: 1000 } }).then((r) => r.items),
      staleTime: 30_000,
    })),
  });
}

export function useCrossBoxes(areaIds: number[]) {
  return useQueries({
    queries: areaIds.map((areaId) => ({
      queryKey: ['cross-boxes', 'area', areaId],
      queryFn: () => api.list<CrossBox>('/cross-boxes', { query: { areaId, limit: 1000 } }).then((r) => r.items),
      staleTime: 30_000,
    })),
  });
}

export function useBoxPairs(id: number | null) {
  return useQuery({
    queryKey: ['box-pairs', id],
    queryFn: () => api.get<BoxPairs>(`/dist-boxes/${id}/pairs`),
    enabled: id != null,
    staleTime: 15_000,
  });
}

/** GET /occupancy?parentId= (next): one row per child unit, or per box for an area. */
export function useOccupancy(parentId: number | null, enabled = true) {
  return useQuery({
    queryKey: ['occupancy', parentId],
    queryFn: () => api.get<OccupancyRow[]>('/occupancy', { query: { parentId } }),
    enabled: enabled && parentId != null,
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * Counts per distribution box of the given areas: one /occupancy call per area when the server
 * has it; otherwise each box's pairs (capped), which the box page reuses from the cache.
 */
export function useBoxCounts(areaIds: number[], boxes: DistBox[]) {
  const occ = useQueries({
    queries: areaIds.map((parentId) => ({
      queryKey: ['occupancy', parentId],
      queryFn: () => api.get<OccupancyRow[]>('/occupancy', { query: { parentId } }),
      staleTime: 30_000,
      retry: false,
    })),
  });
  const fallbackAreas = new Set(areaIds.filter((_, i) => occ[i].isError));
  const missing = occ.some((q) => q.isError && isMissingEndpoint(q.error));
  const pairBoxes = boxes.filter((b) => fallbackAreas.has(b.areaId)).slice(0, MAX_PAIR_FETCHES);
  const pairs = useQueries({
    queries: pairBoxes.map((b) => ({
      queryKey: ['box-pairs', b.id],
      queryFn: () => api.get<BoxPairs>(`/dist-boxes/${b.id}/pairs`),
      staleTime: 15_000,
    })),
  });
  const counts = new Map<number, BoxCounts>();
  occ.forEach((q) => (q.data ?? []).forEach((r) => counts.set(r.id, r)));
  pairBoxes.forEach((b, i) => {
    const d = pairs[i].data;
    if (d) counts.set(b.id, { capacity: d.capacity, inUse: d.inUse, faulty: d.faulty, reserved: d.reserved, free: d.free });
  });
  return {
    counts,
    fromPairs: pairBoxes.length > 0 || missing,
    loading: occ.some((q) => q.isPending) || pairs.some((q) => q.isPending),
  };
}
