// Shared helpers for the browser suite: Debian's chromium through playwright-core, a sign-in
// helper, screenshots to /tmp. The server comes from tests/support/server.mjs.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// playwright-core lives in web/node_modules. ESM imports do not look at NODE_PATH (which CTest
// sets), so load it the CommonJS way: NODE_PATH, then the working directory (web/), then here.
function loadPackage(name) {
  const bases = [import.meta.url, pathToFileURL(join(process.cwd(), 'index.js')).href,
    new URL('../../web/index.js', import.meta.url).href];
  let last;
  for (const base of bases) {
    try { return createRequire(base)(name); } catch (e) { last = e; }
  }
  throw new Error(`cannot load ${name} (run npm ci in web/): ${last?.message}`);
}
const { chromium } = loadPackage('playwright-core');

export const CHROMIUM = process.env.BC_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.BC_SCREENSHOTS || '/tmp/bc-browser-shots';

export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser context (own cookies and localStorage) with the given navigator.language. */
export async function openPage(browser, baseURL, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ baseURL, locale, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.consoleErrors = errors;
  return page;
}

export async function signIn(page, username, password) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = `${SHOTS}/${name}.png`;
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Picks an option in an Ant Design Select (found by test id), typing `search` first if given. */
export async function pickOption(page, testId, optionText, search) {
  const select = page.getByTestId(testId);
  await select.click();
  if (search) await page.keyboard.type(search, { delay: 20 });
  const dropdown = page.locator('.ant-select-dropdown:visible');
  // On a loaded machine a click can land while the options are re-rendered (a remote search
  // answering): the dropdown then stays open, so click the option again.
  for (let i = 0; ; i++) {
    if (i > 0 && (await dropdown.count()) === 0) return; // it closed after all
    await dropdown.locator('.ant-select-item-option').filter({ hasText: optionText }).first().click();
    try {
      await dropdown.waitFor({ state: 'hidden', timeout: i < 2 ? 5000 : 15000 });
      return;
    } catch (e) {
      if (i >= 2) throw e;
    }
  }
}

/** Waits until `fn()` returns a truthy value (polling), or fails after `ms`. */
export async function until(fn, ms = 10_000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Confirms the open Popconfirm. */
export async function confirmPopup(page) {
  await page.locator('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary').click();
}
