// Piece-rate pay over HTTP (docs/pay.md): rate versions, computing a month's run with
// Idempotency-Key, statements by role, approval closing the month (409 afterwards), CSV and xlsx
// exports, audit. The amounts themselves are checked against hand-computed fixtures in
// tests/store/pay_test.cpp; here, that what the API shows adds up.
import { describe, it } from 'node:test';
import { before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, assertProblem, assertStatus, useServer, validate, ifMatch, uniq } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'pay', subscribers: 3000 });

// The month before this one, in Asia/Shanghai: the demo history has work in it.
function monthOf(ms) {
  const d = new Date(ms + 8 * 3600e3);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
const thisMonth = monthOf(Date.now());
const lastMonth = (() => { const [y, m] = thisMonth.split('-').map(Number); return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`; })();

let network; let officeHead; let communityHead; let hotline; let run; let statements; let manager; let managerStatement;
ctx.before(async () => {
  network = await ctx.unit('CS');
  officeHead = await ctx.signIn('cs.o1');
  communityHead = await ctx.signIn('cs.o1.c01');
  hotline = await ctx.signIn('cs.hotline1');
});

async function binary(client, path) {
  const res = await fetch(ctx.url + path, { headers: { cookie: client.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('pay', () => {
  it('the demo has the built-in rate version; the hotline sees no pay', async () => {
    const r = await ctx.admin.get('/api/v1/pay-rates');
    const versions = assertStatus(r, 200);
    assert.equal(versions.length, 1);
    assert.equal(r.headers.get('etag'), '"1"');
    validate('PayRateVersion', versions[0], { strict: true });
    assert.deepEqual(versions[0].ratesFen.fault, { urban: 800, rural: 1000 });
    assert.deepEqual(versions[0].multipliers.satisfied, { num: 11, den: 10 });
    assertProblem(await hotline.get('/api/v1/pay-rates'), 403);
    assertProblem(await hotline.get(`/api/v1/pay-runs?networkId=${network.id}`), 403);
  });

  it('bad input names the field; only office heads and above compute', async () => {
    assertProblem(await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: '2026-13' }), 400, 'month');
    assertProblem(await officeHead.post('/api/v1/pay-runs', { networkId: network.id }), 400, 'month');
    assertProblem(await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth, extra: 1 }), 400, 'extra');
    const office = await ctx.unit('CS-O1');
    assertProblem(await officeHead.post('/api/v1/pay-runs', { networkId: office.id, month: lastMonth }), 422, 'networkId');
    assertProblem(await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: '2999-01' }), 422, 'month');
    assertProblem(await communityHead.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth }), 403);
    const m = await ctx.signIn('cs.m001');
    assertProblem(await m.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth }), 403);
  });

  it('the office head computes last month (a retry replays), and recomputes the draft', async () => {
    const key = `pay-${uniq()}`;
    const r = await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth }, { headers: { 'idempotency-key': key } });
    run = assertStatus(r, 201);
    validate('PayRun', run, { strict: true });
    assert.equal(r.headers.get('location'), `/api/v1/pay-runs/${run.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.equal(run.status, 'draft');
    assert.equal(run.month, lastMonth);
    assert.ok(run.lines > 10 && run.managers > 5, `a month of demo work: ${run.lines} lines, ${run.managers} managers`);
    const again = await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth }, { headers: { 'idempotency-key': key } });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.json, run);
    const re = await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth });
    const recomputed = assertStatus(re, 200);
    assert.equal(recomputed.id, run.id);
    assert.equal(recomputed.version, 2);
    assert.equal(recomputed.totalFen, run.totalFen, 'nothing changed in between');
    run = recomputed;
    const listed = assertStatus(await communityHead.get(`/api/v1/pay-runs?networkId=${network.id}`), 200);
    assert.deepEqual(listed.map((x) => x.id), [run.id]);
  });

  it('statements add up; each line says why', async () => {
    const r = await ctx.admin.get(`/api/v1/pay-runs/${run.id}/statements?limit=1000`);
    statements = assertStatus(r, 200);
    assert.equal(statements.length, run.managers);
    assert.equal(statements.reduce((s, x) => s + x.totalFen, 0), run.totalFen);
    for (const s of statements) validate('PayStatement', s, { strict: true });
    managerStatement = statements.find((s) => s.username.startsWith('cs.m'));
    assert.ok(managerStatement, 'an area manager earned something');
    const d = assertStatus(await ctx.admin.get(`/api/v1/pay-runs/${run.id}/statements/${managerStatement.managerId}`), 200);
    validate('PayStatementDetail', d);
    assert.equal(d.lines.length, managerStatement.workLines + managerStatement.adjustmentLines);
    assert.equal(d.lines.reduce((s, l) => s + l.amountFen, 0), managerStatement.totalFen);
    for (const l of d.lines) {
      assert.equal(l.parts[0].code, 'rate');
      assert.equal(l.parts[0].fen, l.baseFen);
      for (const p of l.parts) assert.ok(p.whyZh && p.whyEn, `${l.orderCode} ${p.code} says why`);
      assert.match(l.orderCode, /^WO\d{8}$/);
      assert.ok(l.resolvedAt.startsWith(lastMonth) || l.resolvedAt.endsWith('+08:00'));
    }
  });

  it('a manager sees only their own statement', async () => {
    manager = await ctx.signIn(managerStatement.username);
    const own = assertStatus(await manager.get(`/api/v1/pay-runs/${run.id}/statements`), 200);
    assert.deepEqual(own.map((s) => s.managerId), [managerStatement.managerId]);
    assertStatus(await manager.get(`/api/v1/pay-runs/${run.id}/statements/${managerStatement.managerId}`), 200);
    const other = statements.find((s) => s.managerId !== managerStatement.managerId);
    assertProblem(await manager.get(`/api/v1/pay-runs/${run.id}/statements/${other.managerId}`), 403);
    assertProblem(await manager.get(`/api/v1/pay-runs/${run.id}/export?format=csv&managerId=${other.managerId}`), 403);
    const csv = await manager.get(`/api/v1/pay-runs/${run.id}/export?format=csv`);
    assertStatus(csv, 200);
    const rows = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(rows.length, 1 + managerStatement.workLines + managerStatement.adjustmentLines + 1, 'header, lines, total');
    assert.ok(rows.slice(1).every((r) => r.includes(managerStatement.username)), 'only their own lines');
  });

  it('CSV: UTF-8 with a byte-order mark, Chinese headers, one row per line and a total per manager', async () => {
    const r = await binary(ctx.admin, `/api/v1/pay-runs/${run.id}/export?format=csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), new RegExp(`pay-${lastMonth}\\.csv`));
    assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM');
    const rows = r.bytes.subarray(3).toString('utf8').trim().split('\r\n');
    assert.match(rows[0], /^月份,经理工号,经理,单位,工单号,类型,城乡,处理完成时间,行类型,更正月份,计件单价（分）,金额（分）,金额（元）,计算说明$/);
    assert.equal(rows.length, 1 + run.lines + run.managers);
    const totals = rows.filter((x) => x.split(',')[4] === '合计');
    assert.equal(totals.length, run.managers);
    const sum = totals.reduce((s, x) => s + Number(x.split(',')[11]), 0);
    assert.equal(sum, run.totalFen);
    const line = rows.find((x) => x.includes(',计件,'));
    assert.match(line, /计件单价/, 'the reason is in Chinese');
  });

  it('xlsx: a workbook with a totals sheet and a lines sheet', async () => {
    const r = await binary(ctx.admin, `/api/v1/pay-runs/${run.id}/export?format=xlsx`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip (xlsx)');
    const dir = mkdtempSync(join(tmpdir(), 'bc-pay-xlsx-'));
    try {
      const file = join(dir, 'pay.xlsx');
      writeFileSync(file, r.bytes);
      const workbook = execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' });
      assert.match(workbook, /name="汇总"/);
      assert.match(workbook, /name="明细"/);
      const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
      assert.ok(strings.includes(managerStatement.managerName), 'the managers by name');
      assert.ok(strings.includes('工单号'));
      const lines = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet2.xml'], { encoding: 'utf8' });
      assert.equal((lines.match(/<row /g) || []).length, 1 + run.lines);
    } finally { rmSync(dir, { recursive: true, force: true }); }
    assertProblem(await ctx.admin.get(`/api/v1/pay-runs/${run.id}/export?format=pdf`), 400, 'format');
  });

  it('the community head may not approve; the office head does, with If-Match; the month is closed', async () => {
    assertProblem(await communityHead.post(`/api/v1/pay-runs/${run.id}/approve`, {}, { headers: ifMatch(run) }), 403);
    assertProblem(await officeHead.post(`/api/v1/pay-runs/${run.id}/approve`, {}), 428, 'If-Match');
    assertProblem(await officeHead.post(`/api/v1/pay-runs/${run.id}/approve`, {}, { headers: ifMatch(1) }), 409);
    const r = await officeHead.post(`/api/v1/pay-runs/${run.id}/approve`, {}, { headers: ifMatch(run) });
    const approved = assertStatus(r, 200);
    assert.equal(approved.status, 'approved');
    assert.equal(approved.version, run.version + 1);
    assert.equal(r.headers.get('etag'), `"${approved.version}"`);
    assert.ok(approved.approvedAt);
    const again = assertProblem(await officeHead.post('/api/v1/pay-runs', { networkId: network.id, month: lastMonth }), 409);
    assert.match(again.detail, /closed/);
    assert.match(again.detail, new RegExp(thisMonth));
    assertProblem(await officeHead.post(`/api/v1/pay-runs/${run.id}/approve`, {}, { headers: ifMatch(approved) }), 409);
    const same = assertStatus(await ctx.admin.get(`/api/v1/pay-runs/${run.id}/statements?limit=1000`), 200);
    assert.deepEqual(same, statements, 'a closed month is as approved');
  });

  it('a new rate version: administrators only, with If-Match, never in a closed month; audited', async () => {
    const base = assertStatus(await ctx.admin.get('/api/v1/pay-rates'), 200)[0];
    const body = { effectiveFrom: thisMonth, ratesFen: { ...base.ratesFen, fault: { urban: 900, rural: 1100 } }, note: '障碍单价上调' };
    assertProblem(await officeHead.post('/api/v1/pay-rates', body, { headers: ifMatch(1) }), 403);
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', body), 428, 'If-Match');
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', body, { headers: ifMatch(0) }), 409);
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', { ...body, effectiveFrom: lastMonth }, { headers: ifMatch(1) }), 409);
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', { ...body, ratesFen: { ...body.ratesFen, fault: { urban: -1, rural: 1 } } }, { headers: ifMatch(1) }), 400, 'ratesFen.fault.urban');
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', { ...body, multipliers: { satisifed: { num: 2, den: 1 } } }, { headers: ifMatch(1) }), 400, 'multipliers.satisifed');
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', { ...body, commission: { num: 1, den: 0 } }, { headers: ifMatch(1) }), 400, 'commission');
    const { fault, ...partial } = body.ratesFen;
    assertProblem(await ctx.admin.post('/api/v1/pay-rates', { ...body, ratesFen: partial }, { headers: ifMatch(1) }), 400, 'ratesFen.fault');
    const r = await ctx.admin.post('/api/v1/pay-rates', body, { headers: ifMatch(1) });
    const v2 = assertStatus(r, 201);
    assert.equal(v2.version, 2);
    assert.deepEqual(v2.ratesFen.fault, { urban: 900, rural: 1100 });
    assert.deepEqual(v2.multipliers, base.multipliers, 'unchanged parts carried over as sent defaults');
    const all = assertStatus(await ctx.admin.get('/api/v1/pay-rates'), 200);
    assert.deepEqual(all.map((x) => x.version), [2, 1], 'the old version is kept');
    const audit = assertStatus(await ctx.admin.get('/api/v1/audit?objectType=pay_run&limit=50'), 200);
    assert.deepEqual(audit.map((e) => e.action).sort(), ['pay_run.approve', 'pay_run.create', 'pay_run.recompute']);
    const rates = assertStatus(await ctx.admin.get('/api/v1/audit?objectType=pay_rate_version&limit=50'), 200);
    assert.ok(rates.some((e) => e.action === 'pay_rates.create' && e.objectCode === 'v2'));
  });
});
