// Units and areas: the generic resource checks for communities and for areas, plus the
// unit-specific reads (path, childCount, filters, moves, the tree, area details and cover).
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, validate, useServer, uniq, ifMatch, makeCommunity, makeArea,
} from './lib/common.mjs';
import { resourceTests } from './lib/resource.mjs';

const ctx = useServer({ before, after }, { label: 'units' });

const renameUpdate = {
  path: (o) => `/api/v1/units/${o.id}`,
  body: (o, n) => ({ name: `改名 ${o.code} ${n}` }),
  check: (before, after, body) => { assert.equal(after.name, body.name); assert.equal(after.code, before.code); },
  repeatable: true,
};
const bad = (base) => [
  { why: 'code with a space and !', body: { ...base, code: 'bad code!' }, field: 'code' },
  { why: 'code of 41 characters', body: { ...base, code: 'C'.repeat(41) }, field: 'code' },
  { why: 'empty code', body: { ...base, code: '' }, field: 'code' },
  { why: 'unknown kind', body: { ...base, kind: 'galaxy' }, field: 'kind' },
  { why: 'parentId not a number', body: { ...base, parentId: 'x' }, field: 'parentId', status: 400 },
  { why: 'parent that does not exist', body: { ...base, parentId: 987654321 }, field: 'parentId' },
  { why: 'no name', body: (({ name, ...b }) => b)(base), field: 'name' },
  { why: 'name of 101 characters', body: { ...base, name: '名'.repeat(101) }, field: 'name' },
  { why: 'name is a number', body: { ...base, name: 42 }, field: 'name', status: 400 },
];

describe('units (communities) as a resource', () => {
  resourceTests(ctx, {
    path: '/api/v1/units',
    schema: 'Unit',
    async prepare() {
      const office = await ctx.unit('CS-O1');
      const head = await ctx.signIn('cs.o1.c01');
      const other = await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 2 });
      return { office, head, other };
    },
    sample: (s, g, i) => ({ kind: 'community', code: `T-U-${g.tag}-${i}`, name: `测试单元 ${g.tag} ${i}`, parentId: s.office.id }),
    listFilter: (s, g) => `q=T-U-${g.tag}`,
    sortField: 'code',
    update: renameUpdate,
    invalid: (s, g) => bad({ kind: 'community', code: `T-U-${g.tag}-9`, name: `测试单元 ${g.tag}`, parentId: s.office.id }),
    outOfScope: async (s) => ({
      client: s.head,
      object: s.other.community,
      createBody: { kind: 'area', code: `T-OOS-${uniq()}`, name: '越权片区', parentId: s.other.community.id, responsibleId: s.other.managers[0].id, backupId: s.other.managers[1].id },
    }),
  });
});

describe('units (areas) as a resource', () => {
  resourceTests(ctx, {
    path: '/api/v1/units',
    schema: 'Unit',
    async prepare() {
      const mine = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 2 });
      const other = await makeCommunity(ctx, { officeCode: 'CS-O3', managers: 2 });
      const otherArea = await makeArea(ctx, { community: other.community, responsible: other.managers[0], backup: other.managers[1] });
      const head = await ctx.signIn('cs.o1.c01');
      return { mine, other, otherArea, head };
    },
    sample: (s, g, i) => ({
      kind: 'area', code: `T-AR-${g.tag}-${i}`, name: `测试片区 ${g.tag} ${i}`, parentId: s.mine.community.id,
      responsibleId: s.mine.managers[0].id, backupId: s.mine.managers[1].id,
    }),
    listFilter: (s, g) => `kind=area&q=T-AR-${g.tag}`,
    sortField: 'code',
    update: renameUpdate,
    invalid: (s, g) => bad({ kind: 'area', code: `T-AR-${g.tag}-9`, name: `测试片区 ${g.tag}`, parentId: s.mine.community.id, responsibleId: s.mine.managers[0].id, backupId: s.mine.managers[1].id }),
    outOfScope: async (s) => ({
      client: s.head,
      object: s.otherArea,
      createBody: { kind: 'area', code: `T-OOS-${uniq()}`, name: '越权片区', parentId: s.other.community.id, responsibleId: s.other.managers[0].id, backupId: s.other.managers[1].id },
    }),
  });
});

