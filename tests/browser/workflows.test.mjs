// Everyday work in the console against a real server: organisation changes (create an area,
// conflicts, field errors, move, retire), staff, absences, API tokens, the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD } from '../support/server.mjs';
import { launch, openPage, signIn, shot, pickOption, confirmPopup, until } from './support.mjs';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer({ label: 'browser-work' });
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function unitByCode(code) {
  const r = await admin.get(`/api/v1/units?q=${encodeURIComponent(code)}&status=all&limit=50`);
  assert.equal(r.status, 200, r.text);
  return r.json.find((x) => x.code === code);
}

async function adminPage(locale = 'en-US') {
  const page = await openPage(browser, server.url, { locale });
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('org-tree').waitFor();
  return page;
}

test('organisation: create an area, conflict, field error, retire and reactivate, move', async () => {
  const community = await unitByCode('CS-O2-C06');
  const managers = (await admin.get(`/api/v1/staff?role=area_manager&unitId=${community.id}&limit=10`)).json;
  assert.ok(managers.length >= 2);
  const [m1, m2] = managers;

  const page = await adminPage('en-US');
  await page.goto(`/org/units/${community.id}`);
  await page.getByTestId('unit-title').filter({ hasText: community.name }).waitFor();

  // A new area with its two managers, chosen from the community's area managers.
  await page.getByTestId('unit-add-child').click();
  await page.getByTestId('new-unit-code').fill('CS-A900');
  await page.getByTestId('new-unit-name').fill('Browser test area');
  await pickOption(page, 'new-unit-responsible', m1.username);
  await pickOption(page, 'new-unit-backup', m2.username);
  await page.getByTestId('add-child-ok').click();
  await page.getByTestId('unit-title').filter({ hasText: 'Browser test area' }).waitFor();
  await page.getByTestId('area-cover').waitFor();
  let area = await unitByCode('CS-A900');
  assert.equal(area.parentId, community.id);
  assert.equal(area.responsibleId, m1.id);
  assert.equal(area.backupId, m2.id);
  assert.match(page.url(), new RegExp(`/org/units/${area.id}$`));

  // Someone else renames it meanwhile: saving the stale form says so and reloads.
  const other = await admin.patch(`/api/v1/units/${area.id}`, { name: 'Renamed elsewhere' }, { headers: { 'if-match': `"${area.version}"` } });
  assert.equal(other.status, 200, other.text);
  await page.getByTestId('unit-name-input').fill('My stale edit');
  await page.getByTestId('unit-save').click();
  await page.locator('.ant-message').getByText(/changed by someone else/i).waitFor();
  await page.getByTestId('unit-title').filter({ hasText: 'Renamed elsewhere' }).waitFor();
  assert.equal(await page.getByTestId('unit-name-input').inputValue(), 'Renamed elsewhere');

  // A code that is taken: the server's reason shows on the code field.
  await page.getByTestId('unit-code-input').fill('CS-O1');
  await page.getByTestId('unit-save').click();
  const codeError = page.locator('.ant-form-item-has-error').filter({ has: page.getByTestId('unit-code-input') });
  await codeError.locator('.ant-form-item-explain-error').waitFor();
  await shot(page, 'w-code-taken');
  area = await unitByCode('CS-A900');
  assert.equal(area.code, 'CS-A900');

  // Retire, then reactivate.
  await page.getByTestId('unit-retire').click();
  await confirmPopup(page);
  await page.getByTestId('unit-reactivate').waitFor();
  assert.equal((await unitByCode('CS-A900')).status, 'retired');
  await page.getByTestId('unit-reactivate').click();
  await page.getByTestId('unit-retire').waitFor();
  assert.equal((await unitByCode('CS-A900')).status, 'active');

  // Move a community to another office (its areas go with it).
  const moving = await unitByCode('CS-O2-C09');
  const office = await unitByCode('CS-O3');
  await page.goto(`/org/units/${moving.id}`);
  await page.getByTestId('unit-title').filter({ hasText: moving.name }).waitFor();
  await page.getByTestId('unit-move').click();
  await pickOption(page, 'move-parent', office.name, 'CS-O3');
  await page.getByTestId('move-ok').click();
  await page.locator('.ant-breadcrumb').getByText(office.name).waitFor();
  assert.equal((await unitByCode('CS-O2-C09')).parentId, office.id);
  await page.context().close();
});

