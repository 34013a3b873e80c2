// The business rules of docs/api.md ("Business rules enforced"): each refused with the status
// the contract names, a problem naming the field, and nothing changed.
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, validate, useServer, uniq, ifMatch, makeCommunity, makeArea, makeStaff, hoursFromNow,
} from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'rules' });
const get = async (path) => assertStatus(await ctx.admin.get(path), 200, path);
const unitCount = async (q) => Number((await ctx.admin.get(`/api/v1/units?${q}&status=all`)).headers.get('x-total-count'));

describe('units', () => {
  it('codes are unique among all units (409), whatever the parent', async () => {
    const a = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 0 });
    const o2 = await ctx.unit('CS-O2');
    const r = await ctx.admin.post('/api/v1/units', { kind: 'community', code: a.community.code, name: '重复', parentId: o2.id });
    assertProblem(r, 409);
    assertProblem(await ctx.admin.post('/api/v1/units', { kind: 'community', code: 'CS-O1-C01', name: '重复', parentId: o2.id }), 409, undefined, 'a demo code');
    const other = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 0 });
    assertProblem(await ctx.admin.patch(`/api/v1/units/${other.community.id}`, { code: a.community.code }, { headers: ifMatch(other.community) }), 409, undefined, 'renaming onto a used code');
    assert.equal((await get(`/api/v1/units/${other.community.id}`)).code, other.community.code);
  });

  it('the parent must be of the kind just above (422 naming parentId)', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 2 });
    const centre = await ctx.unit('CS-C');
    const o1 = await ctx.unit('CS-O1');
    const tag = uniq();
    const cases = [
      ['a community under the centre', { kind: 'community', code: `T-K-${tag}-1`, name: 'x', parentId: centre.id }],
      ['an area under an office', { kind: 'area', code: `T-K-${tag}-2`, name: 'x', parentId: o1.id, responsibleId: managers[0].id, backupId: managers[1].id }],
      ['an office under a community', { kind: 'office', code: `T-K-${tag}-3`, name: 'x', parentId: community.id }],
    ];
    for (const [why, body] of cases) assertProblem(await ctx.admin.post('/api/v1/units', body), 422, 'parentId', why);
    assertProblem(await ctx.admin.post('/api/v1/units', { kind: 'province', code: `T-K-${tag}-4`, name: 'x', parentId: centre.id }), 422, undefined, 'a second province');
    assert.equal(await unitCount(`q=T-K-${tag}`), 0, 'nothing created');
  });

  it('moving keeps the kind: a community cannot move under a community or the centre', async () => {
    const a = await makeCommunity(ctx, { managers: 0 });
    const b = await makeCommunity(ctx, { managers: 0 });
    const centre = await ctx.unit('CS-C');
    assertProblem(await ctx.admin.patch(`/api/v1/units/${a.community.id}`, { parentId: b.community.id }, { headers: ifMatch(a.community) }), 422, 'parentId');
    assertProblem(await ctx.admin.patch(`/api/v1/units/${a.community.id}`, { parentId: centre.id }, { headers: ifMatch(a.community) }), 422, 'parentId');
    assertProblem(await ctx.admin.patch(`/api/v1/units/${a.community.id}`, { parentId: a.community.id }, { headers: ifMatch(a.community) }), 422, 'parentId', 'its own parent');
    const now = await get(`/api/v1/units/${a.community.id}`);
    assert.equal(now.parentId, a.office.id);
    assert.equal(now.version, a.community.version);
  });

  it('the parent must be active, to create under it and to reactivate a child', async () => {
    const { community, office } = await makeCommunity(ctx, { managers: 0 });
    const retired = assertStatus(await ctx.admin.post(`/api/v1/units/${community.id}/retire`, undefined, { headers: ifMatch(community) }), 200);
    assert.equal(retired.status, 'retired');
    assert.ok(retired.retiredAt);
    const off = await ctx.admin.post('/api/v1/units', { kind: 'office', code: `T-OF-${uniq()}`, name: '临时处', parentId: office.path.find((p) => p.kind === 'centre').id });
    assertStatus(off, 201);
    const c2 = assertStatus(await ctx.admin.post('/api/v1/units', { kind: 'community', code: `T-C2-${uniq()}`, name: '临时社区', parentId: off.json.id }), 201);
    assertStatus(await ctx.admin.post(`/api/v1/units/${c2.id}/retire`, undefined, { headers: ifMatch(c2) }), 200);
    const offNow = await get(`/api/v1/units/${off.json.id}`);
    assertStatus(await ctx.admin.post(`/api/v1/units/${off.json.id}/retire`, undefined, { headers: ifMatch(offNow) }), 200);
    const tag = uniq();
    assertProblem(await ctx.admin.post('/api/v1/units', { kind: 'community', code: `T-P-${tag}`, name: 'x', parentId: off.json.id }), 422, 'parentId', 'create under a retired parent');
    const c2Now = await get(`/api/v1/units/${c2.id}`);
    assertProblem(await ctx.admin.post(`/api/v1/units/${c2.id}/reactivate`, undefined, { headers: ifMatch(c2Now) }), 422, undefined, 'reactivate under a retired parent');
    assert.equal((await get(`/api/v1/units/${c2.id}`)).status, 'retired');
    const mover = (await makeCommunity(ctx, { managers: 0 })).community;
    assertProblem(await ctx.admin.patch(`/api/v1/units/${mover.id}`, { parentId: off.json.id }, { headers: ifMatch(mover) }), 422, 'parentId', 'move under a retired parent');
    const offNow2 = await get(`/api/v1/units/${off.json.id}`);
    const back = assertStatus(await ctx.admin.post(`/api/v1/units/${off.json.id}/reactivate`, undefined, { headers: ifMatch(offNow2) }), 200);
    assert.equal(back.status, 'active');
    assert.equal(back.retiredAt, null);
    assertStatus(await ctx.admin.post(`/api/v1/units/${c2.id}/reactivate`, undefined, { headers: ifMatch(c2Now) }), 200, 'once the parent is active');
  });

  it('a unit with active children cannot be retired (422); retired children do not block', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 2 });
    const area = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    const cur = await get(`/api/v1/units/${community.id}`);
    assertProblem(await ctx.admin.post(`/api/v1/units/${community.id}/retire`, undefined, { headers: ifMatch(cur) }), 422);
    assert.equal((await get(`/api/v1/units/${community.id}`)).status, 'active', 'still active');
    assertStatus(await ctx.admin.post(`/api/v1/units/${area.id}/retire`, undefined, { headers: ifMatch(area) }), 200);
    // Its managers leave too: the server also refuses to retire a unit that still has active staff
    // (a rule docs/api.md does not list).
    for (const m of managers) assertStatus(await ctx.admin.post(`/api/v1/staff/${m.id}/retire`, undefined, { headers: ifMatch(await get(`/api/v1/staff/${m.id}`)) }), 200);
    const r = assertStatus(await ctx.admin.post(`/api/v1/units/${community.id}/retire`, undefined, { headers: ifMatch(cur) }), 200, 'retired children do not block');
    assert.equal(r.status, 'retired');
    const centre = await ctx.unit('CS-C');
    const office = assertStatus(await ctx.admin.post('/api/v1/units', { kind: 'office', code: `T-OX-${uniq()}`, name: '有社区的处', parentId: centre.id }), 201);
    assertStatus(await ctx.admin.post('/api/v1/units', { kind: 'community', code: `T-CX-${uniq()}`, name: '社区', parentId: office.id }), 201);
    const officeNow = await get(`/api/v1/units/${office.id}`);
    assertProblem(await ctx.admin.post(`/api/v1/units/${office.id}/retire`, undefined, { headers: ifMatch(officeNow) }), 422, undefined, 'an office with an active community');
  });
});

