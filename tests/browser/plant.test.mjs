// The plant and subscriber archive in the console against a real server with the demo plant
// (3,000 subscribers): the header search → subscriber → manager and cover → box → pair in use;
// the ownership panel from Enter on a phone number; masking for an auditor; a logged reveal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD } from '../support/server.mjs';
import { launch, openPage, signIn, shot } from './support.mjs';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer({ label: 'browser-plant' });
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminPage(locale) {
  const page = await openPage(browser, server.url, { locale });
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('org-tree').waitFor();
  return page;
}

async function fixedLine(customerId) {
  const c = await admin.get(`/api/v1/customers/${customerId}`);
  assert.equal(c.status, 200, c.text);
  const line = c.json.services.find((s) => s.kind === 'fixed_line' && s.status === 'active' && s.distBoxId != null);
  assert.ok(line, `customer ${customerId} has an active fixed line: ${c.text.slice(0, 300)}`);
  return { customer: c.json, line };
}

test('search a phone number → subscriber → manager and cover → box → the pair in use', async () => {
  const { customer, line } = await fixedLine(1);
  const own = await admin.get(`/api/v1/ownership?phone=${line.number}`);
  assert.equal(own.status, 200, own.text);
  const area = own.json.area;
  assert.equal(own.json.customer.id, customer.id);

  const page = await adminPage('zh-CN');
  const input = page.getByTestId('global-search-input');
  await input.fill(line.number);
  const hit = page.locator(`[data-testid="search-hit-phone"][data-title="${line.number}"]`);
  await hit.waitFor();
  await page.getByTestId('search-group-phone').waitFor();
  await page.waitForTimeout(300); // the drop-down's fade-in, for the screenshot
  await shot(page, 'p-search-dropdown');
  await hit.click();
  await page.waitForURL(new RegExp(`/customers/${customer.id}$`));
  await page.getByTestId('customer-name').filter({ hasText: customer.name }).waitFor();

  // The manager, the backup and who covers today are the ones the ownership API names.
  await page.getByTestId('owner-responsible-name').filter({ hasText: area.responsible.name }).waitFor();
  await page.getByTestId('owner-backup-name').filter({ hasText: area.backup.name }).waitFor();
  const cover = page.getByTestId('owner-cover');
  assert.equal(await cover.getAttribute('data-reason'), area.cover.reason);
  if (area.cover.staff) assert.equal((await page.getByTestId('owner-cover-staff-name').innerText()).trim(), area.cover.staff.name);
  assert.ok((await page.getByTestId('owner-cover-explanation').innerText()).trim().length > 0);
  await page.getByTestId('owner-box').filter({ hasText: own.json.distBox.code }).waitFor();
  // Services with the fee in yuan from integer fen.
  const row = page.getByTestId(`service-row-${line.code}`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`¥\\s?${(line.monthlyFeeFen / 100).toFixed(2).replace('.', '\\.')}`));
  await shot(page, 'p-customer-zh');

  // The service's box opens with that pair shown in use.
  await page.getByTestId(`service-box-${line.code}`).click();
  await page.waitForURL(new RegExp(`/boxes/${line.distBoxId}\\?pair=${line.pairNo}$`));
  await page.getByTestId('box-title').filter({ hasText: own.json.distBox.code }).waitFor();
  const cell = page.getByTestId(`pair-${line.pairNo}`);
  await cell.waitFor();
  assert.equal(await cell.getAttribute('data-state'), 'in_use');
  await cell.hover();
  await page.getByTestId('pair-tooltip').filter({ hasText: line.number }).waitFor();
  const pairs = (await admin.get(`/api/v1/dist-boxes/${line.distBoxId}/pairs`)).json;
  assert.equal(await page.locator('[data-testid^="pair-"][data-state="in_use"]').count(), pairs.inUse);
  await shot(page, 'p-box-zh');

  // A click on the pair in use leads back to its subscriber.
  await cell.click();
  await page.waitForURL(new RegExp(`/customers/${customer.id}$`));
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('Enter on a full phone number opens who owns it; the plant browser lists and maps the boxes', async () => {
  const { line } = await fixedLine(2);
  const own = (await admin.get(`/api/v1/ownership?phone=${line.number}`)).json;
  const page = await adminPage('en-US');
  const input = page.getByTestId('global-search-input');
  // Local number without the area code, typed with a dash.
  const local = line.number.slice(-8);
  await input.fill(`${local.slice(0, 4)}-${local.slice(4)}`);
  await input.press('Enter');
  await page.waitForURL(/\/owner\?phone=\d+$/);
  await page.getByTestId('owner-panel').waitFor();
  await page.getByTestId('owner-responsible-name').filter({ hasText: own.area.responsible.name }).waitFor();
  await page.getByTestId('owner-pair').filter({ hasText: String(line.pairNo) }).waitFor();
  await shot(page, 'p-owner-en');

  // The community of that area: its areas' boxes in a list with occupancy, and on the map.
  const community = own.area.path.find((p) => p.kind === 'community');
  await page.goto(`/plant?unitId=${community.id}`);
  await page.getByTestId(`box-row-${own.distBox.code}`).waitFor();
  await page.getByTestId(`box-occupancy-${own.distBox.code}`).waitFor();
  await shot(page, 'p-plant-list-en');
  await page.getByTestId('plant-tab-map').click();
  const dot = page.getByTestId(`map-box-${own.distBox.code}`);
  await dot.waitFor();
  await page.getByTestId(`map-legend-${own.area.code}`).waitFor();
  await dot.hover();
  await page.getByTestId('map-tooltip').filter({ hasText: own.distBox.code }).waitFor();
  await shot(page, 'p-plant-map-en');
  await dot.click();
  await page.waitForURL(new RegExp(`/boxes/${own.distBox.id}$`));
  await page.getByTestId('pair-grid').waitFor();
  await shot(page, 'p-box-en');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('an auditor sees phones and the id number masked and cannot reveal; the admin reveals with a reason', async () => {
  const { customer } = await fixedLine(1);
  const auditor = (await admin.get('/api/v1/staff?role=auditor&limit=10')).json.find((s) => s.status === 'active');
  assert.ok(auditor, 'an auditor in the demo');
  const password = 'auditor-browser-pass-1';
  assert.equal((await admin.post(`/api/v1/staff/${auditor.id}/reset-password`, { password })).status, 200);

  const page = await openPage(browser, server.url, { locale: 'zh-CN' });
  await signIn(page, auditor.username, password);
  await page.getByTestId('org-tree').waitFor();
  await page.goto(`/customers/${customer.id}`);
  await page.getByTestId('customer-name').waitFor();
  assert.match(await page.getByTestId('customer-id-number').innerText(), /\*/);
  assert.match(await page.getByTestId('customer-phones').innerText(), /\*/);
  await page.getByTestId('masked-idNumber').waitFor();
  await page.getByTestId('masked-phones').waitFor();
  assert.equal(await page.locator('[data-testid^="reveal-"]').count(), 0);
  // Auditors read who has seen the record.
  await page.getByTestId('tab-views').click();
  await page.getByTestId('views-table').waitFor();
  await shot(page, 'p-customer-auditor-zh');
  // The subscriber's work orders are a tab of their page.
  await page.getByTestId('tab-orders').click();
  await page.getByTestId('recent-orders').waitFor();
  await page.context().close();

  // The administrator reveals the id number with a reason: shown in full and listed as a view.
  const full = await admin.get(`/api/v1/customers/${customer.id}?reveal=idNumber&reason=${encodeURIComponent('browser test: expected value')}`);
  assert.equal(full.status, 200, full.text);
  assert.doesNotMatch(full.json.idNumber, /\*/);
  const apage = await adminPage('en-US');
  await apage.goto(`/customers/${customer.id}`);
  await apage.getByTestId('customer-name').waitFor();
  assert.match(await apage.getByTestId('customer-id-number').innerText(), /\*/);
  await apage.getByTestId('reveal-idNumber').click();
  await apage.getByTestId('reveal-logged').waitFor();
  const reason = 'Subscriber called about fault ticket 4711';
  await apage.getByTestId('reveal-reason').fill(reason);
  await shot(apage, 'p-reveal-dialog-en');
  await apage.getByTestId('reveal-ok').click();
  await apage.getByTestId('customer-id-number').filter({ hasText: full.json.idNumber }).waitFor();
  await apage.getByTestId('revealed-note').waitFor();
  await apage.getByTestId('tab-views').click();
  await apage.getByTestId('views-table').getByText(reason).waitFor();
  await shot(apage, 'p-customer-revealed-en');
  const views = await admin.get(`/api/v1/customers/${customer.id}/views`);
  assert.ok(views.json.some((v) => v.reason === reason && /idNumber/.test(v.fields)), views.text.slice(0, 400));
  assert.deepEqual(apage.consoleErrors, []);
  await apage.context().close();
});

test('box writes: mark a free pair faulty, verify the box, occupancy drill-down, history', async () => {
  const caps = (await admin.get('/api/v1/openapi.json')).json.paths;
  if (!caps['/api/v1/dist-boxes/{id}/pairs/{pairNo}']?.put) return; // an older server: the console says "not available"
  const { line } = await fixedLine(3);
  const box = (await admin.get(`/api/v1/dist-boxes/${line.distBoxId}`)).json;
  const pairs = (await admin.get(`/api/v1/dist-boxes/${box.id}/pairs`)).json;
  const free = pairs.pairs.filter((p) => p.state === 'free');
  assert.ok(free.length >= 2);

  const page = await adminPage('zh-CN');
  await page.goto(`/boxes/${box.id}`);
  await page.getByTestId('pair-grid').waitFor();
  // Mark the first free pair faulty through the grid.
  await page.getByTestId(`pair-${free[0].pairNo}`).click();
  await page.getByTestId('mark-faulty').click();
  await page.getByTestId('mark-note').fill('浏览器测试：进水');
  await page.getByTestId('mark-ok').click();
  await page.locator(`[data-testid="pair-${free[0].pairNo}"][data-state="faulty"]`).waitFor();
  const after = (await admin.get(`/api/v1/dist-boxes/${box.id}/pairs`)).json;
  assert.equal(after.faulty, pairs.faulty + 1);

  // Verification: the second free pair is found reserved, corrected in the record.
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify-brush-reserved').click();
  await page.getByTestId('verify-grid').getByTestId(`pair-${free[1].pairNo}`).click();
  await page.getByTestId('verify-changed').filter({ hasText: '1' }).waitFor();
  await page.getByTestId('verify-submit').click();
  const result = page.getByTestId('verify-result');
  await result.waitFor();
  await shot(page, 'p-verify-zh');
  const v = (await admin.get(`/api/v1/accuracy?distBoxId=${box.id}`)).json;
  assert.ok(v.checked >= after.capacity, JSON.stringify(v).slice(0, 200));
  await page.getByTestId('tab-history').click();
  await page.getByTestId('box-history').waitFor();

  // Occupancy: the box's area lists it with its counts.
  await page.goto(`/occupancy?parentId=${box.areaId}`);
  await page.getByTestId(`occupancy-row-${box.code}`).waitFor();
  await shot(page, 'p-occupancy-zh');
  await page.getByTestId(`occupancy-row-${box.code}`).click();
  await page.waitForURL(new RegExp(`/boxes/${box.id}$`));
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the box page shows its cables, pole and the drop line of each pair; the plant browser lists cables and poles', async () => {
  const { line } = await fixedLine(2);
  const net = await admin.get(`/api/v1/dist-boxes/${line.distBoxId}/network`);
  assert.equal(net.status, 200, net.text);
  const cable = net.json.cables.find((c) => c.kind === 'distribution');
  assert.ok(cable, `the demo box has a distribution cable: ${net.text.slice(0, 300)}`);
  const drop = net.json.dropLines.find((d) => d.pairNo === line.pairNo && d.status === 'active');
  assert.ok(drop, 'the demo has a drop line for the line\'s pair');

  const page = await adminPage('en');
  await page.goto(`/boxes/${line.distBoxId}`);
  await page.getByTestId('tab-network').click();
  await page.getByTestId('box-network').waitFor();
  await page.getByTestId(`cable-${cable.code}`).waitFor();
  const row = page.getByTestId(`drop-row-${line.pairNo}`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(line.code));
  if (net.json.pole) await page.getByTestId('box-pole-code').filter({ hasText: net.json.pole.code }).waitFor();
  else await page.getByTestId('box-no-pole').waitFor();
  await shot(page, 'p-box-network-en');

  // On a phone's width the tab still fits: its tables scroll inside their own box.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const r = await page.getByTestId('box-network').boundingBox();
  assert.ok(r.x >= 0 && r.x + r.width <= 391, `the tab fits 390 px (${JSON.stringify(r)})`);
  await shot(page, 'p-box-network-phone');
  await page.setViewportSize({ width: 1400, height: 900 });

  // The plant browser: the area's cables (the cross-connect box's primary cable among them).
  const box = (await admin.get(`/api/v1/dist-boxes/${line.distBoxId}`)).json;
  await page.goto(`/plant?unitId=${box.areaId}&view=network`);
  await page.getByTestId('cable-list').waitFor();
  const primary = (await admin.get(`/api/v1/cables?crossBoxId=${box.crossBoxId}&kind=primary`)).json[0];
  assert.ok(primary, 'the demo has a primary cable to the cross-connect box');
  await page.getByTestId(`cable-${primary.code}`).waitFor();
  await page.getByTestId('pole-list').waitFor();
  assert.deepEqual(page.consoleErrors, []);
});
