// The web console in a real browser against a real server with the demo organisation.
// Needs web/dist (npm run build) and Debian's chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD } from '../support/server.mjs';
import { launch, openPage, signIn, shot } from './support.mjs';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer({ label: 'browser' });
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function unitByCode(code) {
  const r = await admin.get(`/api/v1/units?q=${encodeURIComponent(code)}&limit=50`);
  assert.equal(r.status, 200, r.text);
  const u = r.json.find((x) => x.code === code);
  assert.ok(u, `unit ${code} in ${r.text.slice(0, 300)}`);
  return u;
}

test('admin signs in and sees the demo network in the organisation tree', async () => {
  const page = await openPage(browser, server.url, { locale: 'zh-CN' });
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.waitForURL(/\/org/);
  const tree = page.getByTestId('org-tree');
  await tree.waitFor();
  // The province and the Changsha local network, and the offices below the centre.
  await assert.doesNotReject(tree.getByTestId('tree-node-HN').waitFor());
  const cs = tree.getByTestId('tree-node-CS');
  await cs.waitFor();
  assert.match(await cs.innerText(), /长沙/);
  for (const code of ['CS-C', 'CS-O1', 'CS-O6']) await tree.getByTestId(`tree-node-${code}`).waitFor();
  // The side menu shows what the administrator may use.
  for (const id of ['nav-org', 'nav-staff', 'nav-absences', 'nav-tokens', 'nav-audit']) await page.getByTestId(id).waitFor();
  await shot(page, 'a-admin-tree');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a wrong password shows the error and stays on the sign-in page', async () => {
  const page = await openPage(browser, server.url, { locale: 'en-US' });
  await signIn(page, 'admin', 'not-the-password');
  const err = page.getByTestId('login-error');
  await err.waitFor();
  assert.ok((await err.innerText()).trim().length > 0);
  assert.match(page.url(), /\/login$/);
  assert.ok(await page.getByTestId('login-username').isVisible());
  // The API agrees: this browser has no session.
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
  assert.equal(me, 401);
  await shot(page, 'b-wrong-password');
  await page.context().close();
});

test('editing a community name through the console persists', async () => {
  const unit = await unitByCode('CS-O1-C01');
  const page = await openPage(browser, server.url, { locale: 'zh-CN' });
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('org-tree').waitFor();
  // Find it with the tree filter and open it.
  await page.getByTestId('tree-filter').locator('input').fill('CS-O1-C01');
  await page.getByTestId('tree-node-CS-O1-C01').click();
  await page.waitForURL(new RegExp(`/org/units/${unit.id}$`));
  await page.getByTestId('unit-title').filter({ hasText: unit.name }).waitFor();

  const newName = `${unit.name}（浏览器测试）`;
  const input = page.getByTestId('unit-name-input');
  await input.fill(newName);
  await page.getByTestId('unit-save').click();
  await page.getByTestId('unit-title').filter({ hasText: newName }).waitFor();

  await page.reload();
  await page.getByTestId('unit-title').filter({ hasText: newName }).waitFor();
  assert.equal(await page.getByTestId('unit-name-input').inputValue(), newName);
  // The tree shows it too, and so does the API.
  await page.getByTestId('tree-node-CS-O1-C01').filter({ hasText: newName }).waitFor();
  const r = await admin.get(`/api/v1/units/${unit.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.name, newName);
  assert.equal(r.json.version, unit.version + 1);
  // The unit's history records the change.
  await page.getByRole('tab', { name: '变更历史' }).click();
  await page.getByTestId('unit-history').getByText('unit.update').first().waitFor();
  await shot(page, 'c-unit-edited');
  await page.context().close();
});

test('a community head sees only their own subtree and not another community', async () => {
  const heads = await admin.get('/api/v1/staff?role=community_head&limit=1000');
  assert.equal(heads.status, 200, heads.text);
  const head = heads.json.find((s) => s.status === 'active');
  assert.ok(head, 'a community head in the demo');
  const password = 'head-browser-password-1';
  const reset = await admin.post(`/api/v1/staff/${head.id}/reset-password`, { password });
  assert.equal(reset.status, 200, reset.text);

  // What their subtree is, as the administrator sees it.
  const sub = await admin.get(`/api/v1/units/tree?rootId=${head.unitId}`);
  assert.equal(sub.status, 200, sub.text);
  const mine = new Set();
  (function walk(n) { mine.add(n.code); (n.children ?? []).forEach(walk); })(sub.json);
  const community = (await admin.get(`/api/v1/units/${head.unitId}`)).json;
  assert.equal(community.kind, 'community');
  const others = (await admin.get('/api/v1/units?kind=community&limit=1000')).json.filter((u) => u.id !== community.id);
  assert.ok(others.length > 0);
  const other = others[0];

  const page = await openPage(browser, server.url, { locale: 'zh-CN' });
  await signIn(page, head.username, password);
  const tree = page.getByTestId('org-tree');
  await tree.getByTestId(`tree-node-${community.code}`).waitFor();
  const shown = await tree.locator('[data-testid^="tree-node-"]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-testid').slice('tree-node-'.length)),
  );
  assert.ok(shown.length > 1, `the community and its areas: ${shown}`);
  for (const code of shown) assert.ok(mine.has(code), `${code} is outside ${community.code}'s subtree`);
  for (const code of ['HN', 'CS', 'CS-C', other.code]) assert.ok(!shown.includes(code), `${code} must not be shown`);
  // The menu has no administrator pages.
  assert.equal(await page.getByTestId('nav-tokens').count(), 0);
  await shot(page, 'd-community-head-tree');

  // Another community's unit, opened directly by id: not found / forbidden, and no details.
  await page.goto(`/org/units/${other.id}`);
  await page.locator('[data-testid="not-found"], [data-testid="forbidden"]').first().waitFor();
  assert.equal(await page.getByTestId('unit-panel').count(), 0);
  assert.equal(await page.getByText(other.name, { exact: true }).count(), 0);
  await shot(page, 'd-other-community');
  await page.context().close();
});

test('switching language changes the visible labels and is remembered', async () => {
  const page = await openPage(browser, server.url, { locale: 'en-US' });
  await page.goto('/login');
  const submit = page.getByTestId('login-submit');
  await submit.filter({ hasText: 'Sign in' }).waitFor();
  await page.getByTestId('lang-switch').click();
  await submit.filter({ hasText: '登录' }).waitFor();
  await page.reload();
  await submit.filter({ hasText: '登录' }).waitFor();

  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('org-tree').waitFor();
  await page.getByTestId('nav-org').filter({ hasText: '组织机构' }).waitFor();
  await page.getByTestId('nav-staff').filter({ hasText: '人员' }).waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('nav-org').filter({ hasText: 'Organisation' }).waitFor();
  await page.getByTestId('nav-staff').filter({ hasText: 'Staff' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await shot(page, 'e-english');
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('nav-org').filter({ hasText: '组织机构' }).waitFor();
  await page.context().close();
});

test('signing out, or losing the session, leads back to sign-in', async () => {
  const page = await openPage(browser, server.url, { locale: 'en-US' });
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('org-tree').waitFor();
  // The session disappears behind the console's back: the next API call answers 401.
  await page.context().clearCookies();
  await page.getByTestId('nav-staff').click();
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-username').waitFor();
  // Sign in again and sign out through the user menu.
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('staff-table').waitFor();
  await page.getByTestId('user-menu').hover();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
  assert.equal(me, 401);
  await page.context().close();
});
