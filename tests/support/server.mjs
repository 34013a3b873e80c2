// Starts a real bluechannel process on a free loopback port, on a fresh SQLite file or a fresh
// PostgreSQL database, seeded with the demo organisation. Used by the API and browser tests.
//   BC_BIN       the bluechannel binary (set by CTest)
//   BC_TEST_DB   "sqlite" (default) or "postgres"
//   BC_TEST_PG   URL of the throwaway PostgreSQL server (set by CTest when it started one)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const BIN = process.env.BC_BIN || new URL('../../build/bluechannel', import.meta.url).pathname;
export const DB_KIND = process.env.BC_TEST_DB || 'sqlite';
export const ADMIN_PASSWORD = 'admin-test-password-1';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// A fresh database: a file in a temp dir, or a new database on the test PostgreSQL server.
export function freshDatabase(label = 'test') {
  const dir = mkdtempSync(join(tmpdir(), `bc-${label}-`));
  if (DB_KIND === 'postgres') {
    const base = process.env.BC_TEST_PG;
    if (!base) throw new Error('BC_TEST_PG is not set: start PostgreSQL with tests/support/pg.sh');
    const name = `bc_${label.replace(/[^a-z0-9]/gi, '_')}_${process.pid}_${Math.floor(Math.random() * 1e9)}`.toLowerCase();
    execFileSync('psql', [base, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
    const url = base.replace(/\/[^/]*$/, `/${name}`);
    return { url, dir, drop: () => { try { execFileSync('psql', [base, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' }); } catch {} rmSync(dir, { recursive: true, force: true }); } };
  }
  return { url: join(dir, 'bluechannel.db'), dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

export function cli(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

// Starts a server; `demo: true` seeds the demo organisation first (admin password ADMIN_PASSWORD).
// `subscribers`: how many demo subscribers (the full city's 700,000 would slow every test file down).
export async function startServer({ label = 'test', demo = true, subscribers = 3000, env = {}, args = [] } = {}) {
  const db = freshDatabase(label);
  if (demo) cli(['demo', '--db', db.url, '--admin-password', ADMIN_PASSWORD, '--subscribers', String(subscribers)]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ['serve', '--db', db.url, '--listen', `127.0.0.1:${port}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BLUECHANNEL_LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  for (let i = 0; ; i++) {
    try { const r = await fetch(`${url}/healthz`); if (r.ok) break; } catch {}
    if (proc.exitCode !== null || i > 200) { proc.kill('SIGKILL'); db.drop(); throw new Error(`server did not start:\n${output}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url, db, proc,
    output: () => output,
    async stop() {
      if (proc.exitCode === null) { proc.kill('SIGTERM'); await exited; }
      db.drop();
    },
  };
}

// A small client that keeps the session cookie like a browser would.
export class Client {
  constructor(base) { this.base = base; this.cookie = ''; this.headers = {}; }
  async request(method, path, { body, headers = {} } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined && typeof body !== 'string') { h['content-type'] = 'application/json'; body = JSON.stringify(body); }
    const res = await fetch(this.base + path, { method, headers: h, body });
    const set = res.headers.get('set-cookie');
    if (set) { const m = /bc_session=([^;]*)/.exec(set); if (m) this.cookie = m[1] ? `bc_session=${m[1]}` : ''; }
    const text = await res.text();
    let json; try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, headers: res.headers, json, text };
  }
  get(p, o) { return this.request('GET', p, o); }
  post(p, body, o = {}) { return this.request('POST', p, { ...o, body }); }
  patch(p, body, o = {}) { return this.request('PATCH', p, { ...o, body }); }
  put(p, body, o = {}) { return this.request('PUT', p, { ...o, body }); }
  delete(p, o) { return this.request('DELETE', p, o); }
  async login(username, password) {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    return r;
  }
}