describe('areas and their managers', () => {
  it('an area needs a responsible manager and a backup (422)', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 2 });
    const tag = uniq();
    const b = { kind: 'area', name: '无经理', parentId: community.id };
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-N-${tag}-1` }), 422, 'responsibleId', 'neither');
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-N-${tag}-2`, responsibleId: managers[0].id }), 422, 'backupId', 'no backup');
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-N-${tag}-3`, backupId: managers[0].id }), 422, 'responsibleId', 'no responsible');
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-N-${tag}-4`, responsibleId: managers[0].id, backupId: managers[0].id }), 422, 'backupId', 'the same person twice');
    const area = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    assertProblem(await ctx.admin.patch(`/api/v1/units/${area.id}`, { backupId: managers[0].id }, { headers: ifMatch(area) }), 422, 'backupId', 'backup = responsible');
    assert.equal(await unitCount(`q=T-N-${tag}`), 0);
    assert.equal((await get(`/api/v1/units/${area.id}`)).version, area.version);
  });

  it('PATCH responsibleId: null (removing the manager) is refused', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 2 });
    const area = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    const r = await ctx.admin.patch(`/api/v1/units/${area.id}`, { responsibleId: null }, { headers: ifMatch(area) });
    assert.equal((await get(`/api/v1/units/${area.id}`)).responsibleId, managers[0].id, 'still managed');
    assertProblem(r, [400, 422], 'responsibleId', 'removing the manager');
  });

  it('managers must be active area_managers', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 2 });
    const agent = await makeStaff(ctx, { unitId: community.id, role: 'hotline_agent' });
    const spare = await makeStaff(ctx, { unitId: community.id });
    assertStatus(await ctx.admin.post(`/api/v1/staff/${spare.id}/retire`, undefined, { headers: ifMatch(spare) }), 200);
    const tag = uniq();
    const b = { kind: 'area', name: '经理不对', parentId: community.id };
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-M-${tag}-1`, responsibleId: agent.id, backupId: managers[1].id }), 422, 'responsibleId', 'a hotline agent');
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-M-${tag}-2`, responsibleId: managers[0].id, backupId: spare.id }), 422, 'backupId', 'a retired manager');
    assertProblem(await ctx.admin.post('/api/v1/units', { ...b, code: `T-M-${tag}-3`, responsibleId: 987654321, backupId: managers[1].id }), 422, 'responsibleId', 'nobody');
    assert.equal(await unitCount(`q=T-M-${tag}`), 0);
  });

  it('a manager is responsible in one community only, unless an administrator allows more', async () => {
    const a = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 2 });
    const b = await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 2 });
    const m = a.managers[0];
    await makeArea(ctx, { community: a.community, responsible: m, backup: a.managers[1] });
    const tag = uniq();
    const body = { kind: 'area', code: `T-MC-${tag}`, name: '跨社区', parentId: b.community.id, responsibleId: m.id, backupId: b.managers[1].id };
    assertProblem(await ctx.admin.post('/api/v1/units', body), 422, 'responsibleId');
    const other = await makeArea(ctx, { community: b.community, responsible: b.managers[0], backup: b.managers[1] });
    assertProblem(await ctx.admin.patch(`/api/v1/units/${other.id}`, { responsibleId: m.id }, { headers: ifMatch(other) }), 422, 'responsibleId', 'by PATCH');
    const cur = await get(`/api/v1/staff/${m.id}`);
    assertStatus(await ctx.admin.patch(`/api/v1/staff/${m.id}`, { allowMultiCommunity: true }, { headers: ifMatch(cur) }), 200);
    const ok = assertStatus(await ctx.admin.post('/api/v1/units', body), 201, 'allowed now');
    assert.equal(ok.responsibleId, m.id);
    assert.equal((await get(`/api/v1/staff/${m.id}`)).responsibleFor.length, 2);
  });

  it('a manager responsible or backup for an active area cannot be retired nor leave the role', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 3 });
    const [m0, m1, m2] = managers;
    const area = await makeArea(ctx, { community, responsible: m0, backup: m1 });
    for (const m of [m0, m1]) {
      const cur = await get(`/api/v1/staff/${m.id}`);
      assertProblem(await ctx.admin.post(`/api/v1/staff/${m.id}/retire`, undefined, { headers: ifMatch(cur) }), 422, undefined, `retire ${m.username}`);
      assertProblem(await ctx.admin.patch(`/api/v1/staff/${m.id}`, { role: 'hotline_agent' }, { headers: ifMatch(cur) }), 422, 'role', `role change ${m.username}`);
      const now = await get(`/api/v1/staff/${m.id}`);
      assert.deepEqual([now.status, now.role, now.version], ['active', 'area_manager', cur.version], 'unchanged');
    }
    assertStatus(await ctx.admin.patch(`/api/v1/units/${area.id}`, { responsibleId: m2.id }, { headers: ifMatch(area) }), 200, 'hand the area over');
    const cur0 = await get(`/api/v1/staff/${m0.id}`);
    assert.deepEqual(cur0.responsibleFor, []);
    const r = assertStatus(await ctx.admin.post(`/api/v1/staff/${m0.id}/retire`, undefined, { headers: ifMatch(cur0) }), 200, 'free to retire now');
    assert.equal(r.status, 'retired');
  });

  it('a retired area frees its managers', async () => {
    const { community, managers } = await makeCommunity(ctx, { managers: 2 });
    const area = await makeArea(ctx, { community, responsible: managers[0], backup: managers[1] });
    assertStatus(await ctx.admin.post(`/api/v1/units/${area.id}/retire`, undefined, { headers: ifMatch(area) }), 200);
    const cur = await get(`/api/v1/staff/${managers[1].id}`);
    assert.deepEqual(cur.backupFor, [], 'backupFor lists active areas only');
    assertStatus(await ctx.admin.post(`/api/v1/staff/${managers[1].id}/retire`, undefined, { headers: ifMatch(cur) }), 200);
  });
});

