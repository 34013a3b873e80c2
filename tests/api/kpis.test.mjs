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

  it('names the bad field', async () => {
    const own = await ctx.unit('CS-O1-C01');
    assertProblem(await ctx.admin.get(`/api/v1/kpis?unitId=${own.id}&period=week`), 400, 'period');
    assertProblem(await ctx.admin.get('/api/v1/kpis?period=month'), 400, 'unitId');
    assertProblem(await ctx.admin.get(`/api/v1/kpis?unitId=${own.id}&at=yesterday`), 400, 'at');
    assertProblem(await ctx.admin.get(`/api/v1/kpis/trend?unitId=${own.id}&months=0`), 400, 'months');
    assertProblem(await ctx.admin.get('/api/v1/kpis?unitId=99999999'), 400, 'unitId');
  });
});
