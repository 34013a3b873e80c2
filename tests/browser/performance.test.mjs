// Performance and pay in the console against a real server (issue #5, part 6): the office head's
// dashboard shows the API's figures, drills down to a community and a manager and back up (the
// breadcrumb and the browser's Back), the 24-month trend; a target edited (completion changes) and
// a stale save (the conflict shown); a pay run computed, a statement matching the API, approval,
// the xlsx export; a manager sees only their own statement; the Chinese labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD } from '../support/server.mjs';
import { launch, openPage, signIn, shot, confirmPopup, until } from './support.mjs';

let server;
let browser;
let admin;
let head; // cs.o1 through the API, to compare with what the page shows
let office;
let community;
const PASSWORD = 'perf-browser-pass-1';

// Month and day in Asia/Shanghai (the display zone), as the server cuts periods.
function shanghai(ms = Date.now()) {
  const d = new Date(ms + 8 * 3600e3);
  const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return { month, day: `${month}-${String(d.getUTCDate()).padStart(2, '0')}` };
}
const { month: thisMonth } = shanghai();
const lastMonth = (() => {
  const [y, m] = thisMonth.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

async function unitByCode(code) {
  const list = await ok(await admin.get(`/api/v1/units?q=${encodeURIComponent(code)}&status=all&limit=50`));
  const u = list.find((x) => x.code === code);
  assert.ok(u, code);
  return u;
}

async function resetPassword(username) {
  const s = (await ok(await admin.get(`/api/v1/staff?q=${username}&limit=10`))).find((x) => x.username === username);
  assert.ok(s, username);
  await ok(await admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: PASSWORD }));
  return s;
}