describe('staff', () => {
  it('usernames are unique (409); format 3–40 of [a-z0-9._-]', async () => {
    const { community } = await makeCommunity(ctx, { managers: 0 });
    const s = await makeStaff(ctx, { unitId: community.id, role: 'hotline_agent' });
    const b = { name: '重名', role: 'hotline_agent', unitId: community.id, password: 'Long-enough-pw-1' };
    assertProblem(await ctx.admin.post('/api/v1/staff', { ...b, username: s.username }), 409);
    for (const bad of ['ab', 'Upper.case', 'with space', 'x'.repeat(41), 'ümlaut']) {
      assertProblem(await ctx.admin.post('/api/v1/staff', { ...b, username: bad }), [400, 422], 'username', bad);
    }
    assertProblem(await ctx.admin.post('/api/v1/staff', { ...b, username: `t.pw${uniq()}`, password: '123456789' }), [400, 422], 'password', '9 characters');
  });
});

describe('absences', () => {
  const DAY = 86400e3;
  const t0 = Math.ceil((Date.now() + 40 * DAY) / DAY) * DAY;
  const at = (d) => new Date(t0 + d * DAY).toISOString();
  let staff;
  before(async () => {
    const { community } = await makeCommunity(ctx, { managers: 0 });
    staff = await makeStaff(ctx, { unitId: community.id, role: 'hotline_agent' });
  });
  const add = (startsAt, endsAt, extra = {}) => ctx.admin.post('/api/v1/absences', { staffId: staff.id, startsAt, endsAt, reason: 'leave', ...extra });
  const countFor = async () => Number((await ctx.admin.get(`/api/v1/absences?staffId=${staff.id}&status=all`)).headers.get('x-total-count'));

  it('no overlap with another active absence of the same person (422); endsAt is exclusive', async () => {
    const a = assertStatus(await add(at(0), at(5)), 201);
    const n = await countFor();
    for (const [s, e, why] of [[at(1), at(2), 'inside'], [at(-1), at(1), 'over the start'], [at(4), at(8), 'over the end'], [at(-1), at(9), 'around'], [at(0), at(5), 'the same']]) {
      assertProblem(await add(s, e), 422, undefined, why);
    }
    assert.equal(await countFor(), n, 'nothing created');
    assertStatus(await add(at(5), at(6)), 201, 'starting when the other ends');
    assertStatus(await add(at(-2), at(0)), 201, 'ending when the other starts');
    assertStatus(await ctx.admin.post(`/api/v1/absences/${a.id}/cancel`, undefined, { headers: ifMatch(a) }), 200);
    assertStatus(await add(at(1), at(2)), 201, 'a cancelled absence no longer blocks');
  });

  it('at most 366 days (422)', async () => {
    assertProblem(await add(at(100), at(100 + 367)), 422, 'endsAt', '367 days');
    assertStatus(await add(at(100), at(100 + 366)), 201, '366 days');
  });

  it('endsAt after startsAt (422, a business rule in docs/api.md)', async () => {
    const n = await countFor();
    const before = await add(at(200), at(199));
    const equal = await add(at(200), at(200));
    assert.equal(await countFor(), n, 'nothing created');
    assertProblem(before, 422, 'endsAt', 'before');
    assertProblem(equal, 422, 'endsAt', 'equal');
  });
});

