// bench/run (bench_orders): the time from a create's 201 to its event arriving on the responsible
// manager's WebSocket (/api/v1/events). Run with node --experimental-websocket.
//   node ws-latency.mjs BASE ADMIN_PASSWORD NUMBERS_FILE COUNT
// Signs in as admin, creates one fault order for the first number to learn its manager, gives the
// manager a password and follows the stream as them, then creates COUNT orders one after another
// for that line and times each 201 → event. Prints one line:
//   WSLAT count=… p50_ms=… p90_ms=… p99_ms=… max_ms=… before_201=…
// (before_201: events that arrived before their 201 had been read; counted as 0 ms.)
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const [base, adminPassword, numbersFile, countArg] = process.argv.slice(2);
const count = Number(countArg || 200);
const number = readFileSync(numbersFile, 'utf8').split('\n').find((l) => l.trim());
const prefix = randomBytes(6).toString('hex');

async function login(username, password) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in as ${username}: ${r.status} ${await r.text()}`);
  return r.headers.get('set-cookie').split(';')[0];
}
async function call(cookie, method, path, body, extra = {}) {
  const r = await fetch(`${base}${path}`, {
    method, headers: { cookie, 'content-type': 'application/json', ...extra }, body: body && JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}
let seq = 0;
const create = (cookie) => call(cookie, 'POST', '/api/v1/orders',
  { type: 'fault', number, summary: 'bench: websocket latency' }, { 'idempotency-key': `${prefix}-${seq++}` });

const admin = await login('admin', adminPassword);
const first = await create(admin);
if (first.status !== 201) throw new Error(`create: ${first.status} ${JSON.stringify(first.json)}`);
const managerId = first.json.routing && first.json.routing.assigneeId;
if (!managerId) throw new Error(`the order for ${number} was not routed to a manager: ${JSON.stringify(first.json.routing)}`);
const staff = await call(admin, 'GET', `/api/v1/staff/${managerId}`);
const password = `Bench-${randomBytes(9).toString('hex')}`;
const reset = await call(admin, 'POST', `/api/v1/staff/${managerId}/reset-password`, { password });
if (reset.status !== 200) throw new Error(`reset-password: ${reset.status} ${JSON.stringify(reset.json)}`);
const manager = await login(staff.json.username, password);

const arrivals = new Map();  // order id → time its first event arrived
const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/events`, { headers: { cookie: manager } });
await new Promise((resolve, reject) => {
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === 'hello') resolve();
    if (msg.type === 'event' && !arrivals.has(msg.orderId)) arrivals.set(msg.orderId, performance.now());
  };
  ws.onerror = () => reject(new Error('websocket failed'));
});

const lat = [];
let early = 0;
for (let i = 0; i < count; i++) {
  const r = await create(admin);
  const t201 = performance.now();
  if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${JSON.stringify(r.json)}`);
  const id = r.json.id;
  const deadline = t201 + 5000;
  while (!arrivals.has(id)) {
    if (performance.now() > deadline) throw new Error(`no event for order ${id} within 5 s`);
    await new Promise((res) => setImmediate(res));
  }
  const d = arrivals.get(id) - t201;
  if (d < 0) early++;
  lat.push(Math.max(0, d));
}
ws.close();
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))].toFixed(3);
console.log(`WSLAT count=${lat.length} p50_ms=${pct(50)} p90_ms=${pct(90)} p99_ms=${pct(99)} max_ms=${lat[lat.length - 1].toFixed(3)} before_201=${early}`);
process.exit(0);
