// Scope and roles: who sees what (lists filtered, out-of-scope ids are 404) and who may write
// (403 outside scope or above one's role; read-only roles).
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, useServer, uniq, ifMatch, makeCommunity, makeArea, makeStaff, TEST_PASSWORD,
} from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'scope' });
const all = async (client, path) => {
  const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=1000`);
  assertStatus(r, 200, path);
  assert.equal(Number(r.headers.get('x-total-count')), r.json.length, `${path}: X-Total-Count counts only what the caller may see`);
  return r.json;
};
const inSubtree = (unit, rootId) => unit.id === rootId || unit.path.some((p) => p.id === rootId);

let c01; let o1; let o2Community; let o2Area; let c01Managers;
ctx.before(async () => {
  c01 = await ctx.unit('CS-O1-C01');
  o1 = await ctx.unit('CS-O1');
  const other = await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 2 });
  o2Community = other;
  o2Area = await makeArea(ctx, { community: other.community, responsible: other.managers[0], backup: other.managers[1] });
  // Two area managers of CS-O1-C01, taken from its demo areas.
  const areas = await all(ctx.admin, `/api/v1/areas?communityId=${c01.id}`);
  assert.ok(areas.length > 0, 'CS-O1-C01 has areas in the demo');
  c01Managers = [areas[0].responsible, areas[0].backup];
});

describe('GET /api/v1/auth/me: scope and permissions by role', () => {
  const cases = [
    ['cs.centre', 'centre_manager', 'CS', ['audit.read', 'org.read', 'org.write', 'pii.reveal']],
    ['cs.o1', 'office_head', 'CS-O1', ['audit.read', 'org.read', 'org.write', 'pii.reveal']],
    ['cs.o1.c01', 'community_head', 'CS-O1-C01', ['audit.read', 'org.read', 'org.write', 'pii.reveal']],
    ['cs.audit', 'auditor', null, ['audit.read', 'org.read']],
    ['cs.m001', 'area_manager', null, ['org.read', 'pii.reveal']],
    ['cs.hotline1', 'hotline_agent', null, ['org.read', 'pii.reveal']],
  ];
  for (const [username, role, scopeCode, perms] of cases) {
    it(`${username}: ${role}${scopeCode ? `, scope ${scopeCode}` : ''}, ${perms.join(' ')}`, async () => {
      const c = await ctx.signIn(username);
      const me = assertStatus(await c.get('/api/v1/auth/me'), 200);
      assert.equal(me.role, role);
      assert.deepEqual([...me.permissions].sort(), perms);
      if (scopeCode) {
        const u = await ctx.unit(scopeCode);
        assert.equal(me.scopeUnitId, u.id, `scope root ${scopeCode}`);
        assert.equal(me.scopeUnitName, u.name);
      }
      const unit = await ctx.admin.get(`/api/v1/units/${me.unitId}`);
      assert.equal(me.unitName, unit.json.name);
    });
  }
});

describe('a community head (cs.o1.c01) sees only their department', () => {
  let head;
  before(async () => { head = await ctx.signIn('cs.o1.c01'); });

  it('units, areas, staff and absences lists are filtered to the subtree', async () => {
    const units = await all(head, '/api/v1/units');
    assert.ok(units.length >= 2);
    assert.ok(units.every((u) => inSubtree(u, c01.id)), 'every unit lies in CS-O1-C01');
    const adminView = await all(ctx.admin, `/api/v1/units?parentId=${c01.id}`);
    assert.equal(units.length, adminView.length + 1, 'the community and all its active children');
    const staff = await all(head, '/api/v1/staff');
    const unitIds = new Set(units.map((u) => u.id));
    assert.ok(staff.length > 0 && staff.every((s) => unitIds.has(s.unitId)), 'every staff member works in the subtree');
    assert.ok(staff.some((s) => s.username === 'cs.o1.c01'));
    const absences = await all(head, '/api/v1/absences?status=all');
    const staffIds = new Set(staff.map((s) => s.id));
    assert.ok(absences.every((a) => staffIds.has(a.staffId)));
    const searching = await all(head, `/api/v1/units?q=${o2Community.community.code}`);
    assert.deepEqual(searching, [], 'a search does not reach outside');
    const filtered = await all(head, `/api/v1/staff?unitId=${o2Community.community.id}`);
    assert.deepEqual(filtered, [], 'a filter on another unit finds nothing');
  });

  it('another community\'s unit, staff member or area by id is 404', async () => {
    assertProblem(await head.get(`/api/v1/units/${o2Community.community.id}`), 404);
    assertProblem(await head.get(`/api/v1/units/${o2Area.id}`), 404);
    assertProblem(await head.get(`/api/v1/areas/${o2Area.id}`), 404);
    assertProblem(await head.get(`/api/v1/staff/${o2Community.managers[0].id}`), 404);
    assertProblem(await head.get(`/api/v1/units/${o1.id}`), 404, undefined, 'the office above');
    assertProblem(await head.get(`/api/v1/units/${o2Area.id}/history`), 404, undefined, 'history');
  });

  it('writes inside the department work; outside are 403 and change nothing', async () => {
    const ok = await head.post('/api/v1/units', { kind: 'area', code: `T-H-${uniq()}`, name: '社区自建片区', parentId: c01.id, responsibleId: c01Managers[0].id, backupId: c01Managers[1].id });
    assertStatus(ok, 201, 'create an area in their community');
    assertStatus(await head.patch(`/api/v1/units/${ok.json.id}`, { name: '社区自建片区 改' }, { headers: ifMatch(ok.json) }), 200, 'rename it');
  });

  it('writes outside the department are 403 and change nothing', async () => {
    const tag = uniq();
    const rs = {
      'create an area in another community': await head.post('/api/v1/units', { kind: 'area', code: `T-H-${tag}`, name: '越权', parentId: o2Community.community.id, responsibleId: o2Community.managers[0].id, backupId: o2Community.managers[1].id }),
      'rename another community\'s area': await head.patch(`/api/v1/units/${o2Area.id}`, { name: '越权改名' }, { headers: ifMatch(o2Area) }),
      'retire it': await head.post(`/api/v1/units/${o2Area.id}/retire`, undefined, { headers: ifMatch(o2Area) }),
      'record an absence there': await head.post('/api/v1/absences', { staffId: o2Community.managers[0].id, startsAt: '2031-01-01T00:00:00+08:00', endsAt: '2031-01-02T00:00:00+08:00', reason: 'leave' }),
      'reset a password there': await head.post(`/api/v1/staff/${o2Community.managers[0].id}/reset-password`, {}),
    };
    assert.equal((await ctx.admin.get(`/api/v1/units/${o2Area.id}`)).json.version, o2Area.version, 'unchanged');
    assert.equal((await ctx.admin.get(`/api/v1/units?q=T-H-${tag}&status=all`)).json.length, 0, 'nothing created');
    for (const [what, r] of Object.entries(rs)) assertProblem(r, 403, undefined, what);
  });

  it('moving an area out of the department is refused and changes nothing', async () => {
    const a = assertStatus(await head.post('/api/v1/units', { kind: 'area', code: `T-H-${uniq()}`, name: '社区自建片区', parentId: c01.id, responsibleId: c01Managers[0].id, backupId: c01Managers[1].id }), 201);
    const moved = await head.patch(`/api/v1/units/${a.id}`, { parentId: o2Community.community.id }, { headers: ifMatch(a) });
    assertProblem(moved, [403, 422], undefined, 'move an area out of scope');
    assert.equal((await ctx.admin.get(`/api/v1/units/${a.id}`)).json.parentId, c01.id);
  });

  it('cannot edit their own scope root unit', async () => {
    const cur = (await ctx.admin.get(`/api/v1/units/${c01.id}`)).json;
    assertProblem(await head.patch(`/api/v1/units/${c01.id}`, { name: '自己改名' }, { headers: ifMatch(cur) }), 403);
    assertProblem(await head.post(`/api/v1/units/${c01.id}/retire`, undefined, { headers: ifMatch(cur) }), 403);
  });

  it('creates area managers, but not staff at or above their own role', async () => {
    const m = await head.post('/api/v1/staff', { username: `t.hm${uniq()}`, name: '新经理', role: 'area_manager', unitId: c01.id, password: TEST_PASSWORD });
    assertStatus(m, 201);
    for (const role of ['community_head', 'office_head', 'centre_manager', 'administrator']) {
      assertProblem(await head.post('/api/v1/staff', { username: `t.hx${uniq()}`, name: '越级', role, unitId: c01.id, password: TEST_PASSWORD }), 403, undefined, role);
    }
    assertProblem(await head.patch(`/api/v1/staff/${m.json.id}`, { role: 'community_head' }, { headers: ifMatch(m.json) }), 403, undefined, 'promote to their own role');
    const self = (await ctx.admin.get(`/api/v1/staff?q=cs.o1.c01`)).json.find((s) => s.username === 'cs.o1.c01');
    assertProblem(await head.patch(`/api/v1/staff/${self.id}`, { name: '自己' }, { headers: ifMatch(self) }), 403, undefined, 'edit themselves (same role)');
  });
});

describe('an office head (cs.o1) sees its office', () => {
  it('lists cover the office and stop at its border', async () => {
    const head = await ctx.signIn('cs.o1');
    const units = await all(head, '/api/v1/units');
    assert.ok(units.every((u) => inSubtree(u, o1.id)), 'every unit lies in CS-O1');
    assert.ok(units.some((u) => u.code === 'CS-O1-C01'));
    assert.ok(!units.some((u) => u.code.startsWith('CS-O2')));
    const communities = await all(head, '/api/v1/units?kind=community');
    assert.deepEqual(communities.map((u) => u.id).sort(), (await all(ctx.admin, `/api/v1/units?parentId=${o1.id}&kind=community`)).map((u) => u.id).sort());
    assertProblem(await head.get(`/api/v1/units/${o2Community.community.id}`), 404);
    const staff = await all(head, '/api/v1/staff?role=community_head');
    assert.ok(staff.length > 0 && staff.every((s) => s.username.startsWith('cs.o1.')), 'only its own community heads');
  });

  it('edits communities and community heads of the office, not the office itself nor office heads', async () => {
    const head = await ctx.signIn('cs.o1');
    const { community } = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 0 });
    assertStatus(await head.patch(`/api/v1/units/${community.id}`, { name: '处里改名' }, { headers: ifMatch(community) }), 200);
    const o1now = (await ctx.admin.get(`/api/v1/units/${o1.id}`)).json;
    assertProblem(await head.patch(`/api/v1/units/${o1.id}`, { name: '改自己' }, { headers: ifMatch(o1now) }), 403);
    const ch = await head.post('/api/v1/staff', { username: `t.ch${uniq()}`, name: '新主任', role: 'community_head', unitId: community.id, password: TEST_PASSWORD });
    assertStatus(ch, 201, 'a community head below them');
    assertProblem(await head.post('/api/v1/staff', { username: `t.oh${uniq()}`, name: '同级', role: 'office_head', unitId: o1.id, password: TEST_PASSWORD }), 403);
  });
});

describe('a centre manager (cs.centre) sees the whole local network', () => {
  it('every office of CS, nothing above it', async () => {
    const c = await ctx.signIn('cs.centre');
    const offices = await all(c, '/api/v1/units?kind=office');
    assert.ok(['CS-O1', 'CS-O6'].every((code) => offices.some((u) => u.code === code)));
    assert.equal(offices.length, (await all(ctx.admin, `/api/v1/units?kind=office&parentId=${(await ctx.unit('CS-C')).id}`)).length);
    assertProblem(await c.get(`/api/v1/units/${(await ctx.unit('HN')).id}`), 404, undefined, 'the province is outside');
    assertStatus(await c.get(`/api/v1/units/${o2Area.id}`), 200);
  });
});

describe('read-only roles', () => {
  const writes = () => [
    ['create unit', (c) => c.post('/api/v1/units', { kind: 'area', code: `T-RO-${uniq()}`, name: '只读', parentId: c01.id, responsibleId: c01Managers[0].id, backupId: c01Managers[1].id })],
    ['update unit', async (c) => { const a = (await all(ctx.admin, `/api/v1/areas?communityId=${c01.id}`))[0]; return c.patch(`/api/v1/units/${a.id}`, { name: '只读' }, { headers: ifMatch(a) }); }],
    ['create staff', (c) => c.post('/api/v1/staff', { username: `t.ro${uniq()}`, name: '只读', role: 'hotline_agent', unitId: c01.id, password: TEST_PASSWORD })],
    ['create absence', (c) => c.post('/api/v1/absences', { staffId: c01Managers[0].id, startsAt: '2031-05-01T00:00:00+08:00', endsAt: '2031-05-02T00:00:00+08:00', reason: 'leave' })],
  ];

  it('an auditor reads the organisation and the audit log but cannot write', async () => {
    const a = await ctx.signIn('cs.audit');
    assert.ok((await all(a, '/api/v1/units?kind=office')).length >= 6, 'reads units');
    assertStatus(await a.get(`/api/v1/staff/${c01Managers[0].id}`), 200);
    assertStatus(await a.get('/api/v1/audit?limit=5'), 200);
    for (const [what, f] of writes()) assertProblem(await f(a), 403, undefined, what);
    assertProblem(await a.get('/api/v1/api-tokens'), 403);
  });

  it('an area manager reads within scope but cannot write, nor read the audit log', async () => {
    const m = await ctx.signIn(c01Managers[0].username);
    const me = (await m.get('/api/v1/auth/me')).json;
    const units = await all(m, '/api/v1/units');
    assert.ok(units.length > 0 && units.every((u) => inSubtree(u, me.scopeUnitId)));
    for (const [what, f] of writes()) assertProblem(await f(m), 403, undefined, what);
    assertProblem(await m.get('/api/v1/audit'), 403);
    const self = (await ctx.admin.get(`/api/v1/staff/${me.id}`)).json;
    assertProblem(await m.patch(`/api/v1/staff/${me.id}`, { phone: '13900000000' }, { headers: ifMatch(self) }), 403, undefined, 'not even their own record');
  });

  it('writes by a read-only role outside its scope are 403 too (the role decides first)', async () => {
    const m = await ctx.signIn(c01Managers[0].username);
    const o2 = await ctx.unit('CS-O2');
    assertProblem(await m.post('/api/v1/units', { kind: 'community', code: `T-RO-${uniq()}`, name: '只读', parentId: o2.id }), 403);
  });

  it('a hotline agent reads but cannot write', async () => {
    const h = await ctx.signIn('cs.hotline1');
    assertStatus(await h.get('/api/v1/units?limit=1'), 200);
    for (const [what, f] of writes()) assertProblem(await f(h), 403, undefined, what);
  });
});

describe('allowMultiCommunity', () => {
  it('only an administrator sets it', async () => {
    const m = await makeStaff(ctx, { unitId: o2Community.community.id });
    for (const u of ['cs.centre', 'cs.o2']) {
      const c = await ctx.signIn(u);
      const cur = (await ctx.admin.get(`/api/v1/staff/${m.id}`)).json;
      assertProblem(await c.patch(`/api/v1/staff/${m.id}`, { allowMultiCommunity: true }, { headers: ifMatch(cur) }), 403, undefined, u);
    }
    const head = await ctx.signIn('cs.o2');
    const sneak = await head.post('/api/v1/staff', { username: `t.mc${uniq()}`, name: '跨社区', role: 'area_manager', unitId: o2Community.community.id, password: TEST_PASSWORD, allowMultiCommunity: true });
    assert.notEqual(sneak.status, 201, 'not through a create either');
    assertProblem(sneak, [400, 403], undefined, 'create with allowMultiCommunity by an office head');
    const cur = (await ctx.admin.get(`/api/v1/staff/${m.id}`)).json;
    assert.equal(cur.allowMultiCommunity, false);
    const r = await ctx.admin.patch(`/api/v1/staff/${m.id}`, { allowMultiCommunity: true }, { headers: ifMatch(cur) });
    assertStatus(r, 200);
    assert.equal(r.json.allowMultiCommunity, true);
  });
});
