// The audit log: every write is attributed (who, when, before, after), filterable, newest first,
// limited to the caller's scope; failed writes leave no trace; a unit's history.
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, validate, useServer, uniq, ifMatch, makeCommunity, makeArea, makeStaff, sleep,
} from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'audit' });
const audit = async (q, client = ctx.admin) => {
  const r = await client.get(`/api/v1/audit?${q}`);
  assertStatus(r, 200, `audit?${q}`);
  r.json.forEach((e) => validate('AuditEntry', e));
  return r.json;
};
const newestFirst = (entries) => {
  for (let i = 1; i < entries.length; i++) {
    assert.ok(Date.parse(entries[i - 1].at) >= Date.parse(entries[i].at), 'at is non-increasing');
    assert.ok(entries[i - 1].id > entries[i].id, 'newest first');
  }
};

describe('each write is in the audit log', () => {
  let c;
  before(async () => { c = await makeCommunity(ctx, { officeCode: 'CS-O3', managers: 2 }); });

  it('unit create, update, retire: actor, object, before and after', async () => {
    const u = (await makeCommunity(ctx, { officeCode: 'CS-O3', managers: 0 })).community;
    const renamed = assertStatus(await ctx.admin.patch(`/api/v1/units/${u.id}`, { name: `${u.name} 改` }, { headers: ifMatch(u) }), 200);
    assertStatus(await ctx.admin.post(`/api/v1/units/${u.id}/retire`, undefined, { headers: ifMatch(renamed) }), 200);
    const entries = await audit(`objectType=unit&objectId=${u.id}`);
    newestFirst(entries);
    assert.equal(entries.length, 3, 'create, update, retire');
    const [ret, upd, cre] = entries;
    for (const e of entries) {
      assert.equal(e.actorId, ctx.adminMe.id);
      assert.equal(e.actorName, ctx.adminMe.name);
      assert.equal(e.objectType, 'unit');
      assert.equal(e.objectId, u.id);
      assert.equal(e.objectCode, u.code);
      assert.ok(e.at.endsWith('+08:00'), 'time in the display zone');
      assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 120e3, 'recent');
      assert.match(e.action, /^unit\./);
    }
    assert.equal(cre.before, null, 'create: no before');
    assert.equal(cre.after.code, u.code);
    assert.equal(cre.after.name, u.name);
    assert.equal(upd.action, 'unit.update');
    assert.equal(upd.before.name, u.name);
    assert.equal(upd.after.name, `${u.name} 改`);
    assert.equal(ret.after.status, 'retired');
    assert.equal(new Set(entries.map((e) => e.action)).size, 3, 'three different actions');
  });

  it('staff create and update, by the actor who did them', async () => {
    const head = await ctx.signIn('cs.o3');
    const me = (await head.get('/api/v1/auth/me')).json;
    const s = assertStatus(await head.post('/api/v1/staff', { username: `t.au${uniq()}`, name: '审计对象', role: 'hotline_agent', unitId: c.community.id, password: 'Audit-password-1' }), 201);
    assertStatus(await head.patch(`/api/v1/staff/${s.id}`, { phone: '13700000000' }, { headers: ifMatch(s) }), 200);
    const staffEntries = await audit(`objectType=staff&objectId=${s.id}`);
    assert.equal(staffEntries.length, 2);
    assert.ok(staffEntries.every((e) => e.actorId === me.id && e.actorName === me.name), 'the office head is the actor');
    assert.equal(staffEntries[0].before.phone, s.phone);
    assert.equal(staffEntries[0].after.phone, '13700000000');
    assert.equal(staffEntries[1].before, null);
    assert.ok(!JSON.stringify(staffEntries).includes('Audit-password-1'), 'no password in the log');
  });

  it('absence create and cancel: two entries by the actor', async () => {
    const head = await ctx.signIn('cs.o3');
    const me = (await head.get('/api/v1/auth/me')).json;
    const s = await makeStaff(ctx, { unitId: c.community.id, role: 'hotline_agent' });
    const a = assertStatus(await head.post('/api/v1/absences', { staffId: s.id, startsAt: '2032-01-01T00:00:00+08:00', endsAt: '2032-01-05T00:00:00+08:00', reason: 'leave' }), 201);
    assertStatus(await head.post(`/api/v1/absences/${a.id}/cancel`, undefined, { headers: ifMatch(a) }), 200);
    const absEntries = await audit(`objectType=absence&objectId=${a.id}`);
    assert.equal(absEntries.length, 2);
    assert.ok(absEntries.every((e) => e.actorId === me.id));
    assert.equal(absEntries[1].before, null);
    assert.equal(absEntries[1].after.staffId, s.id);
    assert.equal(absEntries[0].after.status, 'cancelled');
  });

  it('state changes (unit retire, absence cancel) record the state before the change', async () => {
    const u = (await makeCommunity(ctx, { officeCode: 'CS-O3', managers: 0 })).community;
    assertStatus(await ctx.admin.post(`/api/v1/units/${u.id}/retire`, undefined, { headers: ifMatch(u) }), 200);
    const s = await makeStaff(ctx, { unitId: c.community.id, role: 'hotline_agent' });
    const a = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: '2032-02-01T00:00:00+08:00', endsAt: '2032-02-05T00:00:00+08:00', reason: 'leave' }), 201);
    assertStatus(await ctx.admin.post(`/api/v1/absences/${a.id}/cancel`, undefined, { headers: ifMatch(a) }), 200);
    const [ret] = await audit(`objectType=unit&objectId=${u.id}&limit=1`);
    const [can] = await audit(`objectType=absence&objectId=${a.id}&limit=1`);
    assert.deepEqual([ret.before?.status, ret.after?.status], ['active', 'retired'], 'unit retire');
    assert.deepEqual([can.before?.status, can.after?.status], ['active', 'cancelled'], 'absence cancel');
  });

  it('reset-password and allowMultiCommunity are attributed, without the password', async () => {
    const m = c.managers[0];
    assertStatus(await ctx.admin.post(`/api/v1/staff/${m.id}/reset-password`, { password: 'Secret-reset-pw-5' }), 200);
    const cur = assertStatus(await ctx.admin.get(`/api/v1/staff/${m.id}`), 200);
    assertStatus(await ctx.admin.patch(`/api/v1/staff/${m.id}`, { allowMultiCommunity: true }, { headers: ifMatch(cur) }), 200);
    const entries = await audit(`objectType=staff&objectId=${m.id}`);
    assert.ok(entries.length >= 3, 'create, reset-password, update');
    assert.equal(entries[0].before.allowMultiCommunity, false);
    assert.equal(entries[0].after.allowMultiCommunity, true);
    assert.ok(!JSON.stringify(entries).includes('Secret-reset-pw-5'));
  });
});

