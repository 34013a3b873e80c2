// Errors and safety: bad input is a 4xx problem a person can act on, never a 500, never a
// partial write; transport limits (413, 415, 431); unknown routes and wrong methods.
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, useServer, uniq, ifMatch, makeCommunity, ADMIN_PASSWORD,
} from './lib/common.mjs';
import { rawRequest } from './lib/raw.mjs';

const ctx = useServer({ before, after }, { label: 'errors' });
let office;
ctx.before(async () => { office = await ctx.unit('CS-O1'); });
const unitsNamed = async (code) => (await ctx.admin.get(`/api/v1/units?q=${encodeURIComponent(code)}&status=all`)).json.length;
const post = (path, body, headers = {}) => ctx.admin.request('POST', path, { body, headers: { 'content-type': 'application/json', ...headers } });

describe('malformed requests', () => {
  it('malformed JSON is a 400 problem and creates nothing', async () => {
    const code = `T-E-${uniq()}`;
    for (const raw of [`{"kind":"community","code":"${code}"`, `{kind:'community'}`, `{"kind":"community","code":"${code}",}`, '\u0000', '{"a":1}{"b":2}']) {
      assertProblem(await post('/api/v1/units', raw), 400, undefined, JSON.stringify(raw));
    }
    assert.equal(await unitsNamed(code), 0);
  });

  it('wrong types are 400 problems naming the field', async () => {
    const base = { kind: 'community', code: `T-E-${uniq()}`, name: '类型', parentId: office.id };
    for (const [field, value] of [['parentId', '12'], ['parentId', 1.5], ['name', ['x']], ['code', 12], ['kind', null], ['parentId', true]]) {
      assertProblem(await ctx.admin.post('/api/v1/units', { ...base, [field]: value }), 400, field, `${field}=${JSON.stringify(value)}`);
    }
    assert.equal(await unitsNamed(base.code), 0);
  });

  it('a body that is not JSON is 415', async () => {
    const code = `T-E-${uniq()}`;
    const body = JSON.stringify({ kind: 'community', code, name: '文本', parentId: office.id });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      assertProblem(await ctx.admin.request('POST', '/api/v1/units', { body, headers: { 'content-type': type } }), 415, undefined, type);
    }
    const none = await fetch(`${ctx.url}/api/v1/units`, { method: 'POST', headers: { cookie: ctx.admin.cookie }, body: new Blob([body]) });
    assert.equal(none.status, 415, 'no content type');
    assert.equal(await unitsNamed(code), 0);
    const charset = await ctx.admin.request('POST', '/api/v1/units', { body, headers: { 'content-type': 'application/json; charset=utf-8' } });
    assertStatus(charset, 201, 'application/json with a charset is JSON');
  });

  it('a body over 1 MiB is 413 and nothing is stored; just under the limit is read', async () => {
    const code = `T-E-${uniq()}`;
    const big = JSON.stringify({ kind: 'community', code, name: 'x'.repeat((1 << 20) + 10), parentId: office.id });
    const r = await rawRequest(ctx.url, [
      'POST /api/v1/units HTTP/1.1', `Host: 127.0.0.1`, `Cookie: ${ctx.admin.cookie}`, 'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(big)}`,
    ].join('\r\n'));
    assert.equal(r.status, 413, `answer before the body is sent: ${r.status} ${r.error || ''}`);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(r.json.status, 413);
    const sent = await ctx.admin.request('POST', '/api/v1/units', { body: big, headers: { 'content-type': 'application/json' } }).catch((e) => ({ status: 0, error: e }));
    assert.ok(sent.status === 413 || sent.status === 0, `the whole body sent: 413 (or the connection closed), got ${sent.status}`);
    assert.equal(await unitsNamed(code), 0);
    const under = JSON.stringify({ kind: 'community', code, name: 'y'.repeat(900 * 1024), parentId: office.id });
    assertProblem(await ctx.admin.request('POST', '/api/v1/units', { body: under, headers: { 'content-type': 'application/json' } }), [400, 422], 'name', 'read, then refused for the name');
    assertStatus(await ctx.admin.get('/api/v1/auth/me'), 200, 'the server is fine');
  });

  it('headers over the limit are 431', async () => {
    const r = await rawRequest(ctx.url, ['GET /api/v1/units HTTP/1.1', 'Host: 127.0.0.1', `X-Padding: ${'a'.repeat(64 * 1024)}`].join('\r\n'));
    assert.equal(r.status, 431, `got ${r.status} ${r.error || ''}`);
    assertStatus(await ctx.admin.get('/api/v1/auth/me'), 200, 'the server is fine');
  });

  it('odd ids, query values and unicode are 4xx, never 500', async () => {
    const probes = [
      ['GET', '/api/v1/units/abc'], ['GET', '/api/v1/units/-1'], ['GET', '/api/v1/units/0'], ['GET', '/api/v1/units/99999999999999999999999'],
      ['GET', '/api/v1/units/1.5'], ['GET', '/api/v1/staff/%00'], ['GET', '/api/v1/units?parentId=abc'], ['GET', '/api/v1/units?limit=-5'],
      ['GET', '/api/v1/units?offset=1e99'], ['GET', '/api/v1/audit?to=2026-13-45T99:99:99Z'], ['GET', '/api/v1/units?q=%E0%A4%A'],
      ['GET', '/api/v1/staff?q=%27%3B%20DROP%20TABLE%20staff%3B--'], ['GET', '/api/v1/absences?current=maybe'],
    ];
    for (const [m, p] of probes) {
      const r = await ctx.admin.request(m, p);
      assert.ok(r.status < 500, `${m} ${p} → ${r.status}`);
      if (r.status >= 400) assertProblem(r, [400, 404], undefined, `${m} ${p}`);
    }
    assertProblem(await ctx.admin.get('/api/v1/units/abc'), [400, 404]);
    assertStatus(await ctx.admin.get(`/api/v1/staff?q=${encodeURIComponent("'; DROP TABLE staff;--")}`), 200, 'SQL in a search is just text');
    assertStatus(await ctx.admin.get('/api/v1/staff?q=cs.m001'), 200);
  });

  it('deeply nested or huge-number JSON is a 400, not a crash', async () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    assert.ok((await post('/api/v1/units', deep)).status < 500, 'deep nesting');
    const huge = `{"kind":"community","code":"T-E-${uniq()}","name":"n","parentId":1e400}`;
    assertProblem(await post('/api/v1/units', huge), 400, 'parentId');
    assertStatus(await ctx.admin.get('/api/v1/auth/me'), 200, 'the server is fine');
  });

  it('strings are stored as sent: Chinese, emoji, quotes', async () => {
    const { community } = await makeCommunity(ctx, { managers: 0 });
    const name = '东塘社区 "引号" \\ 🚀 <b>';
    const r = assertStatus(await ctx.admin.patch(`/api/v1/units/${community.id}`, { name }, { headers: ifMatch(community) }), 200);
    assert.equal(r.name, name);
    assert.equal((await ctx.admin.get(`/api/v1/units/${community.id}`)).json.name, name);
  });
});

