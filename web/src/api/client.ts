// The one way the console talks to the server: relative URLs under /api/v1, the session
// cookie, problem details turned into ApiError, and any 401 reported to the sign-in guard.
import type { Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;
/** The app registers here to send the user back to sign-in whenever the API says 401. */
export function setUnauthorizedHandler(fn: UnauthorizedListener | null) {
  onUnauthorized = fn;
}

export interface RequestOptions {
  body?: unknown;
  /** The object's version for If-Match (PATCH, retire, reactivate, cancel). */
  version?: number;
  idempotencyKey?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Do not treat a 401 as "session over" (the sign-in call itself). */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** A body sent as is (a file upload), with its Content-Type. */
  raw?: { body: Blob | string; contentType: string };
}

export const API = '/api/v1';

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  return `${API}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.version !== undefined) headers['If-Match'] = `"${opts.version}"`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ status: 0, title: 'Network error', detail: (e as Error).message }, null);
  }

  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const problem: Problem =
      json && typeof json === 'object'
        ? { ...(json as Problem), status: (json as Problem).status ?? res.status }
        : { status: res.status, title: res.statusText || `HTTP ${res.status}`, detail: text.slice(0, 300) || undefined };
    problem.status = res.status;
    const ra = res.headers.get('Retry-After');
    const err = new ApiError(problem, ra && /^\d+$/.test(ra) ? Number(ra) : null);
    if (res.status === 401 && !opts.quiet401 && onUnauthorized) onUnauthorized();
    throw err;
  }
  return { data: json as T, headers: res.headers, status: res.status };
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts).then((r) => r.data),
  list: async <T>(path: string, opts?: RequestOptions) => {
    const r = await request<T[]>('GET', path, opts);
    const total = Number(r.headers.get('X-Total-Count'));
    return { items: r.data ?? [], total: Number.isFinite(total) && r.headers.has('X-Total-Count') ? total : (r.data ?? []).length };
  },
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, body: body ?? opts?.body }).then((r) => r.data),
  patch: <T>(path: string, body: unknown, version: number, opts?: RequestOptions) =>
    request<T>('PATCH', path, { ...opts, body, version }).then((r) => r.data),
  del: (path: string, opts?: RequestOptions) => request<void>('DELETE', path, opts).then(() => undefined),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) =>
    request<T>('PUT', path, { ...opts, body }).then((r) => r.data),
  /** A file (CSV export): the body as a Blob and the file name the server suggests. */
  download: async (path: string, opts: RequestOptions = {}): Promise<{ blob: Blob; filename: string | null }> => {
    let res: Response;
    try {
      res = await fetch(buildUrl(path, opts.query), { credentials: 'same-origin', signal: opts.signal });
    } catch (e) {
      throw new ApiError({ status: 0, title: 'Network error', detail: (e as Error).message }, null);
    }
    if (!res.ok) {
      const text = await res.text();
      let problem: Problem;
      try {
        problem = { ...(JSON.parse(text) as Problem), status: res.status };
      } catch {
        problem = { status: res.status, title: res.statusText || `HTTP ${res.status}` };
      }
      if (res.status === 401 && onUnauthorized) onUnauthorized();
      throw new ApiError(problem, null);
    }
    const cd = res.headers.get('Content-Disposition') ?? '';
    const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
    return { blob: await res.blob(), filename: m ? decodeURIComponent(m[1]) : null };
  },
};

/** A fresh Idempotency-Key for one create attempt (reused if the same form is resubmitted). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