before(async () => {
  server = await startServer({ label: 'browser-perf' });
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  await resetPassword('cs.o1');
  head = new Client(server.url);
  await head.login('cs.o1', PASSWORD);
  office = await unitByCode('CS-O1');
  community = await unitByCode('CS-O1-C01');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(username, locale = 'en') {
  const page = await openPage(browser, server.url, { locale });
  await signIn(page, username, PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

// The page's formatting, recomputed here: per cent with one decimal; per-N rates and the mean
// score with two; counts grouped (en-US).
const RATES = {
  complaintRate: 'n2', faultRate: 'n2', repairTimelinessLegal: '%', repairTimelinessCommitment: '%',
  installTimelinessLegal: '%', installTimelinessCommitment: '%', firstTimeFix: '%', repeatFaultRate: '%',
  meanSatisfaction: 'n2', shareSatisfied: '%', callbackCoverage: '%', recordAccuracy: '%',
};
function rateText(key, r) {
  if (r.value == null) return '—';
  if (RATES[key] === '%') return new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r.value);
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(r.value);
}
const yuan = (fen) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY' }).format(fen / 100);

/** Every KPI card shows the figures of `expected` (a KpiUnit from the API). */
async function assertCards(page, expected, what) {
  for (const key of Object.keys(RATES)) {
    const card = page.getByTestId(`kpi-${key}`);
    const r = expected.rates[key];
    const got = async () => `${await card.getAttribute('data-numerator')}/${await card.getAttribute('data-denominator')}`;
    try {
      await until(async () => (await got()) === `${r.numerator}/${r.denominator}`, 10_000);
    } catch {
      await shot(page, `perf-fail-${what.replace(/\W+/g, '-')}`);
      assert.fail(`${what}: ${key} shows ${await got()}, the API says ${r.numerator}/${r.denominator} (${page.url()})`);
    }
    assert.equal((await page.getByTestId(`kpi-${key}-value`).innerText()).trim(), rateText(key, r), `${what}: ${key}`);
  }
  for (const c of ['leads', 'sales'])
    assert.equal((await page.getByTestId(`kpi-${c}-value`).innerText()).trim(), new Intl.NumberFormat('en-US').format(expected.counters[c]), `${what}: ${c}`);
}

function urlParams(page) {
  return new URL(page.url()).searchParams;
}

test('the office head: figures equal the API, drill-down to a manager and back, the 24-month trend', async () => {
  const page = await as('cs.o1');
  await page.getByTestId('nav-performance').click();
  await page.waitForURL(/\/performance/);
  await page.locator(`[data-testid="perf-page"][data-unit="${office.id}"]`).waitFor();
  const { day } = shanghai();
  const month = await ok(await head.get(`/api/v1/kpis/children?unitId=${office.id}&period=month&at=${day}`));
  assert.ok(month.unit.counters.faults > 0, 'the demo history is in the month');
  await assertCards(page, month.unit, 'office, month');
  // Revenue against the target, as /revenue gives it.
  const rev = await ok(await head.get(`/api/v1/revenue?unitId=${office.id}&month=${thisMonth}`));
  assert.equal((await page.getByTestId('revenue-revenue').innerText()).trim(), yuan(rev.unit.revenueFen));
  assert.equal((await page.getByTestId('revenue-completion').innerText()).trim(), rev.unit.completionPercent == null ? '—' : `${rev.unit.completionPercent}%`);
  // One row per community, as the API lists them.
  for (const c of month.children) await page.getByTestId(`child-unit-${c.id}`).waitFor();
  await shot(page, 'perf-office-month');

  // The year: the URL carries the period, the figures follow.
  await page.getByTestId('period-year').click();
  await until(() => urlParams(page).get('period') === 'year', 5000, 'period=year in the URL');
  const year = await ok(await head.get(`/api/v1/kpis?unitId=${office.id}&period=year&at=${day}`));
  await assertCards(page, year, 'office, year');
  await page.getByTestId('period-month').click();
  await until(() => urlParams(page).get('period') === 'month', 5000, 'period=month');

  // Down to a community: its managers.
  await page.getByTestId(`child-unit-${community.id}`).click();
  await page.locator(`[data-testid="perf-page"][data-unit="${community.id}"]`).waitFor();
  assert.equal(await page.getByTestId(`crumb-${community.id}`).getAttribute('data-current'), 'true');
  const inCommunity = await ok(await head.get(`/api/v1/kpis/children?unitId=${community.id}&period=month&at=${day}`));
  await assertCards(page, inCommunity.unit, 'community');
  const manager = inCommunity.children.filter((k) => k.kind === 'manager' && k.id !== 0).sort((a, b) => b.counters.repaired - a.counters.repaired)[0];
  assert.ok(manager, 'a manager credited in the community');
  // Down to the manager: their own figures.
  await page.getByTestId(`child-manager-${manager.id}`).click();
  await page.locator(`[data-testid="perf-page"][data-manager="${manager.id}"]`).waitFor();
  await page.getByTestId(`crumb-manager-${manager.id}`).filter({ hasText: manager.name }).waitFor();
  await assertCards(page, manager, 'manager');
  // Their own trend (not the community's): the months and values of /kpis/trend?managerId=.
  const mTrend = await ok(await head.get(`/api/v1/kpis/trend?unitId=${community.id}&managerId=${manager.id}&months=24`));
  const cTrend = await ok(await head.get(`/api/v1/kpis/trend?unitId=${community.id}&months=24`));
  const plot = (t) => t.months.map((m) => (m.rates.repairTimelinessCommitment.value == null ? '' : Math.round(m.rates.repairTimelinessCommitment.value * 10000) / 100)).join(',');
  assert.notEqual(plot(mTrend), plot(cTrend), 'the manager and the community differ');
  const mChart = page.locator(`[data-testid="perf-trend"][data-manager="${manager.id}"] [data-testid="trend-chart"]`);
  await mChart.locator('canvas').waitFor();
  await until(async () => (await mChart.getAttribute('data-values')) === plot(mTrend), 10_000, "the manager's own trend");
  assert.equal(await mChart.getAttribute('data-months'), mTrend.months.map((m) => m.month).join(','));
  await shot(page, 'perf-manager');

  // Back up through the breadcrumb to the office…
  await page.getByTestId(`crumb-${office.id}`).click();
  await page.locator(`[data-testid="perf-page"][data-unit="${office.id}"][data-manager=""]`).waitFor();
  await assertCards(page, month.unit, 'office again');
  // …and the browser's Back returns to the manager: the URL holds the level.
  await page.goBack();
  await page.locator(`[data-testid="perf-page"][data-manager="${manager.id}"]`).waitFor();
  assert.equal(urlParams(page).get('unit'), String(community.id));
  // A shared link opens the same level in a fresh page.
  const link = page.url();
  const other = await as('cs.o1');
  await other.goto(link);
  await other.locator(`[data-testid="perf-page"][data-manager="${manager.id}"]`).waitFor();
  await assertCards(other, manager, 'manager from a link');
  await other.context().close();

  // The trend: 24 months on the axis, the same months as /kpis/trend; the chart drew on a canvas.
  await page.getByTestId(`crumb-${office.id}`).click();
  const chart = page.getByTestId('trend-chart');
  await chart.locator('canvas').waitFor();
  const trend = await ok(await head.get(`/api/v1/kpis/trend?unitId=${office.id}&months=24`));
  assert.equal(trend.months.length, 24);
  await until(async () => (await chart.getAttribute('data-months')) === trend.months.map((m) => m.month).join(','), 10_000, '24 months on the axis');
  // Revenue instead: the same 24 months, two series (revenue and target).
  await page.getByTestId('trend-metric').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Revenue and target' }).click();
  await until(async () => (await chart.getAttribute('data-series')) === 'Revenue|Target', 10_000, 'the revenue series');
  // The series are named at once; their months arrive with the revenue trend.
  await until(async () => (await chart.getAttribute('data-months')).split(',').length === 24, 10_000, '24 months of revenue');
  assert.equal((await chart.getAttribute('data-months')).split(',').at(-1), thisMonth);
  await shot(page, 'perf-trend');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('rankings: the office\'s managers in the API\'s order, the honour list highlighted; top sellers', async () => {
  const page = await as('cs.o1');
  await page.getByTestId('nav-rankings').click();
  await page.getByTestId('rankings-page').waitFor();
  const { day } = shanghai();
  const ranking = await ok(await head.get(`/api/v1/rankings?unitId=${office.id}&period=month&at=${day}&top=3`));
  assert.ok(ranking.managers.length > 3, 'the office has managers to rank');
  const rows = page.getByTestId('rankings-table').locator('tbody tr[data-honour]');
  const expected = ranking.managers.slice(0, 50).map((m) => ({ id: `rank-${m.username}`, honour: String(ranking.honourList.some((h) => h.staffId === m.staffId)) }));
  await until(async () => (await rows.count()) === expected.length, 10_000, `${expected.length} ranked`);
  const shown = await rows.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid'), honour: e.getAttribute('data-honour') })));
  assert.deepEqual(shown, expected);
  assert.ok(ranking.honourList.length > 0);
  for (const h of ranking.honourList) await page.getByTestId(`rank-${h.username}`).getByTestId('honour-tag').waitFor();
  const first = ranking.managers[0];
  if (first.score.total != null)
    assert.equal((await page.getByTestId(`rank-score-${first.username}`).innerText()).trim(), new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(first.score.total));
  // The quarter: the URL carries it, the table follows the API.
  await page.getByTestId('period-quarter').click();
  const quarter = await ok(await head.get(`/api/v1/rankings?unitId=${office.id}&period=quarter&at=${day}&top=3`));
  await page.getByText(`${quarter.period.firstDay} – ${quarter.period.lastDay}`).waitFor();
  await until(async () => new URL(page.url()).searchParams.get('period') === 'quarter', 5000, 'period=quarter in the URL');
  const expectedQ = quarter.managers.slice(0, 50).map((m) => ({ id: `rank-${m.username}`, honour: String(quarter.honourList.some((h) => h.staffId === m.staffId)) }));
  await until(async () => JSON.stringify(await rows.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid'), honour: e.getAttribute('data-honour') }))))
    === JSON.stringify(expectedQ), 10_000, 'the quarterly ranking');
  // Top sellers of the month, as /revenue/sellers ranks them.
  const sellers = await ok(await head.get(`/api/v1/revenue/sellers?unitId=${office.id}&month=${thisMonth}`));
  const sellerRows = page.getByTestId('sellers-table').locator('tbody tr[data-testid^="seller-"]');
  await until(async () => (await sellerRows.count()) === Math.min(20, sellers.sellers.length), 10_000, 'the sellers');
  if (sellers.sellers.length) assert.equal(await sellerRows.first().getAttribute('data-testid'), `seller-${sellers.sellers[0].username}`);
  assert.equal(new URL(page.url()).searchParams.get('period'), 'quarter');
  await page.getByText('Quarterly ranking').waitFor();
  await shot(page, 'perf-rankings');
  await page.context().close();
});

test('the office head edits a target: completion changes; a stale save shows the conflict', async () => {
  const page = await as('cs.o1');
  await page.goto(`/performance/targets?unit=${community.id}&month=${thisMonth}`);
  await page.getByTestId('targets-page').waitFor();
  const before = await ok(await head.get(`/api/v1/revenue?unitId=${community.id}&month=${thisMonth}`));
  await until(async () => (await page.getByTestId('revenue-completion').innerText()).trim() === (before.unit.completionPercent == null ? '—' : `${before.unit.completionPercent}%`), 10_000, 'completion before');
  // A target of twice the revenue (whole yuan): completion about 50 %.
  const newYuan = Math.ceil((before.unit.revenueFen * 2) / 100);
  await page.getByTestId('target-amount').fill(String(newYuan));
  await page.getByTestId('target-save').click();
  const after = await until(async () => {
    const r = await ok(await head.get(`/api/v1/revenue?unitId=${community.id}&month=${thisMonth}`));
    return r.unit.targetFen === newYuan * 100 ? r : null;
  }, 10_000, 'the target saved');
  assert.notEqual(after.unit.completionPercent, before.unit.completionPercent);
  await until(async () => (await page.getByTestId('revenue-completion').innerText()).trim() === `${after.unit.completionPercent}%`, 10_000, 'the new completion shown');
  assert.equal((await page.getByTestId('revenue-target').innerText()).trim(), yuan(newYuan * 100));
  assert.equal((await page.getByTestId('revenue-gap').innerText()).trim(), yuan(after.unit.gapFen));

  // Bad input: the API's reason appears on the field.
  await page.getByTestId('target-amount').fill('-5');
  await page.getByTestId('target-save').click();
  const refused = await head.put(`/api/v1/revenue-targets/${community.id}/${thisMonth}`, { amountFen: -500 }, { headers: { 'if-match': '"1"' } });
  assert.equal(refused.status, 400, refused.text);
  const reason = refused.json.errors.find((e) => e.field === 'amountFen').reason;
  await page.locator('.ant-form-item-explain-error').filter({ hasText: reason }).waitFor();

  // Someone else saves in between: this page's save is refused and the stored value shown.
  const stored = await ok(await head.get(`/api/v1/revenue-targets/${community.id}/${thisMonth}`));
  const theirs = await head.put(`/api/v1/revenue-targets/${community.id}/${thisMonth}`, { amountFen: 123_456_00 }, { headers: { 'if-match': `"${stored.version}"` } });
  assert.equal(theirs.status, 200, theirs.text);
  await page.getByTestId('target-amount').fill(String(newYuan + 1000));
  await page.getByTestId('target-save').click();
  await page.getByTestId('target-conflict').waitFor();
  assert.match(await page.getByTestId('target-conflict-current').innerText(), new RegExp(yuan(123_456_00).replace(/[.$¥]/g, '\\$&')));
  const still = await ok(await head.get(`/api/v1/revenue-targets/${community.id}/${thisMonth}`));
  assert.equal(still.amountFen, 123_456_00, 'the stale save changed nothing');
  await shot(page, 'perf-target-conflict');
  // Saving again, knowingly, replaces it.
  await page.getByTestId('target-save').click();
  await until(async () => (await ok(await head.get(`/api/v1/revenue-targets/${community.id}/${thisMonth}`))).amountFen === (newYuan + 1000) * 100, 10_000, 'the second save');
  await page.context().close();
});

let run;
let statement; // a manager's statement in that run

test('the office head computes a pay run, opens a statement, approves, exports xlsx; the month is then closed', async () => {
  const page = await as('cs.o1');
  await page.getByTestId('nav-pay').click();
  await page.getByTestId('pay-runs-page').waitFor();
  await page.getByTestId('pay-compute').waitFor();
  await until(async () => (await page.getByTestId('pay-compute-network').innerText()).includes('CS'), 10_000, 'the network filled in');
  // The month picker defaults to last month.
  assert.equal(await page.locator('[data-testid="pay-compute-month"] input, input[data-testid="pay-compute-month"]').inputValue(), lastMonth);
  await page.getByTestId('pay-compute-submit').click();
  await page.waitForURL(/\/pay\/runs\/\d+$/);
  const runId = Number(/\/pay\/runs\/(\d+)$/.exec(page.url())[1]);
  run = await ok(await head.get(`/api/v1/pay-runs/${runId}`));
  assert.equal(run.month, lastMonth);
  assert.equal(await page.getByTestId('run-status').getAttribute('data-status'), 'draft');
  assert.equal((await page.getByTestId('run-total').innerText()).trim(), yuan(run.totalFen));

  // A statement: its lines match the API's, line by line.
  const statements = await ok(await head.get(`/api/v1/pay-runs/${runId}/statements?limit=1000`));
  statement = statements.filter((s) => s.username.startsWith('cs.m') && s.workLines >= 1 && s.workLines + s.adjustmentLines <= 100)
    .sort((a, b) => b.workLines - a.workLines)[0];
  assert.ok(statement, 'a manager with work in the month');
  await page.getByTestId(`statement-link-${statement.username}`).click();
  await page.locator(`[data-testid="statement-page"][data-manager="${statement.managerId}"]`).waitFor();
  const detail = await ok(await head.get(`/api/v1/pay-runs/${runId}/statements/${statement.managerId}`));
  const rows = page.getByTestId('statement-lines').locator('tbody tr[data-kind]');
  await until(async () => (await rows.count()) === detail.lines.length, 10_000, `${detail.lines.length} lines`);
  const shown = await rows.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid'), amount: Number(e.getAttribute('data-amount')) })));
  assert.deepEqual(shown, detail.lines.map((l) => ({ id: `line-${l.orderCode}${l.kind === 'adjustment' ? '-adj' : ''}`, amount: l.amountFen })));
  // Each line names its quality parts, in the reader's language.
  const first = detail.lines.find((l) => l.parts.length > 1);
  if (first) {
    const row = page.getByTestId(`line-${first.orderCode}`);
    for (const p of first.parts.filter((x) => x.code !== 'rate')) assert.match(await row.getByTestId(`part-${p.code}`).first().innerText(), new RegExp(p.whyEn.slice(0, 12).replace(/[()[\]\\.*+?^$|{}]/g, '\\$&')));
    assert.equal((await row.getByTestId('line-amount').innerText()).trim(), yuan(first.amountFen));
  }
  assert.equal((await page.getByTestId('statement-total').innerText()).trim(), yuan(detail.totalFen));
  await shot(page, 'pay-statement');

  // Approve, with a confirm.
  await page.goto(`/pay/runs/${runId}`);
  await page.getByTestId('pay-approve').click();
  await confirmPopup(page);
  await page.locator('[data-testid="pay-run-page"][data-status="approved"]').waitFor();
  assert.equal((await ok(await head.get(`/api/v1/pay-runs/${runId}`))).status, 'approved');
  assert.equal(await page.getByTestId('pay-approve').count(), 0, 'no approve button on a closed month');

  // The xlsx export: the server's file name and content type, a zip (xlsx) body.
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/pay-runs/${runId}/export`)),
    page.waitForEvent('download'),
    page.getByTestId('export-xlsx').click(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const cd = response.headers()['content-disposition'];
  assert.ok(cd.includes(download.suggestedFilename()), `the server's file name: ${cd}`);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK', 'an xlsx is a zip');

  // Computing the closed month again: 409, shown plainly.
  await page.getByTestId('nav-pay').click();
  await page.getByTestId(`pay-run-${runId}`).filter({ hasText: '(CS)' }).waitFor(); // the network by name, though above the head's scope
  await until(async () => (await page.getByTestId('pay-compute-network').innerText()).includes('CS'), 10_000, 'the network filled in');
  await page.getByTestId('pay-compute-submit').click();
  await page.getByTestId('pay-compute-closed').waitFor();
  await shot(page, 'pay-closed');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test("an area manager's own performance: their cards and trend, nothing of anyone else", async () => {
  const kids = await ok(await head.get(`/api/v1/kpis/children?unitId=${community.id}&period=month`));
  const m = kids.children.filter((k) => k.kind === 'manager' && k.id !== 0).sort((a, b) => b.counters.repaired - a.counters.repaired)[0];
  await resetPassword(m.code);
  const page = await as(m.code);
  await page.getByTestId('nav-my-performance').click();
  await page.locator(`[data-testid="my-perf-page"][data-manager="${m.id}"]`).waitFor();
  const mine = await ok(await admin.get(`/api/v1/kpis?managerId=${m.id}&unitId=${community.id}&period=month`));
  await assertCards(page, mine, 'my performance');
  const trend = await ok(await admin.get(`/api/v1/kpis/trend?managerId=${m.id}&unitId=${community.id}&months=24`));
  const chart = page.getByTestId('trend-chart');
  await chart.locator('canvas').waitFor();
  await until(async () => (await chart.getAttribute('data-months')) === trend.months.map((x) => x.month).join(','), 10_000, '24 months');
  assert.equal(await page.getByTestId('perf-children-table').count(), 0, 'no table of others');
  await page.getByTestId('trend-metric').click();
  assert.equal(await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Revenue and target' }).count(), 0, 'no unit revenue');
  await page.keyboard.press('Escape');
  await shot(page, 'perf-my-performance');
  // Another manager's figures are refused, also by a hand-made link.
  // A colleague of the same community (from the organisation: the month's KPI rows may hold only one
  // manager of a small demo's community).
  const colleagues = await ok(await admin.get(`/api/v1/staff?role=area_manager&unitId=${community.id}&limit=100`));
  const other = colleagues.find((x) => x.id !== m.id);
  assert.ok(other, 'another area manager in the community');
  await page.goto(`/performance?unit=${community.id}&manager=${other.id}`);
  await page.getByTestId('forbidden').waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a manager sees only their own statement', async () => {
  assert.ok(run && statement, 'the pay test ran first');
  await resetPassword(statement.username);
  const page = await as(statement.username);
  await page.getByTestId('nav-my-pay').click();
  await page.getByTestId('my-pay').waitFor();
  assert.equal(await page.getByTestId('nav-pay').count(), 0, 'no pay-runs screen for a manager');
  await until(async () => (await page.getByTestId(`my-pay-total-${run.month}`).count()) === 1, 10_000, 'my statement listed');
  assert.equal((await page.getByTestId(`my-pay-total-${run.month}`).innerText()).trim(), yuan(statement.totalFen));
  await page.getByTestId(`my-pay-open-${run.month}`).click();
  await page.locator(`[data-testid="statement-page"][data-manager="${statement.managerId}"]`).waitFor();
  // The run page lists one statement: their own.
  await page.goto(`/pay/runs/${run.id}`);
  await page.getByTestId(`statement-${statement.username}`).waitFor();
  assert.equal(await page.getByTestId('statements-table').locator('tbody tr[data-testid^="statement-"]').count(), 1);
  assert.equal(await page.getByTestId('pay-approve').count(), 0);
  // Someone else's statement by URL: refused.
  const others = await ok(await head.get(`/api/v1/pay-runs/${run.id}/statements?limit=1000`));
  const other = others.find((s) => s.managerId !== statement.managerId);
  await page.goto(`/pay/runs/${run.id}/statements/${other.managerId}`);
  await page.getByTestId('forbidden').or(page.getByTestId('not-found')).waitFor();
  await page.context().close();
});

test('switching language shows the Chinese labels', async () => {
  const page = await as('cs.o1', 'en');
  await page.goto('/performance');
  await page.getByTestId('kpi-repairTimelinessCommitment').filter({ hasText: 'Repair timeliness (commitment)' }).waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('kpi-repairTimelinessCommitment').filter({ hasText: '修复及时率（承诺时限）' }).waitFor();
  await page.getByTestId('kpi-faultRate').filter({ hasText: '申告障碍率' }).waitFor();
  assert.equal((await page.getByTestId('nav-performance').innerText()).trim(), '绩效看板');
  assert.equal((await page.getByTestId('nav-pay').innerText()).trim(), '计件工资');
  await page.getByTestId('perf-revenue').filter({ hasText: '收入完成情况' }).waitFor();
  // Money in the Chinese format too.
  assert.match(await page.getByTestId('revenue-revenue').innerText(), /^¥[\d,]+\.\d{2}$/);
  await shot(page, 'perf-zh');
  await page.context().close();
});

test('the administrator edits a scorecard: the API\'s sum check on the weights, a save, a stale save reloaded', async () => {
  const page = await openPage(browser, server.url, { locale: 'en' });
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  await page.getByTestId('nav-scorecards').click();
  await page.getByTestId('scorecards-page').waitFor();
  await page.getByTestId('scorecard-role-community_head').click();
  await until(() => new URL(page.url()).searchParams.get('role') === 'community_head', 5000, 'role in the URL');
  await page.locator('[data-testid="scorecards-page"][data-role="community_head"]').waitFor();
  const before = await ok(await admin.get('/api/v1/scorecards/community_head'));
  await until(async () => (await page.getByTestId('weight-revenueCompletion').inputValue()) === String(before.weights.revenueCompletion ?? 0), 10_000, 'the weights shown');
  // 90 in all: the server's reason is shown.
  await page.getByTestId('weight-revenueCompletion').fill('30');
  await page.getByTestId('weights-sum').filter({ hasText: '90%' }).waitFor();
  await page.getByTestId('scorecard-save').click();
  const refused = await admin.put('/api/v1/scorecards/community_head', { weights: { revenueCompletion: 30, repairTimeliness: 20, satisfaction: 20, complaints: 10, recordAccuracy: 10 } }, { headers: { 'if-match': `"${before.version}"` } });
  assert.equal(refused.status, 400, refused.text);
  await page.getByTestId('weights-error').filter({ hasText: refused.json.errors.find((e) => e.field === 'weights').reason }).waitFor();
  // 100: saved, a new version.
  await page.getByTestId('weight-firstTimeFix').fill('10');
  await page.getByTestId('scorecard-save').click();
  const saved = await until(async () => {
    const s = await ok(await admin.get('/api/v1/scorecards/community_head'));
    return s.version > before.version ? s : null;
  }, 10_000, 'the scorecard saved');
  assert.deepEqual(saved.weights, { revenueCompletion: 30, repairTimeliness: 20, satisfaction: 20, complaints: 10, recordAccuracy: 10, firstTimeFix: 10 });
  await page.getByTestId('scorecard-version').filter({ hasText: `Version ${saved.version}` }).waitFor();
  // Someone else saves in between: refused, reloaded with their weights.
  const theirs = await admin.put('/api/v1/scorecards/community_head', { weights: { revenueCompletion: 50, repairTimeliness: 50 } }, { headers: { 'if-match': `"${saved.version}"` } });
  assert.equal(theirs.status, 200, theirs.text);
  await page.getByTestId('weight-satisfaction').fill('25');
  await page.getByTestId('weight-complaints').fill('5');
  await page.getByTestId('scorecard-save').click();
  await page.getByTestId('scorecard-conflict').waitFor();
  await until(async () => (await page.getByTestId('weight-revenueCompletion').inputValue()) === '50', 10_000, 'their weights reloaded');
  assert.deepEqual((await ok(await admin.get('/api/v1/scorecards/community_head'))).weights, { revenueCompletion: 50, repairTimeliness: 50 });
  await shot(page, 'perf-scorecard');
  await page.context().close();
});

test('the pay rate table: every version; the administrator adds one, the server\'s field errors on the fields, a stale save refused', async () => {
  const versions = await ok(await admin.get('/api/v1/pay-rates'));
  const newest = versions[0];
  // An office head reads the table but may not add a version.
  const reader = await as('cs.o1');
  await reader.getByTestId('nav-pay-rates').click();
  await reader.locator(`[data-testid="rates-shown"][data-version="${newest.version}"]`).waitFor();
  assert.equal((await reader.getByTestId('rate-fault').getByTestId('urban').innerText()).trim(), yuan(newest.ratesFen.fault.urban));
  assert.equal(await reader.getByTestId('rates-new').count(), 0, 'no add button for an office head');
  await reader.context().close();

  const page = await openPage(browser, server.url, { locale: 'en' });
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('nav-pay-rates').click();
  await page.locator(`[data-testid="rates-shown"][data-version="${newest.version}"]`).waitFor();
  await page.getByTestId('rates-new').click();
  // Prefilled from the newest version, in yuan.
  assert.equal(await page.getByTestId('rates-fault-urban').inputValue(), (newest.ratesFen.fault.urban / 100).toFixed(2));
  // What only the server checks: a negative rate, a zero denominator — named on their fields.
  await page.getByTestId('rates-fault-urban').fill('-1');
  await page.getByTestId('rates-multiplier-satisfied-den').fill('0');
  await page.getByTestId('rates-submit').click();
  await page.getByTestId('rates-problem').waitFor();
  const errors = page.locator('.ant-form-item-explain-error');
  await until(async () => (await errors.count()) >= 2, 10_000, 'two field errors');
  const faultItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('rates-fault-urban') });
  assert.match(await faultItem.locator('.ant-form-item-explain-error').innerText(), /whole number of fen from 0/);
  const satItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('rates-multiplier-satisfied-num') }).last();
  assert.match(await satItem.locator('.ant-form-item-explain-error').innerText(), /num, den/);
  await shot(page, 'pay-rates-errors');
  assert.equal((await ok(await admin.get('/api/v1/pay-rates'))).length, versions.length, 'nothing saved');

  // Corrected: saved as the next version, shown.
  await page.getByTestId('rates-fault-urban').fill('9.5');
  await page.getByTestId('rates-multiplier-satisfied-den').fill(String(newest.multipliers.satisfied.den));
  await page.getByTestId('rates-note').fill('障碍单价上调');
  await page.getByTestId('rates-submit').click();
  await page.locator(`[data-testid="rates-shown"][data-version="${newest.version + 1}"]`).waitFor();
  const saved = (await ok(await admin.get('/api/v1/pay-rates')))[0];
  assert.equal(saved.version, newest.version + 1);
  assert.equal(saved.ratesFen.fault.urban, 950);
  assert.deepEqual(saved.multipliers, newest.multipliers);
  assert.equal((await page.getByTestId('rate-fault').getByTestId('urban').innerText()).trim(), yuan(950));

  // Someone adds a version while the form is open: the save is refused and the list reloaded.
  await page.getByTestId('rates-new').click();
  const meanwhile = await admin.post('/api/v1/pay-rates', { ...saved, id: undefined, version: undefined, createdBy: undefined, createdByName: undefined, createdAt: undefined, note: 'meanwhile' }, { headers: { 'if-match': `"${saved.version}"` } });
  assert.equal(meanwhile.status, 201, meanwhile.text);
  await page.getByTestId('rates-submit').click();
  await page.getByTestId('rates-problem').waitFor();
  await page.locator(`[data-testid="pay-rates-page"][data-newest="${saved.version + 1}"]`).waitFor();
  await shot(page, 'pay-rates-stale');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
