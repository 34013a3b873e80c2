// The live stream of work-order events over WebSocket (/api/v1/events, issue #4): limited to the
// receiver's scope, resumable after a reconnect without losing events, closed for the signed-out.
// Needs node --experimental-websocket (set by tests/CMakeLists.txt).
import { describe, it, before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'events', subscribers: 3000 });

// A WebSocket following the stream, collecting its messages.
function follow(client, after) {
  const url = `${ctx.url.replace(/^http/, 'ws')}/api/v1/events${after === undefined ? '' : `?after=${after}`}`;
  const ws = new WebSocket(url, { headers: client.cookie ? { cookie: client.cookie } : {} });
  const s = { ws, messages: [], closed: false, opened: false };
  s.ready = new Promise((resolve, reject) => {
    ws.onopen = () => { s.opened = true; };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      s.messages.push(msg);
      if (msg.type === 'hello') resolve(msg);
    };
    ws.onerror = () => reject(new Error('websocket failed'));
    ws.onclose = () => { s.closed = true; reject(new Error('closed before hello')); };
  });
  s.ready.catch(() => {});
  s.events = () => s.messages.filter((m) => m.type === 'event');
  // Resolves when `pred` holds over the events received, or fails after `ms`.
  s.until = async (pred, ms = 5000) => {
    const t0 = Date.now();
    while (!pred(s.events())) {
      if (Date.now() - t0 > ms) throw new Error(`timed out; got ${JSON.stringify(s.events().map((e) => [e.id, e.orderId, e.action]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  s.close = () => new Promise((r) => { if (s.closed) r(); else { ws.onclose = () => { s.closed = true; r(); }; ws.close(); } });
  return s;
}

async function lineIn(areaCode) {
  const area = await ctx.unit(areaCode);
  const boxes = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes?areaId=${area.id}`), 200);
  const pairs = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${boxes[0].id}/pairs`), 200);
  return { area, number: pairs.pairs.find((x) => x.state === 'in_use' && /^\d+$/.test(x.number)).number };
}

let a001; let a100; let hotline; let manager; let stranger;
ctx.before(async () => {
  a001 = await lineIn('CS-A001');
  a100 = await lineIn('CS-A100');
  hotline = await ctx.signIn('cs.hotline1');
  manager = await ctx.signIn('cs.m001');
  stranger = await ctx.signIn('cs.m100');
});

const fault = (number) => ({ type: 'fault', number, summary: '电话无拨号音' });

describe('the live stream', () => {
  it('is a WebSocket: a plain GET is refused, and nobody unsigned may follow it', async () => {
    assertProblem(await ctx.admin.get('/api/v1/events'), 400, 'Upgrade');
    const anon = follow(ctx.anon());
    await assert.rejects(anon.ready, 'the handshake is refused without a session');
    assert.equal(anon.opened, false);
  });

  it('a new order reaches its manager within moments; another community\'s manager does not see it', async () => {
    const mine = follow(manager);
    const theirs = follow(stranger);
    const helloMine = await mine.ready;
    await theirs.ready;
    assert.equal(typeof helloMine.lastId, 'number');
    const o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    await mine.until((ev) => ev.some((e) => e.orderId === o.id && e.action === 'assign'));
    const assign = mine.events().find((e) => e.orderId === o.id && e.action === 'assign');
    assert.equal(assign.to, 'assigned');
    assert.equal(assign.assigneeId, o.routing.assigneeId);
    assert.equal(assign.note, o.routing.explanationEn);
    // The stranger's own community has an order too, so their stream is alive and scoped, not silent.
    const far = assertStatus(await hotline.post('/api/v1/orders', fault(a100.number)), 201);
    await theirs.until((ev) => ev.some((e) => e.orderId === far.id));
    assert.ok(!theirs.events().some((e) => e.orderId === o.id), 'no events of another community');
    assert.ok(!mine.events().some((e) => e.orderId === far.id));
    const ids = mine.events().map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'events arrive in order');
    await mine.close();
    await theirs.close();
  });

  it('resumes after a reconnect without losing events', async () => {
    const first = follow(manager);
    await first.ready;
    const o1 = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    await first.until((ev) => ev.some((e) => e.orderId === o1.id && e.action === 'assign'));
    const last = first.events().at(-1).id;
    await first.close();
    // While disconnected: a new order and the manager's action on the first.
    const o2 = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    assertStatus(await manager.post(`/api/v1/orders/${o1.id}/actions`, { action: 'accept' }, { headers: { 'if-match': '"1"' } }), 200);
    const again = follow(manager, last);
    await again.until((ev) => ev.some((e) => e.orderId === o1.id && e.action === 'accept'));
    const got = again.events();
    assert.ok(got.every((e) => e.id > last), 'nothing before the cursor is sent again');
    assert.deepEqual(got.filter((e) => e.orderId === o2.id).map((e) => e.action), ['create', 'assign'], 'the missed order');
    assert.ok(got.some((e) => e.orderId === o1.id && e.action === 'accept'), 'the missed action');
    await again.close();
  });

  it('a bad cursor is refused', async () => {
    const bad = follow(manager, 'minus-one');
    await assert.rejects(bad.ready);
    assert.equal(bad.opened, false);
  });
});