describe('routes and methods', () => {
  it('an unknown route is a 404 problem', async () => {
    for (const p of ['/api/v1/nothing-here', '/api/v2/units', '/api/v1/units/1/nothing']) {
      assertProblem(await ctx.admin.get(p), 404, undefined, p);
    }
    assertProblem(await ctx.anon().get('/api/v1/nothing-here'), [401, 404], undefined, 'unknown route, not signed in');
  });

  it('a wrong method on a known route is 405', async () => {
    const probes = [['DELETE', '/api/v1/units'], ['PUT', '/api/v1/units/1'], ['DELETE', '/api/v1/units/1'], ['GET', '/api/v1/auth/login'],
      ['PATCH', '/api/v1/staff'], ['GET', '/api/v1/units/1/retire'], ['POST', '/api/v1/healthz'.replace('/api/v1', '')]];
    for (const [m, p] of probes) {
      const r = await ctx.admin.request(m, p, { body: ['PUT', 'PATCH', 'POST'].includes(m) ? {} : undefined });
      assertProblem(r, 405, undefined, `${m} ${p}`);
    }
    const r = await ctx.admin.request('DELETE', '/api/v1/units/1');
    assert.deepEqual((r.headers.get('allow') || '').split(/,\s*/).sort(), ['GET', 'PATCH'], 'Allow names the methods of the path');
  });
});

