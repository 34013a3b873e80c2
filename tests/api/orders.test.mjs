// Work orders of the blue channel (issue #4): create and route, the lifecycle over HTTP, deadlines
// and pauses, callbacks, complaints, repeat faults, concurrency, retried creates, scope and masking.
import { describe, it } from 'node:test';
import { before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer, validate, ifMatch, uniq, hoursFromNow } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'orders', subscribers: 3000 });

// A fixed line in the demo area with this code (the demo keeps its managers' absences fixed:
// CS-A001's manager is at work; CS-A002's manager is on leave; CS-A020's manager and backup are both away).
async function lineIn(areaCode) {
  const area = await ctx.unit(areaCode);
  const boxes = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes?areaId=${area.id}`), 200);
  for (const box of boxes) {
    const pairs = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200);
    const p = pairs.pairs.find((x) => x.state === 'in_use' && /^\d+$/.test(x.number));
    if (p) return { area, box, number: p.number, serviceId: p.serviceId, customerId: p.customerId };
  }
  throw new Error(`no fixed line in ${areaCode}`);
}

let a001; let a002; let a020; let hotline; let manager; let head; let auditor;
ctx.before(async () => {
  a001 = await lineIn('CS-A001');
  a002 = await lineIn('CS-A002');
  a020 = await lineIn('CS-A020');
  hotline = await ctx.signIn('cs.hotline1');
  manager = await ctx.signIn('cs.m001');
  head = await ctx.signIn('cs.o1.c01');
  auditor = await ctx.signIn('cs.audit');
});

const fault = (number, extra = {}) => ({ type: 'fault', number, summary: '电话无拨号音', contactPhone: '13812345678', ...extra });
const act = (client, order, body, version = order.version) => client.post(`/api/v1/orders/${order.id}/actions`, body, { headers: ifMatch(version) });

describe('create and route', () => {
  it('a hotline call about a line goes to the manager who owns it, with the reason', async () => {
    const res = await hotline.post('/api/v1/orders', fault(a001.number));
    const o = assertStatus(res, 201);
    validate('Order', o);
    assert.equal(res.headers.get('location'), `/api/v1/orders/${o.id}`);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(o.channel, 'hotline', 'a hotline agent creates through the hotline channel');
    assert.equal(o.state, 'assigned');
    assert.equal(o.routing.reason, 'responsible');
    assert.equal(o.routing.areaId, a001.area.id);
    assert.equal(o.routing.distBoxId, a001.box.id);
    assert.equal(o.routing.assigneeId, a001.area.responsibleId);
    assert.equal(o.serviceId, a001.serviceId);
    assert.equal(o.customerId, a001.customerId);
    assert.match(o.routing.explanationEn, new RegExp(`Area CS-A001 .* owns line ${a001.number}, which hangs off distribution box ${a001.box.code}`));
    assert.match(o.routing.explanationZh, new RegExp(`^线路 ${a001.number}（分线盒 ${a001.box.code}） 属于片区 CS-A001`), 'Chinese all through');
    assert.equal(o.routing.areaCode, 'CS-A001');
    assert.equal(o.routing.distBoxCode, a001.box.code);
    assert.equal(o.routing.communityCode, 'CS-O1-C01');
    assert.ok(o.routing.assigneeName, 'the board shows who has it');
    // Fault deadlines: 24 h commitment and 48 h legal limit in town, running from the report.
    assert.equal(o.commitment.allowedMinutes, 24 * 60);
    assert.equal(o.legal.allowedMinutes, 48 * 60);
    assert.equal(Date.parse(o.legal.dueAt) - Date.parse(o.createdAt), 48 * 3600e3);
    assert.equal(o.commitment.risk, 'ok');
    const page = assertStatus(await hotline.get(`/api/v1/orders/${o.id}`), 200);
    assert.deepEqual(page.events.map((e) => e.action), ['create', 'assign']);
    assert.equal(page.events[1].actorId, null, 'routing is the system\'s');
    assert.equal(page.events[1].note, o.routing.explanationEn);
  });

  it('the manager on leave: the backup gets it, and the order says why', async () => {
    const o = assertStatus(await hotline.post('/api/v1/orders', fault(a002.number)), 201);
    assert.equal(o.routing.reason, 'backup');
    assert.equal(o.routing.assigneeId, a002.area.backupId);
    assert.match(o.routing.explanationEn, /is on leave until .*; backup .* covers\. Routed to the backup/);
  });

  it('manager and backup both away: the community\'s queue', async () => {
    const o = assertStatus(await hotline.post('/api/v1/orders', fault(a020.number)), 201);
    assert.equal(o.routing.reason, 'community_queue');
    assert.equal(o.routing.assigneeId, null);
    assert.equal(o.state, 'created');
    assert.equal(o.routing.areaId, a020.area.id, 'the area still owns the line');
    assert.equal(o.routing.communityId, a020.area.parentId);
    const queue = assertStatus(await ctx.admin.get(`/api/v1/orders?queue=true&communityId=${a020.area.parentId}`), 200);
    assert.ok(queue.some((x) => x.id === o.id), 'the order is in the queue');
  });

  it('a line not in the records needs a community; then it waits in that community\'s queue', async () => {
    assertProblem(await hotline.post('/api/v1/orders', fault('073199999999')), 422, 'number');
    const c01 = await ctx.unit('CS-O1-C01');
    const o = assertStatus(await hotline.post('/api/v1/orders', fault('073199999999', { communityId: c01.id })), 201);
    assert.equal(o.routing.reason, 'community_queue');
    assert.equal(o.routing.areaId, null);
    assert.match(o.routing.explanationEn, /No area owns line 073199999999/);
  });

  it('a hazard found on patrol routes through its box', async () => {
    const o = assertStatus(await manager.post('/api/v1/orders', { type: 'hazard', boxCode: a001.box.code, summary: '分线盒箱门脱落' }), 201);
    assert.equal(o.channel, 'manager');
    assert.equal(o.routing.distBoxId, a001.box.id);
    assert.equal(o.routing.areaId, a001.area.id);
    assertProblem(await manager.post('/api/v1/orders', { type: 'hazard', boxCode: 'NO-SUCH-BOX', summary: 'x' }), 422, 'boxCode');
  });

  it('bad input is refused field by field, and nothing is written', async () => {
    const before = (await ctx.admin.get('/api/v1/orders?limit=1')).headers.get('x-total-count');
    const missing = assertProblem(await hotline.post('/api/v1/orders', { number: a001.number }), 400, 'type');
    assert.ok(missing.errors.some((e) => e.field === 'summary'), 'both missing fields are named');
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { type: 'repair' })), 400, 'type');
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { colour: 'blue' })), 400, 'colour');
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { details: [1] })), 400, 'details');
    // Each type has its own fields: a field of another type, or a value outside its list, is refused.
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { details: { speedMbps: 100 } })), 400, 'details.speedMbps');
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { details: { symptom: 'smoke' } })), 400, 'details.symptom');
    assertProblem(await hotline.post('/api/v1/orders', { type: 'broadband', number: a001.number, summary: '提速', details: { speedMbps: -5 } }), 400, 'details.speedMbps');
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { feeFen: -1 })), 400, 'feeFen');
    assertProblem(await hotline.post('/api/v1/orders', fault(a001.number, { channel: 'network_alarm' })), 400, 'externalRef');
    assertProblem(await auditor.post('/api/v1/orders', fault(a001.number)), 403);
    const after = (await ctx.admin.get('/api/v1/orders?limit=1')).headers.get('x-total-count');
    assert.equal(after, before);
    assertStatus(await hotline.post('/api/v1/orders', fault(a001.number, { details: { symptom: 'no_dial_tone' } })), 201);
  });

  it('a network alarm is raised once per alarm id', async () => {
    const ref = `ALM-${uniq()}`;
    const body = fault(a001.number, { channel: 'network_alarm', externalRef: ref, summary: 'OLT 端口告警' });
    const o = assertStatus(await ctx.admin.post('/api/v1/orders', body), 201);
    assert.equal(o.channel, 'network_alarm');
    assert.equal(o.externalRef, ref);
    assertProblem(await ctx.admin.post('/api/v1/orders', body), 409, 'externalRef');
  });

  it('a retried create with the same Idempotency-Key makes one order', async () => {
    const key = `k-${uniq()}`;
    const body = fault(a001.number, { summary: `retry ${key}` });
    const [a, b] = await Promise.all([
      hotline.post('/api/v1/orders', body, { headers: { 'idempotency-key': key } }),
      hotline.post('/api/v1/orders', body, { headers: { 'idempotency-key': key } }),
    ]);
    const first = assertStatus(a, 201);
    const second = assertStatus(b, 201);
    assert.equal(second.id, first.id);
    const again = await hotline.post('/api/v1/orders', body, { headers: { 'idempotency-key': key } });
    assert.equal(assertStatus(again, 201).id, first.id);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assertProblem(await hotline.post('/api/v1/orders', { ...body, summary: 'other' }, { headers: { 'idempotency-key': key } }), 422, 'Idempotency-Key');
    const list = assertStatus(await ctx.admin.get(`/api/v1/orders?serviceId=${a001.serviceId}&limit=500`), 200);
    assert.equal(list.filter((x) => x.summary === body.summary).length, 1);
  });
});

describe('the lifecycle over HTTP', () => {
  it('from the hotline to the callback: accept, book, depart, arrive, resolve, callback, close', async () => {
    let o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    assert.deepEqual(o.actions, ['cancel'], 'the desk may only cancel an assigned order');
    o = assertStatus(await manager.get(`/api/v1/orders/${o.id}`), 200);
    assert.deepEqual(o.actions, ['accept', 'return']);
    o = assertStatus(await act(manager, o, { action: 'accept' }), 200);
    assert.equal(o.state, 'accepted');
    assert.ok(o.acceptedAt);
    o = assertStatus(await act(manager, o, { action: 'book', appointmentAt: hoursFromNow(3) }), 200);
    assert.equal(o.state, 'appointment_booked');
    o = assertStatus(await act(manager, o, { action: 'depart', lat: 28.2, lng: 112.93 }), 200);
    o = assertStatus(await act(manager, o, { action: 'arrive', lat: 28.2001, lng: 112.9301 }), 200);
    assert.equal(o.state, 'on_site');
    assertProblem(await act(manager, o, { action: 'resolve', resolution: '更换下户线' }), 422, 'cause');
    o = assertStatus(await act(manager, o, { action: 'resolve', cause: 'drop_line', resolution: '更换下户线', pairNo: 5 }), 200);
    assert.equal(o.state, 'resolved');
    assert.equal(o.cause, 'drop_line');
    assert.equal(o.pairNo, 5);
    assertProblem(await act(manager, o, { action: 'callback', score: 5, solved: true }), 403);
    o = assertStatus(await act(hotline, o, { action: 'callback', score: 5, solved: true, comment: '很满意' }), 200);
    assert.equal(o.state, 'confirmed');
    assert.equal(o.satisfaction, 5);
    assert.equal(o.solved, true);
    o = assertStatus(await act(head, o, { action: 'close' }), 200);
    assert.equal(o.state, 'closed');
    assert.ok(o.closedAt);
    const page = assertStatus(await head.get(`/api/v1/orders/${o.id}`), 200);
    validate('Order', page);
    assert.deepEqual(page.events.map((e) => e.action),
      ['create', 'assign', 'accept', 'book', 'depart', 'arrive', 'resolve', 'callback', 'close']);
    const arrive = page.events.find((e) => e.action === 'arrive');
    assert.equal(arrive.lat, 28.2001);
    assert.equal(arrive.actorName.length > 0, true);
    assert.deepEqual([arrive.from, arrive.to], ['en_route', 'on_site']);
    assert.equal(page.events.find((e) => e.action === 'callback').detail.score, 5);
  });

  it('forbidden transitions answer 409 with the order as it is; other people\'s actions 403', async () => {
    const o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    const stale = await act(manager, o, { action: 'resolve', cause: 'network', resolution: 'x' });
    const p = assertProblem(stale, 409, 'action');
    assert.equal(p.current.state, 'assigned');
    assert.equal(p.currentVersion, 1);
    assertProblem(await act(head, o, { action: 'accept' }), 403);
    assertProblem(await act(auditor, o, { action: 'cancel', reason: 'x' }), [403, 404]);
    assertProblem(await act(head, o, { action: 'cancel' }), 422, 'reason');
    assertProblem(await act(manager, o, { action: 'fly' }), 400, 'action');
    assertProblem(await manager.post(`/api/v1/orders/${o.id}/actions`, { action: 'accept' }), 428);
    assertProblem(await act(manager, o, { action: 'accept' }, 7), 409);
    const same = assertStatus(await ctx.admin.get(`/api/v1/orders/${o.id}`), 200);
    assert.equal(same.version, 1);
    assert.equal(same.events.length, 2, 'nothing was written by the refused actions');
  });

  it('two people act at once: one wins, the other gets 409 with the current state', async () => {
    const o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    const [x, y] = await Promise.all([
      act(manager, o, { action: 'accept' }),
      act(head, o, { action: 'cancel', reason: '用户撤销' }),
    ]);
    const statuses = [x.status, y.status].sort();
    assert.deepEqual(statuses, [200, 409]);
    const loser = x.status === 409 ? x : y;
    const winner = x.status === 200 ? x : y;
    assert.equal(loser.json.current.state, winner.json.state);
    assert.equal(loser.json.currentVersion, 2);
  });

  it('waiting for the customer pauses the deadline; material does not', async () => {
    let o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    const due0 = Date.parse(o.commitment.dueAt);
    o = assertStatus(await act(manager, o, { action: 'accept' }), 200);
    assertProblem(await act(manager, o, { action: 'wait', reason: '用户不在家' }), 422, 'waitFor');
    o = assertStatus(await act(manager, o, { action: 'wait', waitFor: 'customer', reason: '用户不在家' }), 200);
    assert.equal(o.state, 'waiting');
    assert.equal(o.paused, true);
    assert.equal(o.commitment.paused, true);
    await new Promise((r) => setTimeout(r, 1200));
    o = assertStatus(await act(manager, o, { action: 'resume' }), 200);
    assert.equal(o.state, 'accepted', 'back to where it waited');
    assert.equal(o.paused, false);
    const due1 = Date.parse(o.commitment.dueAt);
    assert.ok(due1 - due0 >= 1000, `the deadline moved by the paused time (${due1 - due0} ms)`);
    const page = assertStatus(await manager.get(`/api/v1/orders/${o.id}`), 200);
    assert.equal(page.pauses.length, 1);
    assert.equal(page.pauses[0].reason, 'customer_unavailable');
    assert.ok(page.pauses[0].to);
    o = assertStatus(await act(manager, o, { action: 'wait', waitFor: 'material', reason: '缺分线盒' }), 200);
    assert.equal(o.paused, false, 'waiting for material does not stop the clock');
  });

  it('an unsolved callback reopens the order to its manager; a low score raises a complaint', async () => {
    let o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    o = assertStatus(await act(manager, o, { action: 'accept' }), 200);
    o = assertStatus(await act(manager, o, { action: 'resolve', cause: 'network', resolution: '局端复位' }), 200);
    assertProblem(await act(hotline, o, { action: 'callback', score: 6, solved: true }), 400, 'score');
    assertProblem(await act(hotline, o, { action: 'callback', score: 3 }), 422, 'solved');
    o = assertStatus(await act(hotline, o, { action: 'callback', score: 2, solved: false, comment: '还是没有声音' }), 200);
    assert.equal(o.state, 'assigned', 'reopened and straight back to the same manager');
    assert.equal(o.routing.assigneeId, a001.area.responsibleId);
    const page = assertStatus(await manager.get(`/api/v1/orders/${o.id}`), 200);
    assert.deepEqual(page.events.slice(-2).map((e) => [e.action, e.to]), [['callback', 'reopened'], ['assign', 'assigned']]);

    o = assertStatus(await act(manager, page, { action: 'accept' }), 200);
    o = assertStatus(await act(manager, o, { action: 'resolve', cause: 'drop_line', resolution: '更换下户线' }), 200);
    o = assertStatus(await act(hotline, o, { action: 'callback', score: 1, solved: true, comment: '态度差' }), 200);
    assert.equal(o.state, 'confirmed', 'solved: the order itself is done');
    const complaints = assertStatus(await ctx.admin.get(`/api/v1/orders?type=complaint&serviceId=${a001.serviceId}`), 200);
    const c = complaints.find((x) => x.aboutOrderId === o.id);
    assert.ok(c, 'a complaint about the order was raised');
    assert.equal(c.routing.assigneeId, null, 'in the community\'s queue, not the manager\'s own');
    assert.equal(c.legal.allowedMinutes, 15 * 24 * 60, 'a complaint is answered within 15 days');
  });

  it('a second fault on the same line within 30 days is a repeat', async () => {
    const first = assertStatus(await hotline.post('/api/v1/orders', fault(a002.number)), 201);
    const second = assertStatus(await hotline.post('/api/v1/orders', fault(a002.number)), 201);
    assert.ok(second.repeatOf, 'marked as a repeat');
    assert.ok(second.repeatOf >= first.id);
  });

  it('two faults on the same line reported at the same moment: the later is a repeat of the earlier', async () => {
    // The hotline and the line's own manager take the same call at once, five times over.
    for (let i = 0; i < 5; i++) {
      const [x, y] = await Promise.all([hotline.post('/api/v1/orders', fault(a001.number)),
        manager.post('/api/v1/orders', fault(a001.number))].map(async (r) => assertStatus(await r, 201)));
      const [earlier, later] = x.id < y.id ? [x, y] : [y, x];
      assert.equal(later.repeatOf, earlier.id, `round ${i}: the later fault links to the earlier one`);
      const stored = assertStatus(await ctx.admin.get(`/api/v1/orders/${later.id}`), 200);
      assert.equal(stored.repeatOf, earlier.id, 'and is stored so');
    }
  });

  it('heads reassign with a reason, within their community', async () => {
    let o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    const other = a001.area.backupId;
    assertProblem(await act(head, o, { action: 'reassign', assigneeId: other }), 422, 'reason');
    o = assertStatus(await act(head, o, { action: 'reassign', assigneeId: other, reason: '董玉兰外出培训' }), 200);
    assert.equal(o.routing.assigneeId, other);
    assert.equal(o.routing.reason, 'manual');
    assert.match(o.routing.explanationEn, /reassigned the order to .*董玉兰外出培训/);
    const far = await ctx.staff('cs.m100');
    assertProblem(await act(head, o, { action: 'reassign', assigneeId: far.id, reason: 'x' }), 422, 'assigneeId');
    o = assertStatus(await act(head, o, { action: 'reassign', assigneeId: null, reason: '退回队列' }), 200);
    assert.equal(o.routing.assigneeId, null);
    assert.equal(o.state, 'created');
  });
});

describe('effects on the records', () => {
  it('completing a new line takes a free pair and creates the service, in the same step', async () => {
    const number = `0731${String(Date.now() % 1e8).padStart(8, '0')}`;
    let o = assertStatus(await hotline.post('/api/v1/orders', {
      type: 'new_line', customerId: a001.customerId, summary: '新装固话', feeFen: 10000, details: { number, serviceKind: 'fixed_line' },
    }), 201);
    assert.equal(o.routing.areaId, a001.area.id, 'routed through the subscriber\'s box');
    o = assertStatus(await act(manager, o, { action: 'accept' }), 200);
    assertProblem(await act(manager, o, { action: 'resolve', resolution: '装机完成' }), 409, 'action');
    o = assertStatus(await act(manager, o, { action: 'arrive' }), 200);
    assertProblem(await act(manager, o, { action: 'resolve', resolution: '装机完成', boxCode: 'NO-SUCH' }), 422, 'boxCode');
    const before = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${a001.box.id}/pairs`), 200);
    const taken = before.pairs.find((p) => p.state === 'in_use').pairNo;
    assertProblem(await act(manager, o, { action: 'resolve', resolution: '装机完成', pairNo: taken }), 409, 'pairNo');
    const same = assertStatus(await manager.get(`/api/v1/orders/${o.id}`), 200);
    assert.equal(same.state, 'on_site', 'the refused completion changed nothing');
    o = assertStatus(await act(manager, same, { action: 'resolve', resolution: '装机完成' }), 200);
    assert.equal(o.state, 'resolved');
    assert.ok(o.serviceId, 'the new service is on the order');
    assert.equal(o.lateFeeFen, 0, 'opened within the deadline');
    const firstFree = before.pairs.find((p) => p.state === 'free').pairNo;
    assert.equal(o.pairNo, firstFree, 'the box\'s first free pair');
    const after = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${a001.box.id}/pairs`), 200);
    const pair = after.pairs.find((p) => p.pairNo === firstFree);
    assert.equal(pair.state, 'in_use');
    assert.equal(pair.number, number);
    const owner = assertStatus(await hotline.get(`/api/v1/ownership?phone=${number}`), 200);
    assert.equal(owner.area.id, a001.area.id, 'the ownership index knows the new line at once');
  });

  it('a new line for someone not yet in the archive creates their subscriber record with the line', async () => {
    const number = `0731${String((Date.now() + 7) % 1e8).padStart(8, '0')}`;
    const raise = (extra) => hotline.post('/api/v1/orders', {
      type: 'new_line', boxCode: a001.box.code, summary: '新用户装机', contactPhone: '13900001111', address: '望月湖 3栋 2单元 401',
      details: { number }, ...extra,
    });
    const onSite = async (order) => {
      let x = assertStatus(await act(manager, order, { action: 'accept' }), 200);
      return assertStatus(await act(manager, x, { action: 'arrive' }), 200);
    };
    const nameless = await onSite(assertStatus(await raise({}), 201));
    assertProblem(await act(manager, nameless, { action: 'resolve', resolution: '装机完成' }), 422, 'contactName');
    let o = await onSite(assertStatus(await raise({ contactName: '李新' }), 201));
    assert.equal(o.customerId, null);
    o = assertStatus(await act(manager, o, { action: 'resolve', resolution: '装机完成' }), 200);
    assert.ok(o.customerId, 'the subscriber now exists');
    assert.ok(o.serviceId);
    const customer = assertStatus(await ctx.admin.get(`/api/v1/customers/${o.customerId}`), 200);
    assert.equal(customer.name, '李新');
    assert.ok(customer.services.some((s) => s.id === o.serviceId && s.number === number));
  });

  it('completing a move re-terminates the line on the new box', async () => {
    const target = (await ctx.admin.get(`/api/v1/dist-boxes?areaId=${a002.area.id}`)).json[0];
    let o = assertStatus(await hotline.post('/api/v1/orders', {
      type: 'move', number: a001.number, summary: '移机到新址', details: { toBoxCode: target.code },
    }), 201);
    o = assertStatus(await act(manager, o, { action: 'accept' }), 200);
    o = assertStatus(await act(manager, o, { action: 'arrive' }), 200);
    o = assertStatus(await act(manager, o, { action: 'resolve', resolution: '移机完成' }), 200);
    assert.equal(o.serviceId, a001.serviceId);
    const owner = assertStatus(await hotline.get(`/api/v1/ownership?phone=${a001.number}`), 200);
    assert.equal(owner.area.id, a002.area.id, 'the line now belongs to the new box\'s area');
    assert.equal(owner.distBox.id, target.id);
    // And back, so the other tests keep their fixture.
    let back = assertStatus(await hotline.post('/api/v1/orders', {
      type: 'move', number: a001.number, summary: '移回', details: { toBoxCode: a001.box.code },
    }), 201);
    const mover = back.routing.assigneeId === a001.area.responsibleId ? manager : await ctx.signIn((await ctx.admin.get(`/api/v1/staff/${back.routing.assigneeId}`)).json.username);
    back = assertStatus(await act(mover, back, { action: 'accept' }), 200);
    back = assertStatus(await act(mover, back, { action: 'arrive' }), 200);
    assertStatus(await act(mover, back, { action: 'resolve', resolution: '移回' }), 200);
    assert.equal(assertStatus(await hotline.get(`/api/v1/ownership?phone=${a001.number}`), 200).area.id, a001.area.id);
  });
});

describe('deadline configuration and repeat faults', () => {
  it('the table shows legal and commitment per type and setting; administrators change it for new orders only', async () => {
    const table = assertStatus(await ctx.admin.get('/api/v1/order-deadlines'), 200);
    table.forEach((row) => validate('OrderDeadline', row));
    assert.equal(table.length, 9 * 2);
    const urbanFault = table.find((r) => r.type === 'fault' && r.setting === 'urban');
    assert.deepEqual([urbanFault.legal, urbanFault.commitment, urbanFault.source],
      [{ minutes: 2880, clock: 'calendar' }, { minutes: 1440, clock: 'calendar' }, 'built_in']);
    assert.equal(table.find((r) => r.type === 'fault' && r.setting === 'rural').legal.minutes, 72 * 60);
    const running = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);

    const body = { legal: { minutes: 2880, clock: 'calendar' }, commitment: { minutes: 720, clock: 'calendar' } };
    assertProblem(await hotline.put('/api/v1/order-deadlines/fault/urban', body, { headers: ifMatch(0) }), 403);
    assertProblem(await ctx.admin.put('/api/v1/order-deadlines/fault/urban', body), 428);
    assertProblem(await ctx.admin.put('/api/v1/order-deadlines/fault/city', body, { headers: ifMatch(0) }), 400, 'setting');
    assertProblem(await ctx.admin.put('/api/v1/order-deadlines/fault/urban', { ...body, commitment: { minutes: 4000, clock: 'calendar' } }, { headers: ifMatch(0) }), 422, 'commitment.minutes');
    assertProblem(await ctx.admin.put('/api/v1/order-deadlines/fault/urban', { ...body, legal: { minutes: 10, clock: 'sundial' } }, { headers: ifMatch(0) }), 400, 'legal.clock');
    const set = assertStatus(await ctx.admin.put('/api/v1/order-deadlines/fault/urban', body, { headers: ifMatch(0) }), 200);
    validate('OrderDeadline', set);
    assert.equal(set.version, 1);
    assert.equal(set.source, 'province');
    assertProblem(await ctx.admin.put('/api/v1/order-deadlines/fault/urban', body, { headers: ifMatch(0) }), 409);
    const fresh = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    assert.equal(fresh.commitment.allowedMinutes, 720, 'a new order takes the new commitment');
    const again = assertStatus(await ctx.admin.get(`/api/v1/orders/${running.id}`), 200);
    assert.equal(again.commitment.allowedMinutes, 1440, 'a running order keeps the limits it was accepted under');
    const cs = await ctx.unit('CS');
    const net = assertStatus(await ctx.admin.get(`/api/v1/order-deadlines?networkId=${cs.id}`), 200);
    assert.equal(net.find((r) => r.type === 'fault' && r.setting === 'urban').source, 'province');
    // Back to the built-in commitment so other tests see the defaults.
    assertStatus(await ctx.admin.put('/api/v1/order-deadlines/fault/urban',
      { legal: { minutes: 2880, clock: 'calendar' }, commitment: { minutes: 1440, clock: 'calendar' } }, { headers: ifMatch(1) }), 200);
  });

  it('administrators keep the business calendar; working-clock deadlines follow it', async () => {
    const builtIn = assertStatus(await hotline.get('/api/v1/calendar?year=2026'), 200);
    builtIn.forEach((d) => validate('CalendarDay', d));
    assert.ok(builtIn.some((d) => d.date === '2026-10-01' && d.kind === 'holiday' && d.source === 'built_in'), 'National Day');
    const raise = () => hotline.post('/api/v1/orders', { type: 'new_line', customerId: a001.customerId, summary: '装机' });
    const before = assertStatus(await raise(), 201);
    // The day the commitment falls due becomes a holiday: the rest of the work moves to the next working day.
    const dueDay = new Date(Date.parse(before.commitment.dueAt) + 8 * 3600e3).toISOString().slice(0, 10);
    assertProblem(await hotline.put(`/api/v1/calendar/${dueDay}`, { kind: 'holiday', name: '台风停工' }), 403);
    assertProblem(await ctx.admin.put(`/api/v1/calendar/${dueDay}`, { kind: 'rest' }), 400, 'kind');
    assertProblem(await ctx.admin.put('/api/v1/calendar/2026-02-30', { kind: 'holiday' }), 400, 'date');
    const set = assertStatus(await ctx.admin.put(`/api/v1/calendar/${dueDay}`, { kind: 'holiday', name: '台风停工' }), 200);
    assert.equal(set.source, 'configured');
    const after = assertStatus(await raise(), 201);
    assert.ok(Date.parse(after.commitment.dueAt) - Date.parse(before.commitment.dueAt) >= 12 * 3600e3,
      `the deadline moved past the new holiday (${before.commitment.dueAt} → ${after.commitment.dueAt})`);
    const running = assertStatus(await hotline.get(`/api/v1/orders/${before.id}`), 200);
    assert.ok(Date.parse(running.commitment.dueAt) - Date.parse(before.commitment.dueAt) >= 12 * 3600e3,
      'a running order on a working clock moves with the calendar too');
    // The move is on the order's timeline: who, why, from when to when.
    const movedEvents = running.events.filter((e) => e.action === 'deadline_moved');
    assert.equal(movedEvents.length, 1, 'one timeline entry for the move');
    const mv = movedEvents[0];
    const admin = (await ctx.admin.get('/api/v1/auth/me')).json;
    assert.equal(mv.actorId, admin.id, 'attributed to the administrator who changed the calendar');
    assert.match(mv.note, new RegExp(`^${dueDay} made a holiday \\(台风停工\\): the operator's deadline moved from `));
    assert.ok(mv.note.includes(`moved from ${before.commitment.dueAt} to ${running.commitment.dueAt}`),
      `the note names both due times (${mv.note})`);
    const year = Number(dueDay.slice(0, 4));
    const listed = assertStatus(await hotline.get(`/api/v1/calendar?year=${year}`), 200);
    assert.ok(listed.some((d) => d.date === dueDay && d.name === '台风停工'));
    assert.equal((await ctx.admin.delete(`/api/v1/calendar/${dueDay}`)).status, 204);
    assertProblem(await ctx.admin.delete(`/api/v1/calendar/${dueDay}`), 404);
    const again = assertStatus(await raise(), 201);
    assert.ok(Math.abs(Date.parse(again.commitment.dueAt) - Date.parse(before.commitment.dueAt)) < 12 * 3600e3, 'back to normal');
    const restored = assertStatus(await hotline.get(`/api/v1/orders/${before.id}`), 200);
    assert.deepEqual(restored.events.filter((e) => e.action === 'deadline_moved').map((e) => e.note.split(':')[0]),
      [`${dueDay} made a holiday (台风停工)`, `${dueDay} back to the built-in calendar`], 'both moves on the timeline, in order');
    const board = assertStatus(await head.get('/api/v1/orders?state=open&sort=dueAt&limit=500'), 200)
      .filter((x) => !x.paused && x.commitment.dueAt).map((x) => Date.parse(x.commitment.dueAt));
    assert.deepEqual(board, [...board].sort((a, b) => a - b), 'the board order follows the moved deadlines');
  });

  it('a calendar move is a new version (ETag); an action naming the version before it still holds', async () => {
    const o = assertStatus(await hotline.post('/api/v1/orders', { type: 'new_line', customerId: a001.customerId, summary: '装机' }), 201);
    const dueDay = new Date(Date.parse(o.commitment.dueAt) + 8 * 3600e3).toISOString().slice(0, 10);
    assertStatus(await ctx.admin.put(`/api/v1/calendar/${dueDay}`, { kind: 'holiday', name: '台风停工' }), 200);
    try {
      const res = await manager.get(`/api/v1/orders/${o.id}`);
      const moved = assertStatus(res, 200);
      assert.ok(Date.parse(moved.commitment.dueAt) > Date.parse(o.commitment.dueAt), 'the deadline moved');
      assert.equal(moved.version, o.version + 1, 'what clients see changed: a new version');
      assert.equal(res.headers.get('etag'), `"${o.version + 1}"`);
      // The manager still holds the version from before the move: the system's change does not make it stale.
      const accepted = assertStatus(await act(manager, o, { action: 'accept' }), 200);
      assert.equal(accepted.state, 'accepted');
      assert.equal(accepted.version, o.version + 2);
      assert.equal(accepted.commitment.dueAt, moved.commitment.dueAt, 'the moved deadline stays');
      // A person's change since the named version is stale, as always.
      const stale = assertProblem(await act(manager, o, { action: 'depart' }), 409);
      assert.equal(stale.currentVersion, o.version + 2);
    } finally {
      await ctx.admin.delete(`/api/v1/calendar/${dueDay}`);
    }
  });

  it('lines with three or more faults in 90 days are listed for proactive repair', async () => {
    const line = await lineIn('CS-A003');
    for (let i = 0; i < 3; i++) assertStatus(await hotline.post('/api/v1/orders', fault(line.number)), 201);
    const list = assertStatus(await head.get('/api/v1/repeat-faults'), 200);
    list.forEach((x) => validate('RepeatFaultLine', x));
    const mine = list.find((x) => x.serviceId === line.serviceId);
    assert.ok(mine, 'the line is listed');
    assert.ok(mine.faults >= 3);
    assert.match(mine.number, /\*{4}/, 'masked in the list');
    const stranger = await ctx.signIn('cs.m100');
    const theirs = assertStatus(await stranger.get('/api/v1/repeat-faults'), 200);
    assert.ok(!theirs.some((x) => x.serviceId === line.serviceId), 'scoped');
    assertProblem(await head.get('/api/v1/repeat-faults?days=0'), 400, 'days');
  });
});