describe('units: reads', () => {
  it('the demo organisation: province HN › CS › CS-C › 6 offices, 148 active areas', async () => {
    const offices = await ctx.admin.get('/api/v1/units?kind=office&sort=code&limit=1000');
    assertStatus(offices, 200);
    const demoOffices = offices.json.filter((u) => /^CS-O[1-6]$/.test(u.code));
    assert.deepEqual(demoOffices.map((u) => u.code), ['CS-O1', 'CS-O2', 'CS-O3', 'CS-O4', 'CS-O5', 'CS-O6']);
    const centre = await ctx.unit('CS-C');
    for (const o of demoOffices) assert.equal(o.parentId, centre.id, `${o.code} under the centre`);
    const areas = await ctx.admin.get('/api/v1/units?kind=area&q=CS-A&limit=1000');
    assert.equal(areas.json.filter((u) => /^CS-A\d{3}$/.test(u.code)).length, 148);
    const hn = await ctx.unit('HN');
    assert.equal(hn.kind, 'province');
    assert.equal(hn.parentId, null, 'the province has no parent');
  });

  it('a unit carries its path (root first) and its number of children', async () => {
    const { community, managers } = await makeCommunity(ctx, { officeCode: 'CS-O1' });
    const codes = community.path.map((p) => p.code);
    assert.deepEqual(codes.slice(0, 4), ['HN', 'CS', 'CS-C', 'CS-O1'], 'ancestors, root first');
    assert.ok(codes.length === 4 || (codes.length === 5 && codes[4] === community.code), 'path ends at the parent (or the unit itself)');
    assert.deepEqual(community.path.slice(0, 4).map((p) => p.kind), ['province', 'local_network', 'centre', 'office']);
    assert.equal(community.childCount, 0);
    await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    const r = await ctx.admin.get(`/api/v1/units/${community.id}`);
    assert.equal(r.json.childCount, 2);
  });

  it('an area shows responsibleId and backupId', async () => {
    const { community, managers } = await makeCommunity(ctx);
    const a = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    assert.equal(a.responsibleId, managers[0].id);
    assert.equal(a.backupId, managers[1].id);
    assert.equal(a.kind, 'area');
    assert.equal(a.parentId, community.id);
  });

  it('filters: kind, parentId, status (active by default, retired, all) and q', async () => {
    const { community, managers } = await makeCommunity(ctx);
    const a1 = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    const a2 = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    const ret = await ctx.admin.post(`/api/v1/units/${a2.id}/retire`, undefined, { headers: ifMatch(a2) });
    assertStatus(ret, 200, 'retire');
    const ids = async (q) => { const r = await ctx.admin.get(`/api/v1/units?${q}`); assertStatus(r, 200, q); return r.json.map((u) => u.id).sort(); };
    assert.deepEqual(await ids(`parentId=${community.id}`), [a1.id], 'active by default');
    assert.deepEqual(await ids(`parentId=${community.id}&status=retired`), [a2.id]);
    assert.deepEqual(await ids(`parentId=${community.id}&status=all`), [a1.id, a2.id].sort());
    assert.deepEqual(await ids(`parentId=${community.id}&kind=community`), []);
    assert.deepEqual(await ids(`q=${encodeURIComponent(a1.name)}`), [a1.id], 'q matches the name');
    assert.deepEqual(await ids(`q=${a1.code.slice(2)}`), [a1.id], 'q matches a code substring');
    const offices = await ctx.admin.get('/api/v1/units?kind=office&limit=1000');
    assert.ok(offices.json.length >= 6 && offices.json.every((u) => u.kind === 'office'));
    assertProblem(await ctx.admin.get('/api/v1/units?kind=galaxy'), 400, 'kind', 'kind=galaxy');
  });

  it('PATCH parentId moves a unit: parent and path follow', async () => {
    const { community } = await makeCommunity(ctx, { officeCode: 'CS-O1' });
    const o2 = await ctx.unit('CS-O2');
    const r = await ctx.admin.patch(`/api/v1/units/${community.id}`, { parentId: o2.id }, { headers: ifMatch(community) });
    assertStatus(r, 200);
    assert.equal(r.json.parentId, o2.id);
    assert.equal(r.json.kind, 'community');
    assert.ok(r.json.path.some((p) => p.code === 'CS-O2') && !r.json.path.some((p) => p.code === 'CS-O1'), 'path shows the new office');
    const listed = await ctx.admin.get(`/api/v1/units?parentId=${o2.id}&limit=1000`);
    assert.ok(listed.json.some((u) => u.id === community.id));
  });

  it('PATCH code renames the code; unknown fields and empty patches are refused', async () => {
    const { community } = await makeCommunity(ctx);
    const code = `T-R-${uniq()}`;
    const r = await ctx.admin.patch(`/api/v1/units/${community.id}`, { code }, { headers: ifMatch(community) });
    assertStatus(r, 200);
    assert.equal(r.json.code, code);
    assertProblem(await ctx.admin.patch(`/api/v1/units/${community.id}`, { code: 'no spaces allowed' }, { headers: ifMatch(r.json) }), [400, 422], 'code');
    assertProblem(await ctx.admin.patch(`/api/v1/units/${community.id}`, { kind: 'office' }, { headers: ifMatch(r.json) }), [400, 422], 'kind', 'kind cannot be patched');
    const now = await ctx.admin.get(`/api/v1/units/${community.id}`);
    assert.equal(now.json.version, r.json.version, 'refused patches change nothing');
    assert.equal(now.json.kind, 'community');
  });

  it('GET /api/v1/units/tree: nested from the scope root; rootId, depth, includeRetired', async () => {
    const full = await ctx.admin.get('/api/v1/units/tree?depth=2');
    assertStatus(full, 200);
    validate('UnitTreeNode', full.json);
    assert.equal(full.json.code, 'HN', 'the administrator\'s root is the province');
    assert.ok(full.json.children.some((c) => c.code === 'CS' && c.kind === 'local_network'));
    const { community, managers } = await makeCommunity(ctx, { officeCode: 'CS-O4' });
    const a1 = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    const a2 = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    assertStatus(await ctx.admin.post(`/api/v1/units/${a2.id}/retire`, undefined, { headers: ifMatch(a2) }), 200);
    const sub = await ctx.admin.get(`/api/v1/units/tree?rootId=${community.id}`);
    assertStatus(sub, 200);
    validate('UnitTreeNode', sub.json);
    assert.equal(sub.json.id, community.id);
    assert.deepEqual(sub.json.children.map((c) => c.id), [a1.id], 'retired units left out by default');
    assert.equal(sub.json.children[0].responsibleId, managers[0].id);
    const withRetired = await ctx.admin.get(`/api/v1/units/tree?rootId=${community.id}&includeRetired=true`);
    assert.deepEqual(withRetired.json.children.map((c) => c.id).sort(), [a1.id, a2.id].sort());
    assert.equal(withRetired.json.children.find((c) => c.id === a2.id).status, 'retired');
    const office = await ctx.unit('CS-O4');
    const shallow = await ctx.admin.get(`/api/v1/units/tree?rootId=${office.id}&depth=1`);
    assertStatus(shallow, 200);
    assert.ok(shallow.json.children.length >= 2 && shallow.json.children.every((c) => c.kind === 'community'));
    assert.ok(shallow.json.children.every((c) => (c.children || []).length === 0), 'depth=1 stops below the communities');
  });

  it('the tree of a community head starts at their community; another root outside scope is 404', async () => {
    const head = await ctx.signIn('cs.o1.c01');
    const r = await head.get('/api/v1/units/tree');
    assertStatus(r, 200);
    assert.equal(r.json.code, 'CS-O1-C01');
    assert.ok(r.json.children.length > 0 && r.json.children.every((c) => c.kind === 'area'));
    const o2 = await ctx.unit('CS-O2');
    assertProblem(await head.get(`/api/v1/units/tree?rootId=${o2.id}`), [403, 404]);
  });
});