describe('filters and order', () => {
  it('objectType, objectId, actorId, action, from/to; newest first; counted', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const head = await ctx.signIn('cs.o4');
    const me = (await head.get('/api/v1/auth/me')).json;
    const { community, managers } = await makeCommunity(ctx, { officeCode: 'CS-O4', managers: 2 });
    const area = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1], client: head });
    const mine = await audit(`actorId=${me.id}&limit=1000`);
    assert.ok(mine.length >= 1 && mine.every((e) => e.actorId === me.id), 'actorId');
    assert.ok(mine.some((e) => e.objectId === area.id && e.objectType === 'unit'));
    const staffOnly = await audit('objectType=staff&limit=50');
    assert.ok(staffOnly.length > 0 && staffOnly.every((e) => e.objectType === 'staff'), 'objectType');
    newestFirst(staffOnly);
    const updates = await audit('action=unit.update&limit=50');
    assert.ok(updates.every((e) => e.action === 'unit.update'), 'action');
    const window = await audit(`from=${encodeURIComponent(since)}&limit=1000`);
    assert.ok(window.length >= 4, 'community, two managers, area');
    assert.ok(window.every((e) => Date.parse(e.at) >= Date.parse(since)), 'from');
    newestFirst(window);
    await sleep(20);
    const before = await audit(`to=${encodeURIComponent(since)}&limit=1000`);
    assert.ok(!before.some((e) => e.objectId === area.id && e.objectType === 'unit'), 'to excludes later entries');
    assert.ok(before.every((e) => Date.parse(e.at) <= Date.parse(since)), 'to');
    const z = await audit(`from=${encodeURIComponent(since.replace('Z', '+00:00'))}&objectType=unit&objectId=${area.id}`);
    assert.equal(z.length, 1, 'from with an explicit offset');
    const page = await ctx.admin.get('/api/v1/audit?limit=2');
    assert.equal(page.json.length, 2);
    assert.ok(Number(page.headers.get('x-total-count')) >= window.length);
    assert.equal(page.headers.get('x-result-count'), '2');
    assertProblem(await ctx.admin.get('/api/v1/audit?from=yesterday'), 400, 'from');
    assertProblem(await ctx.admin.get('/api/v1/audit?objectId=abc'), 400, 'objectId');
  });

  it('fields= trims entries, as on every list', async () => {
    const r = await ctx.admin.get('/api/v1/audit?fields=id,action&limit=3');
    assertStatus(r, 200);
    assert.ok(r.json.length > 0);
    for (const e of r.json) assert.deepEqual(Object.keys(e).sort(), ['action', 'id']);
  });

  it('GET /api/v1/units/{id}/history: the unit\'s entries, newest first', async () => {
    const { community } = await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 0 });
    let cur = community;
    for (let i = 1; i <= 3; i++) cur = assertStatus(await ctx.admin.patch(`/api/v1/units/${community.id}`, { name: `历史 ${i} ${uniq()}` }, { headers: ifMatch(cur) }), 200);
    const h = await ctx.admin.get(`/api/v1/units/${community.id}/history`);
    assertStatus(h, 200);
    h.json.forEach((e) => validate('AuditEntry', e));
    assert.equal(h.json.length, 4);
    assert.ok(h.json.every((e) => e.objectType === 'unit' && e.objectId === community.id));
    newestFirst(h.json);
    assert.equal(h.json[0].after.name, cur.name);
    assert.deepEqual(h.json, await audit(`objectType=unit&objectId=${community.id}`), 'the same as the audit filter');
    assertProblem(await ctx.admin.get('/api/v1/units/987654321/history'), 404);
  });
});

