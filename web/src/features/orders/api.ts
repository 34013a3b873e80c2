// Work-order data for every screen: one list hook (useOrders) and one order hook (useOrder), both
// under the ['orders'] query key, so the live feed (live.tsx: the WebSocket /api/v1/events)
// refreshes boards, the manager's day and open order pages by invalidating them; they poll only
// (slowly) while the feed is down.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, newIdempotencyKey } from '../../api/client';
import type { Order, OrderActionInput, OrderCreate, OrderFilter, OrderProblem } from './types';
import { useLiveInterval } from './live';

export const ordersKey = ['orders'] as const;

export function useOrders(filter: OrderFilter, opts: { live?: boolean; enabled?: boolean } = {}) {
  const interval = useLiveInterval(!!opts.live);
  return useQuery({
    queryKey: [...ordersKey, 'list', filter],
    queryFn: ({ signal }) => api.list<Order>('/orders', { query: { ...filter }, signal }),
    enabled: opts.enabled ?? true,
    refetchInterval: interval,
    placeholderData: keepPreviousData,
    staleTime: 2_000,
  });
}

export function useOrder(id: number | null) {
  const interval = useLiveInterval();
  return useQuery({
    queryKey: [...ordersKey, 'one', id],
    queryFn: ({ signal }) => api.get<Order>(`/orders/${id}`, { signal }),
    enabled: id != null && Number.isFinite(id),
    refetchInterval: interval,
    retry: false,
  });
}

export function createOrder(body: OrderCreate, idempotencyKey: string) {
  return api.post<Order>('/orders', body, { idempotencyKey });
}

/**
 * One Idempotency-Key per form and body: a double click or a retry of the same form sends the same
 * key (one order); a corrected body after a refusal gets a fresh key (the server would refuse a
 * reused key with a different body).
 */
export class FormKey {
  private key = newIdempotencyKey();
  private body: string | null = null;
  for(body: unknown): string {
    const text = JSON.stringify(body);
    if (this.body !== null && this.body !== text) this.key = newIdempotencyKey();
    this.body = text;
    return this.key;
  }
  reset() {
    this.key = newIdempotencyKey();
    this.body = null;
  }
}

/** The order as it is now, from a 409 answer (someone else acted first), if the server sent it. */
export function conflictCurrent(err: unknown): Order | null {
  if (err instanceof ApiError && err.status === 409) return (err.problem as OrderProblem).current ?? null;
  return null;
}

/** Takes an action with If-Match: the order's version; afterwards every order query refreshes. */
export function useOrderAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ order, input }: { order: Pick<Order, 'id' | 'version'>; input: OrderActionInput }) =>
      api.post<Order>(`/orders/${order.id}/actions`, input, { version: order.version }),
    onSettled: () => qc.invalidateQueries({ queryKey: ordersKey }),
  });
}