describe('scope and personal data', () => {
  it('other communities do not see the order; lists are scoped; auditors see masked contacts', async () => {
    const o = assertStatus(await hotline.post('/api/v1/orders', fault(a001.number)), 201);
    const stranger = await ctx.signIn('cs.m100');
    assertProblem(await stranger.get(`/api/v1/orders/${o.id}`), 404);
    assertProblem(await act(stranger, o, { action: 'accept' }), 404);
    const theirs = assertStatus(await stranger.get('/api/v1/orders?limit=500'), 200);
    assert.ok(!theirs.some((x) => x.id === o.id));
    const mine = assertStatus(await manager.get('/api/v1/orders?mine=true&state=open&limit=500'), 200);
    assert.ok(mine.some((x) => x.id === o.id));
    assert.ok(mine.every((x) => x.routing.assigneeId === a001.area.responsibleId));
    const c01 = await ctx.unit('CS-O1-C01');
    const board = await head.get('/api/v1/orders?state=open&sort=dueAt&limit=500');
    assertStatus(board, 200);
    assert.ok(board.json.every((x) => x.routing.communityId === c01.id));
    const running = board.json.filter((x) => !x.paused && x.commitment.dueAt);
    const dues = running.map((x) => Date.parse(x.commitment.dueAt));
    assert.deepEqual(dues, [...dues].sort((a, b) => a - b), 'the board reads the nearest deadline first');
    const firstPaused = board.json.findIndex((x) => x.paused);
    if (firstPaused >= 0) assert.ok(board.json.slice(firstPaused).every((x) => x.paused || !x.commitment.dueAt), 'paused clocks come after running ones');
    assert.ok(Number(board.headers.get('x-total-count')) >= board.json.length);
    // In lists the contact phone is masked; on the order page it shows for roles that see phones.
    assert.equal(mine.find((x) => x.id === o.id).contactPhone, '138****5678');
    assert.equal(assertStatus(await manager.get(`/api/v1/orders/${o.id}`), 200).contactPhone, '13812345678');
    assert.equal(assertStatus(await auditor.get(`/api/v1/orders/${o.id}`), 200).contactPhone, '138****5678');
    // …and the subscriber's record of who viewed their data shows the order view.
    const views = assertStatus(await auditor.get(`/api/v1/customers/${a001.customerId}/views`), 200);
    assert.ok(views.some((v) => v.reason === `work order ${o.code}`), 'the view is logged against the subscriber');
  });

  it('list filters are checked', async () => {
    assertProblem(await head.get('/api/v1/orders?state=flying'), 400, 'state');
    assertProblem(await head.get('/api/v1/orders?sort=name'), 400, 'sort');
    assertProblem(await head.get('/api/v1/orders?limit=0'), 400, 'limit');
    assertProblem(await head.get('/api/v1/orders?dueBefore=tomorrow'), 400, 'dueBefore');
    assertProblem(await head.get('/api/v1/orders?escalation=urgent'), 400, 'escalation');
  });
});

