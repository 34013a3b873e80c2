// Shared helpers for the HTTP API suite: one server per test file, the admin client, demo look-ups,
// signing in as demo users, problem+json assertions and checks against the OpenAPI schemas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Client, ADMIN_PASSWORD, DB_KIND, cli } from '../../support/server.mjs';

export { startServer, Client, ADMIN_PASSWORD, DB_KIND, cli, assert };

export const OPENAPI = JSON.parse(readFileSync(new URL('../../../src/api/openapi.json', import.meta.url), 'utf8'));
export const API_MD = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
export const TEST_PASSWORD = 'Test-password-42';
export const ISO_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d)$/;

let counter = 0;
// A short unique suffix (codes are at most 40 characters).
export function uniq() {
  counter += 1;
  return `${(Date.now() % 1e7).toString(36)}${process.pid.toString(36)}${counter}`;
}

// The endpoint table of docs/api.md as [method, path] pairs.
export function documentedEndpoints() {
  const out = [];
  for (const line of API_MD.split('\n')) {
    const m = /^\|\s*(GET|POST|PATCH|PUT|DELETE)\s*\|\s*(\/\S*)\s*\|/.exec(line);
    if (m) out.push([m[1], m[2]]);
  }
  return out;
}

// ---------- problem+json ----------
// Asserts an RFC 9457 problem with one of `statuses`; when `field` is given, errors[] must name it.
export function assertProblem(res, statuses, field, msg = '') {
  const want = [].concat(statuses);
  const where = `${msg} → ${res.status} ${res.text?.slice(0, 300)}`;
  assert.ok(want.includes(res.status), `expected status ${want.join('|')}${where}`);
  assert.match(res.headers.get('content-type') || '', /^application\/problem\+json/, `problem content type${where}`);
  assert.ok(res.json && typeof res.json === 'object', `problem body is JSON${where}`);
  assert.equal(res.json.status, res.status, `problem.status equals the HTTP status${where}`);
  assert.equal(typeof res.json.title, 'string', `problem.title${where}`);
  validate('Problem', res.json, { where: 'problem' });
  if (field !== undefined) {
    assert.ok(Array.isArray(res.json.errors), `problem.errors present${where}`);
    const fields = res.json.errors.map((e) => e.field);
    assert.ok(fields.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`)),
      `problem.errors names "${field}" (got ${JSON.stringify(fields)})${where}`);
    for (const e of res.json.errors) assert.ok(typeof e.reason === 'string' && e.reason.length > 0, `each error has a reason${where}`);
  }
  return res.json;
}

export function assertStatus(res, status, msg = '') {
  assert.equal(res.status, status, `${msg} expected ${status}, got ${res.status} ${res.text?.slice(0, 400)}`);
  return res.json;
}

// ---------- JSON Schema (the subset the contract uses) ----------
function resolve(schema) {
  while (schema && schema.$ref) {
    const parts = schema.$ref.replace(/^#\//, '').split('/');
    let s = OPENAPI;
    for (const p of parts) s = s?.[p];
    if (!s) throw new Error(`unresolved ${schema.$ref}`);
    schema = { ...s, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) };
  }
  return schema;
}
function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}
function declared(schema) {
  schema = resolve(schema);
  const names = new Set(Object.keys(schema.properties || {}));
  for (const s of schema.allOf || []) for (const n of declared(s)) names.add(n);
  return names;
}
function check(schema, v, path, errors, strict) {
  schema = resolve(schema);
  if (schema.allOf) for (const s of schema.allOf) check(s, v, path, errors, false);
  if (schema.oneOf) {
    const ok = schema.oneOf.filter((s) => { const e = []; check(s, v, path, e, strict); return e.length === 0; });
    if (ok.length !== 1) errors.push(`${path}: matches ${ok.length} of oneOf`);
  }
  if (schema.type) {
    const types = [].concat(schema.type);
    const t = typeOf(v);
    if (!(types.includes(t) || (t === 'integer' && types.includes('number')))) { errors.push(`${path}: ${JSON.stringify(v)} is not ${types.join('|')}`); return; }
  }
  if (schema.enum && !schema.enum.includes(v)) errors.push(`${path}: ${JSON.stringify(v)} not in ${schema.enum.join(',')}`);
  if (typeof v === 'string') {
    if (schema.format === 'date-time' && !ISO_OFFSET.test(v)) errors.push(`${path}: "${v}" is not ISO 8601 with an offset`);
    if (schema.pattern && !new RegExp(schema.pattern).test(v)) errors.push(`${path}: "${v}" does not match ${schema.pattern}`);
  }
  if (Array.isArray(v) && schema.items) v.forEach((x, i) => check(schema.items, x, `${path}[${i}]`, errors, strict));
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const r of schema.required || []) if (!(r in v)) errors.push(`${path}: missing "${r}"`);
    for (const [k, s] of Object.entries(schema.properties || {})) if (k in v) check(s, v[k], `${path}.${k}`, errors, strict);
    if (strict && (schema.properties || schema.allOf)) {
      const names = declared(schema);
      for (const k of Object.keys(v)) if (!names.has(k)) errors.push(`${path}: "${k}" is not in the OpenAPI schema`);
    }
  }
}
// Validates a response object against components/schemas/<name>; strict: also no undeclared properties.
export function schemaErrors(name, value, { strict = false, where = name } = {}) {
  const errors = [];
  check({ $ref: `#/components/schemas/${name}` }, value, where, errors, strict);
  return errors;
}
export function validate(name, value, { strict = false, where = name } = {}) {
  const errors = schemaErrors(name, value, { strict, where });
  assert.deepEqual(errors, [], `response does not match OpenAPI schema ${name}:\n  ${errors.slice(0, 10).join('\n  ')}`);
}

// ---------- the server of a test file ----------
// Call at the top of a test file: starts the server before the tests, stops it after.
// Returns a context whose fields are filled in once before() has run.
export function useServer({ before, after }, opts = {}) {
  const ctx = { server: null, admin: null, url: '' };
  let ready;
  ctx.ready = new Promise((resolve, reject) => { ready = { resolve, reject }; });
  ctx.ready.catch(() => {});
  before(async () => {
    try {
      ctx.server = await startServer({ label: opts.label || 'api', ...opts });
      ctx.url = ctx.server.url;
      ctx.admin = new Client(ctx.url);
      await ctx.admin.login('admin', ADMIN_PASSWORD);
      ctx.adminMe = (await ctx.admin.get('/api/v1/auth/me')).json;
      ready.resolve();
    } catch (e) { ready.reject(e); throw e; }
  }, { timeout: 60000 });
  // node:test runs a file's top-level before hooks concurrently: hooks that need the server use this.
  ctx.before = (fn, o) => before(async () => { await ctx.ready; return fn(); }, o);
  after(async () => { if (ctx.server) await ctx.server.stop(); });
  ctx.client = () => new Client(ctx.url);
  ctx.anon = () => new Client(ctx.url);
  ctx.unit = (code) => unitByCode(ctx.admin, code);
  ctx.staff = (username) => staffByUsername(ctx.admin, username);
  const signedIn = new Map();
  // A signed-in client for a demo user (its password set through the API once per file).
  ctx.signIn = (username) => {
    if (!signedIn.has(username)) signedIn.set(username, signIn(ctx, username));
    return signedIn.get(username);
  };
  return ctx;
}

const cache = new WeakMap();
function memo(client, key, f) {
  if (!cache.has(client)) cache.set(client, new Map());
  const m = cache.get(client);
  if (!m.has(key)) m.set(key, f());
  return m.get(key);
}
export function unitByCode(admin, code) {
  return memo(admin, `u:${code}`, async () => {
    const r = await admin.get(`/api/v1/units?q=${encodeURIComponent(code)}&status=all&limit=1000`);
    assertStatus(r, 200, `GET units?q=${code}`);
    const u = r.json.find((x) => x.code === code);
    assert.ok(u, `unit ${code} exists in the demo organisation`);
    return u;
  });
}
export function staffByUsername(admin, username) {
  return memo(admin, `s:${username}`, async () => {
    const r = await admin.get(`/api/v1/staff?q=${encodeURIComponent(username)}&status=all&limit=1000`);
    assertStatus(r, 200, `GET staff?q=${username}`);
    const s = r.json.find((x) => x.username === username);
    assert.ok(s, `staff ${username} exists in the demo organisation`);
    return s;
  });
}
// Sets a password for a demo user through the admin API and returns a signed-in client.
export async function signIn(ctx, username, password = TEST_PASSWORD) {
  const s = await ctx.staff(username);
  const r = await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, { password });
  assertStatus(r, 200, `reset-password ${username}`);
  const c = new Client(ctx.url);
  await c.login(username, password);
  return c;
}

// If-Match header for an object (or a version number).
export const ifMatch = (v) => ({ 'if-match': `"${typeof v === 'object' ? v.version : v}"` });

// ---------- fixtures built through the API ----------
// A fresh community under `officeCode` with `managers` new area managers (all with TEST_PASSWORD).
export async function makeCommunity(ctx, { officeCode = 'CS-O1', managers = 2, tag = uniq() } = {}) {
  const office = await ctx.unit(officeCode);
  const r = await ctx.admin.post('/api/v1/units', { kind: 'community', code: `T-C-${tag}`, name: `测试社区 ${tag}`, parentId: office.id });
  assertStatus(r, 201, 'create community');
  const community = r.json;
  const mgrs = [];
  for (let i = 0; i < managers; i++) mgrs.push(await makeStaff(ctx, { unitId: community.id, tag: `${tag}${i}` }));
  return { office, community, managers: mgrs };
}
export async function makeStaff(ctx, { unitId, role = 'area_manager', tag = uniq(), name } = {}) {
  const r = await ctx.admin.post('/api/v1/staff', {
    username: `t.${tag}`.toLowerCase(), name: name || `测试员工${tag}`, role, unitId, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, password: TEST_PASSWORD,
  });
  assertStatus(r, 201, `create staff ${role}`);
  return r.json;
}
export async function makeArea(ctx, { community, responsible, backup, tag = uniq(), client = ctx.admin }) {
  const r = await client.post('/api/v1/units', {
    kind: 'area', code: `T-A-${tag}`, name: `测试片区 ${tag}`, parentId: community.id, responsibleId: responsible.id, backupId: backup.id,
  });
  assertStatus(r, 201, 'create area');
  return r.json;
}
// ISO time `hours` from now (negative: past), in UTC.
export const hoursFromNow = (h) => new Date(Date.now() + h * 3600e3).toISOString();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