describe('nothing half-written', () => {
  it('a refused update changes no field, even the valid ones', async () => {
    const { community } = await makeCommunity(ctx, { managers: 0 });
    const centre = await ctx.unit('CS-C');
    const r = await ctx.admin.patch(`/api/v1/units/${community.id}`, { name: '应当不变', parentId: centre.id }, { headers: ifMatch(community) });
    assertProblem(r, 422, 'parentId');
    const now = (await ctx.admin.get(`/api/v1/units/${community.id}`)).json;
    assert.equal(now.name, community.name);
    assert.equal(now.version, community.version);
    const bad = await ctx.admin.patch(`/api/v1/units/${community.id}`, { name: '应当不变', code: 'bad code!' }, { headers: ifMatch(community) });
    assertProblem(bad, [400, 422], 'code');
    assert.equal((await ctx.admin.get(`/api/v1/units/${community.id}`)).json.name, community.name);
  });

  it('a refused staff create leaves no account that can sign in', async () => {
    const username = `t.half${uniq()}`;
    const r = await ctx.admin.post('/api/v1/staff', { username, name: '半个', role: 'area_manager', unitId: 987654321, password: 'Half-written-1' });
    assertProblem(r, [400, 404, 422]);
    assert.equal((await ctx.admin.get(`/api/v1/staff?q=${username}&status=all`)).json.length, 0);
    assertProblem(await ctx.anon().post('/api/v1/auth/login', { username, password: 'Half-written-1' }), 401);
  });

  it('concurrent updates with the same If-Match: exactly one wins', async () => {
    const { community } = await makeCommunity(ctx, { managers: 0 });
    const rs = await Promise.all([1, 2, 3, 4].map((i) => ctx.admin.patch(`/api/v1/units/${community.id}`, { name: `并发 ${i}` }, { headers: ifMatch(community) })));
    assert.equal(rs.filter((r) => r.status === 200).length, 1, `statuses ${rs.map((r) => r.status)}`);
    assert.equal(rs.filter((r) => r.status === 409).length, 3);
    const now = (await ctx.admin.get(`/api/v1/units/${community.id}`)).json;
    assert.equal(now.version, community.version + 1);
    assert.equal(now.name, rs.find((r) => r.status === 200).json.name);
  });

  it('concurrent creates with the same code: one 201, the rest 409', async () => {
    const code = `T-E-${uniq()}`;
    const rs = await Promise.all([1, 2, 3].map(() => ctx.admin.post('/api/v1/units', { kind: 'community', code, name: '并发', parentId: office.id })));
    assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409]);
    assert.equal(await unitsNamed(code), 1);
  });

  it('concurrent retries with one Idempotency-Key create one object', async () => {
    const code = `T-E-${uniq()}`;
    const key = `k-${uniq()}`;
    const rs = await Promise.all([1, 2, 3].map(() => ctx.admin.post('/api/v1/units', { kind: 'community', code, name: '幂等并发', parentId: office.id }, { headers: { 'idempotency-key': key } })));
    assert.ok(rs.every((r) => r.status === 201 || r.status === 409), `statuses ${rs.map((r) => r.status)}`);
    assert.equal(await unitsNamed(code), 1);
    const again = await ctx.admin.post('/api/v1/units', { kind: 'community', code, name: '幂等并发', parentId: office.id }, { headers: { 'idempotency-key': key } });
    assertStatus(again, 201, 'a later retry replays the first answer');
  });

  it('the server keeps serving after all of the above', async () => {
    const c = ctx.client();
    await c.login('admin', ADMIN_PASSWORD);
    assertStatus(await c.get('/api/v1/units?limit=1'), 200);
    assert.equal(ctx.server.proc.exitCode, null, 'still running');
  });
});
