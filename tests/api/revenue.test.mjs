// Revenue and targets over HTTP (docs/revenue.md): the billing upload with its report, revenue of a
// unit and its children adding up, targets with If-Match and their problem details, and who may
// see and set what. Month 2019-05 is clear of the demo's own twelve months of billing.
import { describe, it, before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer, validate, ifMatch } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'revenue' });
const MONTH = '2019-05';

let services; let cs; let o1; let o2; let c01;
ctx.before(async () => {
  cs = await ctx.unit('CS');
  o1 = await ctx.unit('CS-O1');
  o2 = await ctx.unit('CS-O2');
  c01 = await ctx.unit('CS-O1-C01');
  const r = await ctx.admin.get('/api/v1/exports/services');
  assertStatus(r, 200, 'export services');
  const lines = r.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
  services = lines.slice(0, 40).map((l) => l.split(',')[0]);
  assert.equal(services.length, 40, 'the demo has services');
});

const upload = (client, csv, query = '') => client.request('POST', `/api/v1/imports/revenue${query}`, { body: csv, headers: { 'content-type': 'text/csv' } });

describe('billing upload', () => {
  it('reports every bad row with line, column and reason, keeps the good ones, and is idempotent', async () => {
    const good = services.map((code, i) => `${MONTH},${code},${(100 + i).toFixed(2)}`);
    const csv = ['month,service,amount_yuan', ...good, `${MONTH},NO-SUCH,1`, `2019-13,${services[0]},1`, `${MONTH},${services[1]},-1`, `${MONTH},${services[2]},x`, `${MONTH},${services[0]},5`].join('\n');
    const dry = assertStatus(await upload(ctx.admin, csv, '?dryRun=true'), 200);
    assert.equal(dry.dryRun, true);
    assert.equal(dry.inserted, 40);
    let rep = assertStatus(await upload(ctx.admin, csv), 200);
    validate('ImportReport', rep);
    assert.equal(rep.inserted, 40);
    assert.equal(rep.rejected, 5);
    assert.deepEqual(rep.errors.map((e) => [e.line, e.column]), [[42, 'service'], [43, 'month'], [44, 'amount_yuan'], [45, 'amount_yuan'], [46, 'service']]);
    assert.match(rep.errors[0].reason, /unknown service NO-SUCH/);
    rep = assertStatus(await upload(ctx.admin, csv), 200);
    assert.equal(rep.inserted, 0);
    assert.equal(rep.unchanged, 40);
    // The city's revenue for the month is exactly the sum of the good rows, in fen.
    const total = services.reduce((s, _, i) => s + (100 + i) * 100, 0);
    const city = assertStatus(await ctx.admin.get(`/api/v1/revenue?unitId=${cs.id}&month=${MONTH}`), 200);
    validate('RevenueReport', city, { strict: true });
    assert.equal(city.unit.revenueFen, total);
    assert.equal(city.children.reduce((s, c) => s + c.revenueFen, 0), total, 'the children add up to the unit');
  });

  it('managers may not upload billing', async () => {
    const m = await ctx.signIn('cs.m001');
    assertProblem(await upload(m, 'month,service,amount_yuan\n'), 403);
  });
});