test('staff: search, details, create with a generated password', async () => {
  const page = await adminPage('en-US');
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-table').waitFor();
  await page.getByTestId('staff-search').locator('input').fill('cs.m001');
  await page.getByTestId('staff-search').locator('input').press('Enter');
  await until(async () => (await page.locator('[data-testid^="staff-row-"]').count()) === 1, 10_000, 'one search result');
  await page.getByTestId('staff-row-cs.m001').waitFor();
  await page.getByTestId('staff-row-cs.m001').click();
  const drawer = page.getByTestId('staff-drawer');
  await drawer.getByText('Area customer manager').first().waitFor();
  await page.keyboard.press('Escape');

  const community = await unitByCode('CS-O1-C01');
  await page.getByTestId('staff-new').click();
  await page.getByTestId('staff-username-input').fill('browser.new');
  await page.getByTestId('staff-name-input').fill('Browser Newcomer');
  await pickOption(page, 'staff-unit-input', community.code, community.code);
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const pw = page.getByTestId('initial-password');
  await pw.waitFor();
  assert.ok((await pw.innerText()).trim().length >= 10);
  await shot(page, 'w-initial-password');
  const r = await admin.get('/api/v1/staff?q=browser.new');
  assert.equal(r.json.length, 1);
  assert.equal(r.json[0].unitId, community.id);
  await page.context().close();
});

test('absences: record one for a manager and cancel it', async () => {
  const manager = (await admin.get('/api/v1/staff?q=cs.m010')).json[0];
  const page = await adminPage('en-US');
  await page.getByTestId('nav-absences').click();
  await page.getByTestId('absence-table').waitFor();
  await page.getByTestId('absence-new').click();
  await pickOption(page, 'absence-staff-input', 'cs.m010', 'cs.m010');
  const from = new Date(Date.now() + 40 * 86400e3).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 42 * 86400e3).toISOString().slice(0, 10);
  const inputs = page.getByTestId('absence-dates-input').locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  await page.locator('.ant-modal-footer').waitFor({ state: 'detached' });
  const list = await admin.get(`/api/v1/absences?staffId=${manager.id}&status=active`);
  const absence = list.json.find((a) => a.startsAt.startsWith(from));
  assert.ok(absence, `absence from ${from} in ${list.text}`);
  assert.ok(absence.endsAt.startsWith(new Date(Date.now() + 43 * 86400e3).toISOString().slice(0, 10)), absence.endsAt);

  await page.getByTestId(`absence-cancel-${absence.id}`).click();
  await confirmPopup(page);
  await page.getByTestId(`absence-cancel-${absence.id}`).waitFor({ state: 'detached' });
  const after = await admin.get(`/api/v1/absences?staffId=${manager.id}&status=all`);
  assert.equal(after.json.find((a) => a.id === absence.id).status, 'cancelled');
  await page.context().close();
});

test('API tokens: create shows the token once, then revoke; audit shows the changes', async () => {
  const page = await adminPage('en-US');
  await page.getByTestId('nav-tokens').click();
  await page.getByTestId('token-table').waitFor();
  await page.getByTestId('token-new').click();
  await page.getByTestId('token-name-input').fill('browser-token');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const value = page.getByTestId('token-value');
  await value.waitFor();
  const token = (await value.innerText()).trim();
  assert.match(token, /^bct_/);
  // The token works as a bearer credential.
  const who = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(who.status, 200);
  await page.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
  await value.waitFor({ state: 'hidden' });
  const tokens = (await admin.get('/api/v1/api-tokens')).json;
  const created = tokens.find((t) => t.name === 'browser-token');
  await page.getByTestId(`token-revoke-${created.id}`).click();
  await confirmPopup(page);
  await page.getByTestId(`token-revoke-${created.id}`).waitFor({ state: 'detached' });
  const gone = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(gone.status, 401);

  // The audit log lists what happened, with before/after.
  await page.getByTestId('nav-audit').click();
  const table = page.getByTestId('audit-table');
  await table.locator('.ant-table-row').first().waitFor();
  await table.locator('.ant-table-row-expand-icon').first().click();
  await page.getByTestId('json-diff').first().waitFor();
  await shot(page, 'w-audit');
  await page.context().close();
});
