// Shared pieces of the plant module: what the server offers (its OpenAPI document), "not
// available yet" for the endpoints docs/plant.md marks (next), locale number formats, the
// occupancy colours and bar, and the pair-state colours.
import { Alert, Progress, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import type { PairState, Role } from '../../api/types';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * The paths and methods the running server declares in /api/v1/openapi.json. The (next)
 * endpoints of docs/plant.md appear there when the server gains them; until then their
 * buttons show "not available yet" instead of failing.
 */
export function useCapabilities() {
  const q = useQuery({
    queryKey: ['meta', 'openapi'],
    queryFn: () => api.get<{ paths?: Record<string, Record<string, unknown>> }>('/openapi.json'),
    staleTime: 10 * 60_000,
    retry: 1,
  });
  const paths = q.data?.paths ?? {};
  return {
    ready: !q.isPending,
    has: (method: Method, path: string) => !!paths[`/api/v1${path}`]?.[method],
  };
}

/** True when an answer says the server has no such endpoint (rather than no such object). */
export function isMissingEndpoint(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  if (err.status === 405 || err.status === 501) return true;
  return err.status === 404 && /^There is no /i.test(err.problem.detail ?? '');
}

export function NotAvailable({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="not-available"
      type="info"
      showIcon
      message={t('plant.na.title')}
      description={compact ? undefined : t('plant.na.detail')}
      style={{ marginBottom: 12 }}
    />
  );
}

/** A button that is disabled with a "not available yet" tooltip when the server lacks the endpoint. */
export function Available({ ok, children }: { ok: boolean; children: React.ReactElement }) {
  const { t } = useTranslation();
  if (ok) return children;
  return (
    <Tooltip title={t('plant.na.short')}>
      <span data-testid="not-available-action" style={{ display: 'inline-block' }}>
        {children}
      </span>
    </Tooltip>
  );
}

/** Numbers, percentages and money in the current language's conventions. */
export function useFormat() {
  const { i18n } = useTranslation();
  const loc = i18n.language.startsWith('zh') ? 'zh-CN' : 'en-GB';
  const int = new Intl.NumberFormat(loc);
  const pct = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 });
  const yuan = new Intl.NumberFormat(loc, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 });
  return {
    num: (n: number | null | undefined) => (n == null || !Number.isFinite(n) ? '—' : int.format(n)),
    pct: (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '—' : pct.format(x)),
    /** integer fen (分) → yuan */
    yuan: (fen: number | null | undefined) => (fen == null ? '—' : yuan.format(fen / 100)),
  };
}

export const OCC_STEPS: { upTo: number; color: string }[] = [
  { upTo: 0.5, color: '#52c41a' },
  { upTo: 0.7, color: '#a0d911' },
  { upTo: 0.85, color: '#fa8c16' },
  { upTo: Infinity, color: '#f5222d' },
];

export function occColor(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) return '#bfbfbf';
  return OCC_STEPS.find((s) => x < s.upTo)!.color;
}

export function OccupancyBar({ inUse, capacity, testId }: { inUse: number | null | undefined; capacity: number; testId?: string }) {
  const f = useFormat();
  if (inUse == null || !capacity) return <span style={{ color: '#bfbfbf' }}>—</span>;
  const x = inUse / capacity;
  return (
    <div data-testid={testId} data-occupancy={x.toFixed(4)} style={{ minWidth: 160, display: 'flex', alignItems: 'center', gap: 8 }}>
      <Progress
        percent={Math.round(x * 1000) / 10}
        showInfo={false}
        strokeColor={occColor(x)}
        size="small"
        style={{ flex: 1, margin: 0 }}
      />
      <span style={{ whiteSpace: 'nowrap', fontSize: 12, color: '#555', minWidth: 96, textAlign: 'right' }}>
        {f.pct(x)} · {f.num(inUse)}/{f.num(capacity)}
      </span>
    </div>
  );
}

export const PAIR_COLOR: Record<PairState, string> = {
  free: '#f0f0f0',
  in_use: '#1456b8',
  faulty: '#f5222d',
  reserved: '#faad14',
};

/** Roles that may change plant records (the server decides; this only hides what would be refused). */
export const PLANT_WRITERS: Role[] = ['administrator', 'centre_manager', 'office_head', 'community_head', 'area_manager'];
/** Imports and exports cover the whole archive: administrators only, for now (docs/api.md). */
export const EXPORTERS: Role[] = ['administrator'];
export const IMPORTERS: Role[] = ['administrator'];

/** A dist box's occupancy counts, whether from /occupancy or from its pairs. */
export interface BoxCounts {
  capacity: number;
  inUse: number;
  faulty: number;
  reserved: number;
  free: number;
}