describe('who covers an area', () => {
  let c;
  before(async () => { c = await makeCommunity(ctx, { officeCode: 'CS-O6', managers: 2 }); });

  it('manager present → responsible; absent → backup, with an explanation; both absent → uncovered', async () => {
    const [resp, backup] = c.managers;
    const area = await makeArea(ctx, { community: c.community, responsible: resp, backup });
    let d = await get(`/api/v1/areas/${area.id}`);
    assert.deepEqual([d.cover.reason, d.cover.staffId, d.cover.until], ['responsible', resp.id, null]);

    const future = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: resp.id, startsAt: hoursFromNow(24), endsAt: hoursFromNow(48), reason: 'training' }), 201);
    d = await get(`/api/v1/areas/${area.id}`);
    assert.equal(d.cover.reason, 'responsible', 'an absence in the future does not count yet');

    const leave = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: resp.id, startsAt: hoursFromNow(-1), endsAt: hoursFromNow(12), reason: 'leave' }), 201);
    d = await get(`/api/v1/areas/${area.id}`);
    validate('AreaDetail', d);
    assert.equal(d.cover.reason, 'backup');
    assert.equal(d.cover.staffId, backup.id);
    assert.equal(d.cover.staff.id, backup.id);
    assert.equal(d.cover.staff.name, backup.name);
    assert.equal(Date.parse(d.cover.until), Date.parse(leave.endsAt), 'until: when the manager is back');
    assert.ok(d.cover.explanation.includes(resp.name) && d.cover.explanation.includes(backup.name), `explanation names both: ${d.cover.explanation}`);
    assert.equal(Date.parse(d.responsible.absentUntil), Date.parse(d.cover.until), 'the responsible StaffBrief shows absentUntil');
    assert.equal(d.backup.absentUntil, null);

    assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: backup.id, startsAt: hoursFromNow(-1), endsAt: hoursFromNow(6), reason: 'sick' }), 201);
    d = await get(`/api/v1/areas/${area.id}`);
    validate('AreaDetail', d);
    assert.equal(d.cover.reason, 'uncovered');
    assert.equal(d.cover.staffId, null);
    assert.equal(d.cover.staff, null);
    assert.ok(d.cover.explanation.length > 0);

    const listed = (await get(`/api/v1/areas?communityId=${c.community.id}&limit=1000`)).find((x) => x.id === area.id);
    assert.equal(listed.cover.reason, 'uncovered', 'the list shows the same cover');

    assertStatus(await ctx.admin.post(`/api/v1/absences/${leave.id}/cancel`, undefined, { headers: ifMatch(leave) }), 200);
    d = await get(`/api/v1/areas/${area.id}`);
    assert.equal(d.cover.reason, 'responsible', 'the manager is back once the absence is cancelled');
    assert.equal(d.cover.staffId, resp.id);
  });
});
