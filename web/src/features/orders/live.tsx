// The live feed: one WebSocket per tab on /api/v1/events (the session cookie signs it in; the
// server sends only the events the reader may see). Each event refreshes the order it is about and
// the order lists on screen (board, my day, callbacks); nothing polls while the socket is open.
// When it drops: reconnect with backoff, resuming after the last event received (?after=), and
// refetch once after reconnecting; while disconnected the live screens poll slowly (SLOW_POLL_MS).
import { Badge, Tooltip } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API } from '../../api/client';
import { meKey } from '../../api/hooks';
import { ordersKey } from './api';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** Polling period of the live screens while the socket is down. */
export const SLOW_POLL_MS = 30_000;

/** Backoff between reconnection attempts: 1 s, 2 s, 4 s … at most 30 s, with jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(30_000, 1_000 * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.25));
}

/** Without a provider (e.g. on the sign-in page) nothing is live: screens poll slowly. */
const LiveContext = createContext<LiveStatus>('reconnecting');

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext);
}

/** The refetch period a live screen uses: none while the feed is up, slow polling while it is down. */
export function useLiveInterval(live = true): number | false {
  const status = useLiveStatus();
  return live && status !== 'live' ? SLOW_POLL_MS : false;
}

interface EventMessage {
  type: 'event';
  id: number;
  orderId: number;
}
type Message = { type: 'hello'; after: number; lastId: number } | EventMessage | { type: 'closed'; reason?: string };

/** Mounted once inside the signed-in layout: owns the tab's socket. */
export function LiveOrders({ children }: { children: React.ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    let ws: WebSocket | null = null;
    let stopped = false;
    let attempt = 0;
    let opened = false; // a socket has been live before: the next hello is a reconnection
    let cursor: number | null = null; // id of the last event received (or where the stream began)
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const touched = new Set<number>();

    // Events come in bursts (create + assign, a sweep): refresh once per burst.
    const flush = () => {
      flushTimer = undefined;
      const ids = [...touched];
      touched.clear();
      for (const id of ids) void qc.invalidateQueries({ queryKey: [...ordersKey, 'one', id] });
      void qc.invalidateQueries({ queryKey: [...ordersKey, 'list'] });
    };

    const connect = () => {
      retry = undefined;
      const url = new URL(`${API}/events`, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      if (cursor != null) url.searchParams.set('after', String(cursor));
      const sock = new WebSocket(url);
      ws = sock;
      sock.onmessage = (m) => {
        let msg: Message;
        try {
          msg = JSON.parse(String(m.data)) as Message;
        } catch {
          return;
        }
        if (msg.type === 'hello') {
          if (cursor == null) cursor = msg.after;
          attempt = 0;
          setStatus('live');
          // Events may have been missed while down (or the server restarted): refetch once.
          if (opened) void qc.invalidateQueries({ queryKey: ordersKey });
          opened = true;
        } else if (msg.type === 'event') {
          cursor = Math.max(cursor ?? 0, msg.id);
          touched.add(msg.orderId);
          if (!flushTimer) flushTimer = setTimeout(flush, 100);
        } else if (msg.type === 'closed') {
          // Signed out elsewhere: asking who we are leads to the sign-in page.
          void qc.invalidateQueries({ queryKey: meKey });
        }
      };
      sock.onclose = () => {
        if (ws !== sock) return;
        ws = null;
        if (stopped) return;
        setStatus('reconnecting');
        retry = setTimeout(connect, backoffMs(attempt));
        attempt += 1;
      };
    };
    connect();

    // Back online or back in front (a phone waking up): do not wait for the backoff.
    const hurry = () => {
      if (stopped || ws || document.visibilityState === 'hidden') return;
      if (retry) clearTimeout(retry);
      attempt = 0;
      connect();
    };
    window.addEventListener('online', hurry);
    document.addEventListener('visibilitychange', hurry);

    return () => {
      stopped = true;
      window.removeEventListener('online', hurry);
      document.removeEventListener('visibilitychange', hurry);
      if (retry) clearTimeout(retry);
      if (flushTimer) clearTimeout(flushTimer);
      const sock = ws;
      ws = null;
      sock?.close();
    };
  }, [qc]);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}

/** The small "live / reconnecting" mark in the header. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  return (
    <Tooltip title={t(`orders.live.${status}Hint`)}>
      <span data-testid="live-status" data-status={status}>
        <Badge
          status={status === 'live' ? 'success' : status === 'connecting' ? 'processing' : 'warning'}
          text={t(`orders.live.${status}`)}
        />
      </span>
    </Tooltip>
  );
}
