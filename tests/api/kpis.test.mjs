// KPI dashboards (issue #5): a unit's figures from the rollups follow a work order through its life
// at once; the drill-down's children add up to the parent; the 24-month trend; periods cut in the
// display zone; scope per role; bad input named.
import { describe, it } from 'node:test';
import { before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer, ifMatch } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'kpis', subscribers: 3000 });

async function lineIn(areaCode) {
  const area = await ctx.unit(areaCode);
  const boxes = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes?areaId=${area.id}`), 200);
  for (const box of boxes) {
    const pairs = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200);
    const p = pairs.pairs.find((x) => x.state === 'in_use' && /^\d+$/.test(x.number));
    if (p) return { area, box, number: p.number };
  }
  throw new Error(`no fixed line in ${areaCode}`);
}

let line; let hotline; let manager; let head;
ctx.before(async () => {
  line = await lineIn('CS-A001');
  hotline = await ctx.signIn('cs.hotline1');
  head = await ctx.signIn('cs.o1.c01');
  manager = await ctx.signIn((await ctx.admin.get(`/api/v1/staff/${line.area.responsibleId}`)).json.username);
});

const act = (client, order, body) => client.post(`/api/v1/orders/${order.id}/actions`, body, { headers: ifMatch(order.version) });
const kpis = async (client, unitId, q = '') => assertStatus(await client.get(`/api/v1/kpis?unitId=${unitId}&period=day${q}`), 200);

describe('figures follow the work at once', () => {
  it('a fault reported, repaired in time and scored 5 shows in the area, the community and the manager', async () => {
    const community = await ctx.unit('CS-O1-C01');
    const before = await kpis(head, line.area.id);
    const beforeCommunity = await kpis(head, community.id);
    let o = assertStatus(await hotline.post('/api/v1/orders', { type: 'fault', number: line.number, summary: '无拨号音' }), 201);
    o = assertStatus(await act(manager, o, { action: 'accept' }), 200);
    o = assertStatus(await act(manager, o, { action: 'arrive' }), 200);
    o = assertStatus(await act(manager, o, { action: 'resolve', cause: 'drop_line', resolution: '更换下户线' }), 200);
    o = assertStatus(await act(hotline, o, { action: 'callback', score: 5, solved: true }), 200);
    const now = await kpis(head, line.area.id);
    assert.equal(now.counters.faults, before.counters.faults + 1);
    assert.equal(now.counters.repaired, before.counters.repaired + 1);
    assert.equal(now.counters.repairedCommitOk, before.counters.repairedCommitOk + 1);
    assert.equal(now.counters.satisfied, before.counters.satisfied + 1);
    const r = now.rates.repairTimelinessLegal;
    assert.equal(r.numerator, now.counters.repairedLegalOk);
    assert.equal(r.denominator, now.counters.repaired);
    assert.equal(r.value, r.numerator / r.denominator);
    assert.ok(now.base.linesInService > 0, 'lines in service counted from the plant');
    assert.equal(now.rates.faultRate.denominator, now.base.linesInService);
    assert.equal(now.rates.faultRate.per, 100);
    const c = await kpis(head, community.id);
    assert.equal(c.counters.faults, beforeCommunity.counters.faults + 1);
    // The drill-down under the area: the manager who did the work has it.
    const kids = assertStatus(await head.get(`/api/v1/kpis/children?unitId=${line.area.id}&period=day`), 200);
    const m = kids.children.find((k) => k.id === line.area.responsibleId);
    assert.ok(m, 'the manager is listed');
    assert.equal(m.kind, 'manager');
    assert.ok(m.counters.repaired >= 1);
  });
});

describe('drill-down and trend', () => {
  it("an office's communities add up to the office", async () => {
    const office = await ctx.unit('CS-O1');
    const res = assertStatus(await ctx.admin.get(`/api/v1/kpis/children?unitId=${office.id}&period=year`), 200);
    assert.equal(res.unit.id, office.id);
    assert.ok(res.children.length >= 2);
    assert.ok(res.children.every((k) => k.kind === 'community'));
    for (const key of ['faults', 'complaints', 'repaired', 'callbacks']) {
      const sum = res.children.reduce((n, k) => n + k.counters[key], 0);
      assert.equal(sum, res.unit.counters[key], key);
    }
    assert.ok(res.unit.counters.faults > 0, 'the demo history is in the rollups');
  });

  it('the trend has 24 months up to this one, and a quarter is its three months', async () => {
    const province = (await ctx.admin.get('/api/v1/units?kind=province')).json[0];
    const t = assertStatus(await ctx.admin.get(`/api/v1/kpis/trend?unitId=${province.id}&months=24`), 200);
    assert.equal(t.months.length, 24);
    const thisMonth = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
    assert.equal(t.months.at(-1).month, thisMonth);
    assert.ok(t.months.some((m) => m.counters.faults > 0));
    const q = assertStatus(await ctx.admin.get(`/api/v1/kpis?unitId=${province.id}&period=quarter&at=2026-05-15`), 200);
    assert.equal(q.period.firstDay, '2026-04-01');
    assert.equal(q.period.lastDay, '2026-06-30');
    assert.equal(q.months, 3);
  });

  it('2026-10-31T16:30Z is in November in Asia/Shanghai', async () => {
    const province = (await ctx.admin.get('/api/v1/units?kind=province')).json[0];
    const m = assertStatus(await ctx.admin.get(`/api/v1/kpis?unitId=${province.id}&period=month&at=2026-10-31T16:30:00Z`), 200);
    assert.equal(m.period.firstDay, '2026-11-01');
    assert.equal(m.period.from, '2026-11-01T00:00:00.000+08:00');
    const d = assertStatus(await ctx.admin.get(`/api/v1/kpis?unitId=${province.id}&period=day&at=2026-10-31T15:59:59Z`), 200);
    assert.equal(d.period.firstDay, '2026-10-31');
  });
});

describe('scope and bad input', () => {
  it('a community head sees their community, not another office', async () => {
    const own = await ctx.unit('CS-O1-C01');
    assertStatus(await head.get(`/api/v1/kpis?unitId=${own.id}`), 200);
    const other = await ctx.unit('CS-O2');
    assertProblem(await head.get(`/api/v1/kpis?unitId=${other.id}`), 403);
    assertProblem(await head.get(`/api/v1/kpis/children?unitId=${other.id}`), 403);
    assertProblem(await head.get(`/api/v1/kpis/trend?unitId=${other.id}`), 403);
    assertProblem(await ctx.anon().get(`/api/v1/kpis?unitId=${own.id}`), 401);
  });

  it("an area manager sees their own area's figures, not another office's, and may not change scorecards", async () => {
    assertStatus(await manager.get(`/api/v1/kpis?unitId=${line.area.id}`), 200);
    assertProblem(await manager.get(`/api/v1/kpis?unitId=${(await ctx.unit('CS-O2')).id}`), 403);
    assertProblem(await manager.request('PUT', '/api/v1/scorecards/area_manager', { body: { weights: { satisfaction: 100 } }, headers: ifMatch(0) }), 403);
    const office = await ctx.unit('CS-O1');
    const officeHead = await ctx.signIn('cs.o1');
    assertStatus(await officeHead.get(`/api/v1/rankings?unitId=${office.id}&period=month`), 200);
    assertProblem(await officeHead.request('PUT', '/api/v1/scorecards/area_manager', { body: { weights: { satisfaction: 100 } }, headers: ifMatch(0) }), 403);
  });

  it('names the bad field', async () => {
    const own = await ctx.unit('CS-O1-C01');
    assertProblem(await ctx.admin.get(`/api/v1/kpis?unitId=${own.id}&period=week`), 400, 'period');
    assertProblem(await ctx.admin.get('/api/v1/kpis?period=month'), 400, 'unitId');
    assertProblem(await ctx.admin.get(`/api/v1/kpis?unitId=${own.id}&at=yesterday`), 400, 'at');
    assertProblem(await ctx.admin.get(`/api/v1/kpis/trend?unitId=${own.id}&months=0`), 400, 'months');
    assertProblem(await ctx.admin.get('/api/v1/kpis?unitId=99999999'), 400, 'unitId');
  });
});

describe('scorecards and rankings', () => {
  it('the built-in scorecard is 40/20/20/10/10; a centre manager or administrator changes it with If-Match, audited', async () => {
    const list = assertStatus(await ctx.admin.get('/api/v1/scorecards'), 200);
    assert.equal(list.length, 7, 'one per role');
    const res = await ctx.admin.get('/api/v1/scorecards/office_head');
    const card = assertStatus(res, 200);
    assert.equal(res.headers.get('etag'), '"0"');
    assert.deepEqual(card.weights, { revenueCompletion: 40, repairTimeliness: 20, satisfaction: 20, complaints: 10, recordAccuracy: 10 });
    assert.equal(card.builtIn, true);
    // A community head may not; a stale version is refused; weights must add up to 100.
    const body = { weights: { repairTimeliness: 50, satisfaction: 30, complaints: 20 }, complaintCeiling: 8 };
    assertProblem(await head.request('PUT', '/api/v1/scorecards/office_head', { body, headers: ifMatch(0) }), 403);
    assertProblem(await ctx.admin.request('PUT', '/api/v1/scorecards/office_head', { body: { weights: { repairTimeliness: 50 } }, headers: ifMatch(0) }), 400, 'weights');
    assertProblem(await ctx.admin.request('PUT', '/api/v1/scorecards/office_head', { body: { weights: { speed: 100 } }, headers: ifMatch(0) }), 400, 'weights.speed');
    assertProblem(await ctx.admin.request('PUT', '/api/v1/scorecards/office_head', { body }), 428);
    const saved = assertStatus(await ctx.admin.request('PUT', '/api/v1/scorecards/office_head', { body, headers: ifMatch(0) }), 200);
    assert.equal(saved.version, 1);
    assert.deepEqual(saved.weights, body.weights);
    assert.equal(saved.complaintCeiling, 8);
    assertProblem(await ctx.admin.request('PUT', '/api/v1/scorecards/office_head', { body, headers: ifMatch(0) }), 409);
    const again = assertStatus(await ctx.admin.get('/api/v1/scorecards/office_head'), 200);
    assert.equal(again.version, 1);
    const audit = assertStatus(await ctx.admin.get('/api/v1/audit?objectType=scorecard'), 200);
    assert.ok(audit.some((e) => e.action === 'scorecard.update' && e.objectCode === 'office_head'), 'audited');
  });

  it("ranks a community's managers by the area managers' scorecard, revenue completion from the billing against the areas' targets", async () => {
    const community = await ctx.unit('CS-O1-C01');
    const lastQuarter = new Date(Date.now() - 100 * 86400e3).toISOString();  // a quarter of the demo history
    const r = assertStatus(await head.get(`/api/v1/rankings?unitId=${community.id}&period=quarter&top=2&at=${lastQuarter}`), 200);
    assert.equal(r.scorecard.role, 'area_manager');
    assert.ok(r.managers.length >= 2, 'the managers of the community');
    const scored = r.managers.filter((m) => m.score.total !== null);
    assert.ok(scored.length >= 1, 'the demo history gives them figures');
    for (let i = 1; i < scored.length; i++) assert.ok(scored[i - 1].score.total >= scored[i].score.total, 'best first');
    assert.equal(r.managers[0].rank, 1);
    const m = scored[0];
    // The demo bills the last twelve months and sets every area a target: the term has data, counted up to 100 %.
    const rev = m.score.terms.find((t) => t.term === 'revenueCompletion');
    assert.ok(rev.basis && rev.basis.denominator > 0, 'revenue against the areas\' targets');
    assert.ok(Math.abs(rev.score - Math.min(1, rev.basis.numerator / rev.basis.denominator)) < 1e-9);
    assert.ok(!m.score.redistributed.some((x) => x.term === 'revenueCompletion'));
    const applied = m.score.terms.reduce((n, t) => n + t.appliedWeight, 0);
    assert.ok(Math.abs(applied - 100) < 1e-9, 'the applied weights add up to 100');
    const total = m.score.terms.reduce((n, t) => n + (t.score === null ? 0 : t.appliedWeight * t.score), 0);
    assert.ok(Math.abs(total - m.score.total) < 1e-9);
    assert.ok(r.honourList.length >= 1);
    assert.ok(r.honourList.every((h) => h.rank <= 2), 'the first two places (equal scores share a place)');
    assert.equal(r.honourList[0].staffId, r.managers[0].staffId);
    // Two years back there is no target: the weight is shared out and the answer says why.
    const before = new Date(Date.now() - 730 * 86400e3).toISOString();
    const old = assertStatus(await head.get(`/api/v1/rankings?unitId=${community.id}&period=quarter&at=${before}`), 200);
    assert.ok(old.managers[0].score.redistributed.some((x) => x.term === 'revenueCompletion' && /no revenue target/.test(x.reason)));
    assertProblem(await head.get(`/api/v1/rankings?unitId=${community.id}&period=year`), 400, 'period');
    assertProblem(await head.get(`/api/v1/rankings?unitId=${line.area.id}`), 400, 'unitId');
    assertProblem(await head.get(`/api/v1/rankings?unitId=${(await ctx.unit('CS-O2')).id}`), 403);
  });
});

describe("a manager's own figures (managerId)", () => {
  it("are the drill-down's manager row, with its denominators; the trend's months add up to the year", async () => {
    const community = await ctx.unit('CS-O1-C01');
    const id = line.area.responsibleId;
    const kids = assertStatus(await head.get(`/api/v1/kpis/children?unitId=${community.id}&period=year`), 200);
    const row = kids.children.find((k) => k.kind === 'manager' && k.id === id);
    assert.ok(row, 'the manager is in the drill-down');
    const m = assertStatus(await head.get(`/api/v1/kpis?unitId=${community.id}&managerId=${id}&period=year`), 200);
    assert.equal(m.kind, 'manager');
    assert.equal(m.id, id);
    assert.equal(m.unit.id, community.id);
    assert.deepEqual(m.counters, row.counters);
    assert.deepEqual(m.base, row.base);
    assert.ok(m.base.linesInService > 0, "the lines of the manager's areas");
    assert.ok(m.base.linesInService < kids.unit.base.linesInService, 'not the whole community');
    assert.equal(m.rates.faultRate.denominator, m.base.linesInService * m.months);
    assert.ok(m.counters.faults > 0, 'the demo history credits them');
    const t = assertStatus(await head.get(`/api/v1/kpis/trend?unitId=${community.id}&managerId=${id}&months=24`), 200);
    assert.equal(t.managerId, id);
    assert.equal(t.months.length, 24);
    const year = m.period.firstDay.slice(0, 4);
    for (const key of ['faults', 'repaired', 'callbacks', 'complaints']) {
      const sum = t.months.filter((x) => x.month.startsWith(year)).reduce((n, x) => n + x.counters[key], 0);
      assert.equal(sum, m.counters[key], key);
    }
    assert.deepEqual(t.months.at(-1).base, m.base);
    // Less than the community's own trend: only their credit.
    const all = assertStatus(await head.get(`/api/v1/kpis/trend?unitId=${community.id}&months=24`), 200);
    assert.ok(t.months.reduce((n, x) => n + x.counters.faults, 0) < all.months.reduce((n, x) => n + x.counters.faults, 0));
  });

  it('an area manager reads their own (the unit defaults to their scope), nobody else\'s', async () => {
    const me = assertStatus(await manager.get('/api/v1/auth/me'), 200);
    const own = assertStatus(await manager.get(`/api/v1/kpis?managerId=${me.id}&period=year`), 200);
    assert.equal(own.id, me.id);
    assert.equal(own.unit.id, me.scopeUnitId);
    assertStatus(await manager.get(`/api/v1/kpis/trend?managerId=${me.id}&months=12`), 200);
    const kids = assertStatus(await head.get(`/api/v1/kpis/children?unitId=${(await ctx.unit('CS-O1-C01')).id}&period=year`), 200);
    const other = kids.children.find((k) => k.kind === 'manager' && k.id && k.id !== me.id);
    assert.ok(other, 'another manager in the community');
    assertProblem(await manager.get(`/api/v1/kpis?managerId=${other.id}&period=year`), 403);
    assertProblem(await manager.get(`/api/v1/kpis/trend?managerId=${other.id}`), 403);
    // An id nobody has gets the same answer, so a manager cannot probe which staff ids exist.
    assertProblem(await manager.get('/api/v1/kpis?managerId=99999999&period=year'), 403);
    // The community's drill-down: its total, and of the managers' rows only their own.
    const mine = assertStatus(await manager.get(`/api/v1/kpis/children?unitId=${me.scopeUnitId}&period=year`), 200);
    assert.ok(mine.children.every((k) => k.kind === 'manager' && k.id === me.id), JSON.stringify(mine.children.map((k) => k.id)));
    const whole = assertStatus(await head.get(`/api/v1/kpis/children?unitId=${me.scopeUnitId}&period=year`), 200);
    assert.ok(whole.children.length > mine.children.length, 'the head sees the other managers');
    assert.deepEqual(mine.unit.counters, whole.unit.counters);
  });

  it('a head reads managers credited within their scope only; a bad id is named', async () => {
    const office2 = await ctx.unit('CS-O2');
    const communities = assertStatus(await ctx.admin.get(`/api/v1/kpis/children?unitId=${office2.id}&period=year`), 200).children;
    let far;
    for (const c of communities) {
      const kids = assertStatus(await ctx.admin.get(`/api/v1/kpis/children?unitId=${c.id}&period=year`), 200).children;
      far = kids.find((k) => k.kind === 'manager' && k.id);
      if (far) break;
    }
    assert.ok(far, 'a manager of another office');
    assertStatus(await ctx.admin.get(`/api/v1/kpis?managerId=${far.id}&unitId=${office2.id}`), 200);
    assertProblem(await head.get(`/api/v1/kpis?managerId=${far.id}`), 403);
    assertProblem(await head.get(`/api/v1/kpis/trend?managerId=${far.id}`), 403);
    assertProblem(await head.get(`/api/v1/kpis?managerId=${far.id}&unitId=${office2.id}`), 403);
    assertProblem(await head.get('/api/v1/kpis?managerId=abc'), 400, 'managerId');
    assertProblem(await head.get('/api/v1/kpis?managerId=99999999'), 400, 'managerId');
    assertProblem(await head.get('/api/v1/kpis/trend?managerId=0'), 400, 'managerId');
  });
});
