// The live console (issue #4): the board, the manager's day and the order page follow the
// WebSocket /api/v1/events instead of polling. A new order routed to the manager appears on their
// phone and on the community head's board within moments, with no periodic GET of the lists; an
// action taken elsewhere updates the open order page; a dropped socket comes back by itself and
// what happened meanwhile is shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD } from '../support/server.mjs';
import { launch, openPage, signIn, shot, until } from './support.mjs';

let server;
let browser;
let admin;
let line; // a fixed line of area CS-A001
let assignee; // who an order on that line goes to today (the manager, or whoever covers)
const PASSWORD = 'live-browser-pass-1';

async function unitByCode(code) {
  const r = await admin.get(`/api/v1/units?q=${encodeURIComponent(code)}&status=all&limit=50`);
  assert.equal(r.status, 200, r.text);
  return r.json.find((x) => x.code === code);
}

async function resetPassword(username) {
  const s = (await admin.get(`/api/v1/staff?q=${username}&limit=10`)).json.find((x) => x.username === username);
  assert.ok(s, username);
  const r = await admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: PASSWORD });
  assert.equal(r.status, 200, r.text);
  return s;
}

before(async () => {
  server = await startServer({ label: 'browser-live' });
  admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const unit = await unitByCode('CS-A001');
  const boxes = (await admin.get(`/api/v1/dist-boxes?areaId=${unit.id}`)).json;
  for (const box of boxes) {
    const pairs = (await admin.get(`/api/v1/dist-boxes/${box.id}/pairs`)).json;
    const p = pairs.pairs.find((x) => x.state === 'in_use' && /^\d+$/.test(x.number));
    if (p) { line = { number: p.number }; break; }
  }
  assert.ok(line, 'a fixed line in CS-A001');
  // Route one order to learn who gets the line's orders today (absences in the demo data).
  for (const u of ['cs.hotline1', 'cs.o1.c01']) await resetPassword(u);
  const probe = await admin.post('/api/v1/orders', { type: 'fault', number: line.number, summary: 'probe' });
  assert.equal(probe.status, 201, probe.text);
  const who = (await admin.get(`/api/v1/staff/${probe.json.routing.assigneeId}`)).json;
  assignee = await resetPassword(who.username);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A signed-in page that records its GETs of order lists and the events its socket receives, and
 * keeps its WebSockets reachable (window.__sockets) so the test can drop one.
 */
async function as(username, { locale = 'zh-CN', phone = false } = {}) {
  const page = await openPage(browser, server.url, { locale });
  if (phone) await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  page.listGets = [];
  page.eventFrames = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && /\/api\/v1\/orders(\?|$)/.test(r.url())) page.listGets.push({ at: Date.now(), url: r.url() });
  });
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      if (String(f.payload).includes('"type":"event"')) page.eventFrames.push(Date.now());
    });
  });
  await signIn(page, username, PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  return page;
}

const live = (page) => page.locator('[data-testid="live-status"][data-status="live"]').waitFor();

/** List GETs since `t0` that no event (received shortly before) explains: polling. */
function unexplainedGets(page, t0) {
  return page.listGets.filter((g) => g.at >= t0 && !page.eventFrames.some((e) => e <= g.at && g.at - e < 1500));
}

test('a new order appears on the manager\'s phone and the head\'s board live; the order page follows actions; reconnects', async (t) => {
  const desk = new Client(server.url);
  await desk.login('cs.hotline1', PASSWORD);
  const manager = new Client(server.url);
  await manager.login(assignee.username, PASSWORD);

  const m = await as(assignee.username, { phone: true, locale: 'zh-CN' });
  await m.waitForURL(/\/orders\/my$/);
  await m.getByTestId('my-count').waitFor();
  await live(m);
  const head = await as('cs.o1.c01', { locale: 'en-US' });
  await head.getByTestId('nav-orders-board').click();
  await head.getByTestId('board-table').waitFor();
  await live(head);
  await head.getByTestId('board-updated').filter({ hasText: 'Live: updates as orders change' }).waitFor();
  assert.equal((await head.getByTestId('live-status').innerText()).trim(), 'Live');
  assert.equal((await m.getByTestId('live-status').innerText()).trim(), '', 'on a phone only the dot');

  // Longer than the old 5-s refresh: neither screen asks for its list unless an event says so.
  const quiet = Date.now();
  await new Promise((r) => setTimeout(r, 6500));
  assert.deepEqual(unexplainedGets(head, quiet), [], 'the board does not poll');
  assert.deepEqual(unexplainedGets(m, quiet), [], 'my day does not poll');

  // The hotline raises a fault on the manager's line: both screens show it within moments.
  const t0 = Date.now();
  const created = await desk.post('/api/v1/orders', { type: 'fault', number: line.number, summary: `无拨号音 ${t0}` });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  assert.equal(created.json.routing.assigneeId, assignee.id);
  await m.getByTestId(`my-order-${id}`).waitFor({ timeout: 5000 });
  const onPhone = Date.now() - t0;
  await head.getByTestId(`board-row-${id}`).waitFor({ timeout: 5000 });
  const onBoard = Date.now() - t0;
  assert.ok(onPhone < 3000 && onBoard < 3000, `shown within moments (phone ${onPhone} ms, board ${onBoard} ms)`);
  t.diagnostic(`POST /orders sent → shown: phone ${onPhone} ms, board ${onBoard} ms (both pages watched in turn)`);
  assert.deepEqual(unexplainedGets(head, quiet), [], 'refreshed by the event, not by polling');
  assert.deepEqual(unexplainedGets(m, quiet), []);
  await shot(m, 'live-my-day-phone-zh');
  await shot(head, 'live-board-en');

  // The head opens the order; the manager accepts from elsewhere: the page follows.
  await head.goto(`/orders/${id}`);
  await head.locator('[data-testid="order-page"][data-state="assigned"]').waitFor();
  await live(head);
  const accepted = await manager.post(`/api/v1/orders/${id}/actions`, { action: 'accept' }, { headers: { 'if-match': '"1"' } });
  assert.equal(accepted.status, 200, accepted.text);
  await head.locator('[data-testid="order-page"][data-state="accepted"]').waitFor({ timeout: 3000 });
  await head.locator('[data-testid="order-event"][data-action="accept"]').waitFor();
  // The manager's card says so too.
  await m.locator(`[data-testid="my-order-${id}"][data-state="accepted"]`).waitFor({ timeout: 3000 });

  // The socket drops: the mark says so, it comes back by itself, and an action taken meanwhile shows.
  await head.evaluate(() => window.__sockets.at(-1).close());
  await head.locator('[data-testid="live-status"][data-status="reconnecting"]').waitFor({ timeout: 3000 });
  assert.equal((await head.getByTestId('live-status').innerText()).trim(), 'Reconnecting…');
  const departed = await manager.post(`/api/v1/orders/${id}/actions`, { action: 'depart' }, { headers: { 'if-match': '"2"' } });
  assert.equal(departed.status, 200, departed.text);
  await live(head);
  await head.locator('[data-testid="order-page"][data-state="en_route"]').waitFor({ timeout: 5000 });
  assert.equal(await head.evaluate(() => window.__sockets.filter((s) => s.readyState === WebSocket.OPEN).length), 1, 'one socket per tab');
  assert.match(await head.evaluate(() => window.__sockets.at(-1).url), /\/api\/v1\/events\?after=\d+$/, 'resumed after the last event');
  await shot(head, 'live-order-reconnected-en');

  for (const p of [m, head]) {
    assert.deepEqual(p.consoleErrors, []);
    await p.context().close();
  }
});