describe('retire and reactivate are versioned updates', () => {
  it('428 without If-Match, 409 when stale (with currentVersion), 200 with the current version', async () => {
    const { community } = await makeCommunity(ctx, { managers: 0 });
    for (const action of ['retire', 'reactivate']) {
      const cur = assertStatus(await ctx.admin.get(`/api/v1/units/${community.id}`), 200);
      assertProblem(await ctx.admin.post(`/api/v1/units/${community.id}/${action}`), 428, undefined, `${action} without If-Match`);
      const stale = await ctx.admin.post(`/api/v1/units/${community.id}/${action}`, undefined, { headers: ifMatch(cur.version + 5) });
      assert.equal(assertProblem(stale, 409, undefined, `${action} stale`).currentVersion, cur.version);
      assert.equal(stale.headers.get('etag'), `"${cur.version}"`);
      const ok = await ctx.admin.post(`/api/v1/units/${community.id}/${action}`, undefined, { headers: ifMatch(cur) });
      assertStatus(ok, 200, action);
      assert.equal(ok.json.status, action === 'retire' ? 'retired' : 'active');
      assert.equal(ok.json.version, cur.version + 1);
      assert.equal(ok.headers.get('etag'), `"${cur.version + 1}"`);
    }
  });
});

describe('areas', () => {
  let mine;
  let area;
  before(async () => {
    mine = await makeCommunity(ctx, { officeCode: 'CS-O5', managers: 3 });
    area = await makeArea(ctx, { community: mine.community, responsible: mine.managers[0], backup: mine.managers[1] });
  });

  it('GET /api/v1/areas/{id}: the area with its managers and who covers it', async () => {
    const r = await ctx.admin.get(`/api/v1/areas/${area.id}`);
    assertStatus(r, 200);
    validate('AreaDetail', r.json);
    assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
    assert.equal(r.json.code, area.code);
    assert.equal(r.json.responsible.id, mine.managers[0].id);
    assert.equal(r.json.responsible.username, mine.managers[0].username);
    assert.equal(r.json.responsible.name, mine.managers[0].name);
    assert.equal(r.json.responsible.phone, mine.managers[0].phone);
    assert.equal(r.json.backup.id, mine.managers[1].id);
    assert.equal(r.json.cover.reason, 'responsible');
    assert.equal(r.json.cover.staffId, mine.managers[0].id);
    assert.equal(r.json.cover.staff.id, mine.managers[0].id);
    assert.ok(r.json.cover.explanation.length > 0);
  });

  it('GET /api/v1/areas/{id} of a unit that is not an area is 404', async () => {
    assertProblem(await ctx.admin.get(`/api/v1/areas/${mine.community.id}`), 404);
    assertProblem(await ctx.admin.get('/api/v1/areas/987654321'), 404);
  });

  it('GET /api/v1/areas: filters communityId, officeId, managerId (responsible or backup), status; counts', async () => {
    const a2 = await makeArea(ctx, { community: mine.community, responsible: mine.managers[2], backup: mine.managers[0] });
    const ids = async (q) => { const r = await ctx.admin.get(`/api/v1/areas?${q}&limit=1000`); assertStatus(r, 200, q); r.json.forEach((x) => validate('AreaDetail', x)); return r; };
    const byCommunity = await ids(`communityId=${mine.community.id}`);
    assert.deepEqual(byCommunity.json.map((x) => x.id).sort(), [area.id, a2.id].sort());
    assert.equal(byCommunity.headers.get('x-total-count'), '2');
    const byManager0 = await ids(`managerId=${mine.managers[0].id}`);
    assert.deepEqual(byManager0.json.map((x) => x.id).sort(), [area.id, a2.id].sort(), 'responsible in one, backup in the other');
    const byManager1 = await ids(`managerId=${mine.managers[1].id}`);
    assert.deepEqual(byManager1.json.map((x) => x.id), [area.id]);
    const byOffice = await ids(`officeId=${mine.office.id}`);
    assert.ok(byOffice.json.some((x) => x.id === a2.id) && byOffice.json.some((x) => x.id === area.id));
    assert.ok(byOffice.json.every((x) => x.path.some((p) => p.id === mine.office.id)), 'only areas under the office');
    assertStatus(await ctx.admin.post(`/api/v1/units/${a2.id}/retire`, undefined, { headers: ifMatch(a2) }), 200);
    assert.deepEqual((await ids(`communityId=${mine.community.id}`)).json.map((x) => x.id), [area.id], 'status: active by default');
    assert.deepEqual((await ids(`communityId=${mine.community.id}&status=retired`)).json.map((x) => x.id), [a2.id]);
    assert.equal((await ids(`communityId=${mine.community.id}&status=all`)).json.length, 2);
    const all = await ctx.admin.get('/api/v1/areas?limit=1');
    assert.ok(Number(all.headers.get('x-total-count')) >= 148, 'all active areas counted');
    assert.equal(all.json.length, 1);
  });

  it('a community head lists only their own areas', async () => {
    const head = await ctx.signIn('cs.o1.c01');
    const c01 = await ctx.unit('CS-O1-C01');
    const r = await head.get('/api/v1/areas?limit=1000');
    assertStatus(r, 200);
    assert.ok(r.json.length > 0);
    assert.ok(r.json.every((a) => a.parentId === c01.id), 'every area is in CS-O1-C01');
    assert.equal(Number(r.headers.get('x-total-count')), r.json.length);
    assertProblem(await head.get(`/api/v1/areas/${area.id}`), 404, undefined, 'another community\'s area');
  });

  it('PATCH an area: swap responsible and backup', async () => {
    const a = await makeArea(ctx, { community: mine.community, responsible: mine.managers[0], backup: mine.managers[1] });
    const r = await ctx.admin.patch(`/api/v1/units/${a.id}`, { responsibleId: mine.managers[1].id, backupId: mine.managers[0].id }, { headers: ifMatch(a) });
    assertStatus(r, 200);
    assert.equal(r.json.responsibleId, mine.managers[1].id);
    assert.equal(r.json.backupId, mine.managers[0].id);
    const d = await ctx.admin.get(`/api/v1/areas/${a.id}`);
    assert.equal(d.json.cover.staffId, mine.managers[1].id);
    const s = await ctx.admin.get(`/api/v1/staff/${mine.managers[1].id}`);
    assert.ok(s.json.responsibleFor.includes(a.id), 'staff.responsibleFor follows');
    assert.ok(!s.json.backupFor.includes(a.id));
  });
});