describe('nothing for failed writes', () => {
  it('a refused create, a stale update and a 403 leave no entry', async () => {
    const { community, managers } = await makeCommunity(ctx, { officeCode: 'CS-O5', managers: 2 });
    const m = await ctx.signIn('cs.audit');
    const before = Number((await ctx.admin.get('/api/v1/audit?limit=1')).headers.get('x-total-count'));
    const tag = uniq();
    assertProblem(await ctx.admin.post('/api/v1/units', { kind: 'area', code: `T-F-${tag}`, name: '缺备份', parentId: community.id, responsibleId: managers[0].id }), 422);
    assertProblem(await ctx.admin.patch(`/api/v1/units/${community.id}`, { name: '过期' }, { headers: ifMatch(community.version + 3) }), 409);
    assertProblem(await m.patch(`/api/v1/units/${community.id}`, { name: '无权' }, { headers: ifMatch(community) }), 403, undefined, 'an auditor writes');
    const after = Number((await ctx.admin.get('/api/v1/audit?limit=1')).headers.get('x-total-count'));
    assert.equal(after, before, 'no new entries');
  });
});

describe('who reads the audit log', () => {
  it('a community head sees only objects in their scope', async () => {
    const other = await makeCommunity(ctx, { officeCode: 'CS-O6', managers: 0 });
    const head = await ctx.signIn('cs.o1.c01');
    const me = (await head.get('/api/v1/auth/me')).json;
    assert.deepEqual(await audit(`objectType=unit&objectId=${other.community.id}`, head), [], 'another office\'s unit');
    const seen = await audit('limit=1000', head);
    const visibleUnits = new Set((await head.get('/api/v1/units?status=all&limit=1000')).json.map((u) => u.id));
    const visibleStaff = new Set((await head.get('/api/v1/staff?status=all&limit=1000')).json.map((s) => s.id));
    for (const e of seen) {
      if (e.objectType === 'unit') assert.ok(visibleUnits.has(e.objectId), `unit ${e.objectId} is in scope`);
      if (e.objectType === 'staff') assert.ok(visibleStaff.has(e.objectId), `staff ${e.objectId} is in scope`);
    }
    assert.ok(seen.some((e) => e.objectType === 'staff' && e.objectId === me.id), 'their own password reset is in scope');
  });

  it('auditor and administrator read it; area managers and hotline agents get 403; no credentials 401', async () => {
    assertStatus(await (await ctx.signIn('cs.audit')).get('/api/v1/audit?limit=1'), 200);
    assertProblem(await (await ctx.signIn('cs.m003')).get('/api/v1/audit'), 403);
    assertProblem(await (await ctx.signIn('cs.hotline1')).get('/api/v1/audit'), 403);
    assertProblem(await ctx.anon().get('/api/v1/audit'), 401);
  });

  it('the log is append-only: no method edits or deletes it', async () => {
    const [e] = await audit('limit=1');
    for (const m of ['PATCH', 'PUT', 'DELETE']) {
      const r = await ctx.admin.request(m, `/api/v1/audit/${e.id}`, { body: m === 'DELETE' ? undefined : {} });
      assertProblem(r, [404, 405], undefined, m);
    }
    assertProblem(await ctx.admin.request('DELETE', '/api/v1/audit'), 405);
    const [again] = await audit(`objectType=${e.objectType}&objectId=${e.objectId}&limit=1000`).then((l) => l.filter((x) => x.id === e.id));
    assert.deepEqual(again, e);
  });
});