describe('targets', () => {
  it('an office head sets a target with If-Match; a stale one is 409; bad values name the field', async () => {
    const head = await ctx.signIn('cs.o1');
    const path = `/api/v1/revenue-targets/${c01.id}/${MONTH}`;
    const none = await head.get(path);
    assertStatus(none, 200);
    assert.equal(none.json.version, 0);
    assert.equal(none.json.amountFen, null);
    assert.equal(none.headers.get('etag'), '"0"');
    assertProblem(await head.put(path, { amountFen: 100 }), 428, 'If-Match');
    assertProblem(await head.put(path, { amountFen: -1 }, { headers: ifMatch(0) }), 400, 'amountFen');
    assertProblem(await head.put(path, { amountFen: 'lots' }, { headers: ifMatch(0) }), 400, 'amountFen');
    assertProblem(await head.put(path, { amountFen: 1, extra: 1 }, { headers: ifMatch(0) }), 400, 'extra');
    const set = await head.put(path, { amountFen: 1000000 }, { headers: ifMatch(0) });
    assertStatus(set, 200);
    validate('RevenueTarget', set.json, { strict: true });
    assert.equal(set.json.version, 1);
    assert.equal(set.headers.get('etag'), '"1"');
    assertProblem(await head.put(path, { amountFen: 5 }, { headers: ifMatch(0) }), 409);
    assert.equal((await head.get(path)).json.amountFen, 1000000, 'the stale write changed nothing');
    assertProblem(await head.put(`/api/v1/revenue-targets/${c01.id}/2019-5`, { amountFen: 1 }, { headers: ifMatch(0) }), 400, 'month');
    // The report shows completion and gap against it.
    const rep = assertStatus(await head.get(`/api/v1/revenue?unitId=${o1.id}&month=${MONTH}`), 200);
    const row = rep.children.find((c) => c.unitId === c01.id);
    assert.equal(row.targetFen, 1000000);
    assert.equal(row.gapFen, 1000000 - row.revenueFen);
    const tenths = Math.floor((row.revenueFen * 2000 + 1000000) / 2000000);
    assert.equal(row.completionPercent, `${Math.floor(tenths / 10)}.${tenths % 10}`);
    const audit = assertStatus(await ctx.admin.get('/api/v1/audit?objectType=revenue_target'), 200);
    assert.ok(audit.some((e) => e.action === 'revenue_target.create'), 'the change is audited');
  });

  it('a community head and a manager may not set targets; an office head not outside the office', async () => {
    for (const who of ['cs.o1.c01', 'cs.m001']) {
      const c = await ctx.signIn(who);
      assertProblem(await c.put(`/api/v1/revenue-targets/${c01.id}/${MONTH}`, { amountFen: 1 }, { headers: ifMatch(1) }), 403, undefined, who);
    }
    const head = await ctx.signIn('cs.o1');
    assertProblem(await head.put(`/api/v1/revenue-targets/${o2.id}/${MONTH}`, { amountFen: 1 }, { headers: ifMatch(0) }), 403);
  });
});

describe('scope of the figures', () => {
  it('a community head sees their community and its areas, nothing beside or above it', async () => {
    const c = await ctx.signIn('cs.o1.c01');
    const mine = assertStatus(await c.get(`/api/v1/revenue?month=${MONTH}`), 200);
    assert.equal(mine.unit.unitId, c01.id, 'the default unit is the scope root');
    assert.ok(mine.children.every((a) => a.kind === 'area'));
    assertProblem(await c.get(`/api/v1/revenue?unitId=${o1.id}&month=${MONTH}`), 403);
    assertProblem(await c.get(`/api/v1/revenue/trend?unitId=${o2.id}`), 403);
    assertProblem(await c.get(`/api/v1/revenue/sellers?unitId=${cs.id}`), 403);
    assertProblem(await c.get(`/api/v1/revenue?month=2019-13`), 400, 'month');
  });

  it('trend and sellers answer in their shapes', async () => {
    const trend = assertStatus(await ctx.admin.get(`/api/v1/revenue/trend?unitId=${cs.id}&months=3&to=2019-06`), 200);
    validate('RevenueTrend', trend, { strict: true });
    assert.deepEqual(trend.months.map((m) => m.month), ['2019-04', '2019-05', '2019-06']);
    assert.equal(trend.months[0].revenueFen, 0);
    assert.ok(trend.months[1].revenueFen > 0);
    assertProblem(await ctx.admin.get(`/api/v1/revenue/trend?months=0`), 400, 'months');
    const sellers = assertStatus(await ctx.admin.get(`/api/v1/revenue/sellers?unitId=${cs.id}&month=${MONTH}`), 200);
    validate('RevenueSellers', sellers, { strict: true });
  });
});