describe('boards', () => {
  // X-Total-Count as kept (the board counts) beside the same filter counted over the rows
  // (createdFrom is not a kept count): they must agree.
  async function total(client, query) {
    const kept = await client.get(`/api/v1/orders?${query}&limit=1`);
    assertStatus(kept, 200);
    const rows = await client.get(`/api/v1/orders?${query}&createdFrom=2000-01-01T00:00:00Z&limit=1`);
    assertStatus(rows, 200);
    assert.equal(kept.headers.get('x-total-count'), rows.headers.get('x-total-count'), `the total of ${query}`);
    return Number(kept.headers.get('x-total-count'));
  }
  async function row(client, query, id, headers = {}) {
    const res = await client.get(`/api/v1/orders?${query}&limit=500`, { headers });
    return assertStatus(res, 200).find((x) => x.id === id);
  }
  // A board row is the order as the change's own answer gave it (lists mask alike), the same keys
  // in the same order; only the clocks' running figures move between the two reads, and `actions`
  // are the reader's.
  function same(r, answer, { actions = true } = {}) {
    const still = (o) => {
      const x = structuredClone(o);
      for (const k of ['commitment', 'legal']) for (const f of ['usedMinutes', 'fraction', 'risk']) delete x[k][f];
      if (!actions) delete x.actions;
      return x;
    };
    assert.deepEqual(Object.keys(r), Object.keys(answer), 'the same keys in the same order');
    assert.deepEqual(still(r), still(answer));
  }

  it('after every change the board shows the order as it now is, and its totals count it at once', async () => {
    const c01 = await ctx.unit('CS-O1-C01');
    const open = `communityId=${c01.id}&state=open&sort=dueAt`;
    const queries = [open, `${open}&type=fault`, `${open}&type=complaint`, `${open}&queue=true`,
      `communityId=${c01.id}&state=created&sort=dueAt`, `communityId=${c01.id}&state=cancelled`, `communityId=${c01.id}`,
      'state=open', `officeId=${c01.parentId}&state=open`];
    const was = {};
    for (const q of queries) was[q] = await total(head, q);
    const totals = async (expected) => {
      for (const q of queries) assert.equal(await total(head, q), was[q] + (expected[q] || 0), q);
    };
    // Text that must come back exactly: quotes, backslashes, a control character, Chinese, an emoji.
    const summary = 'Board "check" \\ back\\slash\nnext line \u0001 用户投诉 — 🙂';
    const created = assertStatus(await hotline.post('/api/v1/orders', {
      type: 'fault', communityId: c01.id, summary, contactPhone: '13812345678', address: '长沙市芙蓉路 1 号',
    }), 201);
    assert.equal(created.state, 'created');
    await totals({ [open]: 1, [`${open}&type=fault`]: 1, [`${open}&queue=true`]: 1,
      [`communityId=${c01.id}&state=created&sort=dueAt`]: 1, [`communityId=${c01.id}`]: 1, 'state=open': 1,
      [`officeId=${c01.parentId}&state=open`]: 1 });
    let r = await row(head, open, created.id);
    assert.ok(r, 'a new order is on its community\'s board at once');
    assert.equal(r.summary, summary);
    assert.equal(r.contactPhone, '138****5678', 'lists mask the phone for every role');
    assert.equal(r.address, '***');
    assert.equal(r.routing.communityCode, 'CS-O1-C01');

    // The head assigns it: out of the queue, into "assigned", with the manager's name.
    const assigned = assertStatus(await act(head, created, { action: 'assign', assigneeId: a001.area.responsibleId }), 200);
    r = await row(head, open, created.id);
    same(r, assigned);
    assert.equal(r.state, 'assigned');
    assert.equal(r.version, created.version + 1);
    assert.ok(r.routing.assigneeName);
    await totals({ [open]: 1, [`${open}&type=fault`]: 1, [`communityId=${c01.id}`]: 1, 'state=open': 1,
      [`officeId=${c01.parentId}&state=open`]: 1 });
    // The same row in the other language: each language has its own explanation.
    const zh = await row(head, open, created.id, { 'accept-language': 'zh-CN' });
    assert.equal(zh.routing.explanation, zh.routing.explanationZh);
    assert.equal(r.routing.explanation, r.routing.explanationEn);
    assert.notEqual(zh.routing.explanationZh, zh.routing.explanationEn);

    // The manager accepts; the head's board shows the head's own actions on it.
    const accepted = assertStatus(await act(manager, assigned, { action: 'accept' }), 200);
    r = await row(head, open, created.id);
    same(r, accepted, { actions: false });
    assert.equal(r.state, 'accepted');
    assert.deepEqual(r.actions, assertStatus(await head.get(`/api/v1/orders/${created.id}`), 200).actions);
    const seenByAuditor = await row(auditor, open, created.id);
    same(seenByAuditor, r, { actions: false });
    assert.deepEqual(seenByAuditor.actions, [], 'an auditor reads');

    // Cancelled: off the open board, on the cancelled list.
    const cancelled = assertStatus(await act(head, accepted, { action: 'cancel', reason: '用户撤销' }), 200);
    assert.equal(await row(head, open, created.id), undefined, 'a cancelled order leaves the open board at once');
    same(await row(head, `communityId=${c01.id}&state=cancelled`, created.id), cancelled);
    await totals({ [`communityId=${c01.id}&state=cancelled`]: 1, [`communityId=${c01.id}`]: 1 });
  });
});
