// Changing the plant records (issue #3): moving a box moves its lines, pair marks, occupancy,
// field verification and record accuracy, CSV upload and download.
import { describe, it, before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer, validate, ifMatch, uniq } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'plantw', subscribers: 3000 });

// A box of CS-O1-C01 with its pairs, and a line on it.
let box; let pairs; let line;
ctx.before(async () => {
  const customer = assertStatus(await ctx.admin.get('/api/v1/customers/3'), 200);
  line = customer.services.find((s) => s.kind === 'fixed_line');
  box = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${line.distBoxId}`), 200);
  pairs = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200);
});
const freePairs = () => pairs.pairs.filter((p) => p.state === 'free').map((p) => p.pairNo);

describe('moving a box moves its lines', () => {
  it('PATCH areaId: the line\'s owner changes at once, the move is in the box\'s history', async () => {
    const before = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${line.number}`), 200);
    const siblings = assertStatus(await ctx.admin.get(`/api/v1/areas?communityId=${before.area.parentId}`), 200);
    const to = siblings.find((a) => a.id !== box.areaId);
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { areaId: to.id }), 428);
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { areaId: to.id }, { headers: ifMatch(box.version + 5) }), 409);
    const moved = assertStatus(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { areaId: to.id, reason: '楼栋划归新片区' }, { headers: ifMatch(box) }), 200);
    validate('DistBox', moved);
    assert.equal(moved.areaId, to.id);
    assert.equal(moved.version, box.version + 1);
    const after = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${line.number}`), 200);
    assert.equal(after.area.id, to.id, 'the line follows its box');
    // The box in the answer is the moved box (its serialised form is kept per stored record).
    assert.deepEqual(after.distBox, moved);
    validate('Ownership', after);
    const history = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/history`), 200);
    assert.equal(history[0].action, 'dist_box.move');
    assert.equal(history[0].before.areaId, box.areaId);
    assert.equal(history[0].after.areaId, to.id);
    assert.equal(history[0].after.reason, '楼栋划归新片区', 'the reason is kept with the move');
    // And back, so the other tests see the demo layout.
    box = assertStatus(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { areaId: before.area.id }, { headers: ifMatch(moved) }), 200);
  });

  it('bad corrections are refused and change nothing', async () => {
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { lat: 123 }, { headers: ifMatch(box) }), 400, 'lat');
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { mount: 'roof' }, { headers: ifMatch(box) }), 400, 'mount');
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { colour: 'red' }, { headers: ifMatch(box) }), 400, 'colour');
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { capacity: line.pairNo - 1 || 0 }, { headers: ifMatch(box) }), [400, 422], 'capacity');
    const c02 = await ctx.unit('CS-O1-C02');
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { areaId: c02.id }, { headers: ifMatch(box) }), 422, 'areaId');
    const same = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}`), 200);
    assert.equal(same.version, box.version);
  });

  it('a community head may not move a box into another department, an auditor not at all', async () => {
    const head = await ctx.signIn('cs.o1.c01');
    const far = (await ctx.admin.get('/api/v1/areas?limit=1&sort=-code')).json[0];
    assertProblem(await head.patch(`/api/v1/dist-boxes/${box.id}`, { areaId: far.id }, { headers: ifMatch(box) }), 403);
    const auditor = await ctx.signIn('cs.audit');
    assertProblem(await auditor.patch(`/api/v1/dist-boxes/${box.id}`, { address: 'x' }, { headers: ifMatch(box) }), 403);
  });
});

describe('pairs and occupancy', () => {
  it('mark a free pair faulty, then free it again; a pair in use cannot be marked', async () => {
    const p = freePairs()[0];
    const marked = assertStatus(await ctx.admin.request('PUT', `/api/v1/dist-boxes/${box.id}/pairs/${p}`, { body: { state: 'faulty', note: '进水' } }), 200);
    assert.equal(marked.state, 'faulty');
    const now = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200);
    assert.equal(now.faulty, pairs.faulty + 1);
    assert.equal(now.free, pairs.free - 1);
    assertProblem(await ctx.admin.request('PUT', `/api/v1/dist-boxes/${box.id}/pairs/${line.pairNo}`, { body: { state: 'reserved' } }), 409);
    assertProblem(await ctx.admin.request('PUT', `/api/v1/dist-boxes/${box.id}/pairs/${p}`, { body: { state: 'in_use' } }), 422, 'state');
    assertProblem(await ctx.admin.request('PUT', `/api/v1/dist-boxes/${box.id}/pairs/${box.capacity + 1}`, { body: { state: 'faulty' } }), 404);
    assertStatus(await ctx.admin.request('PUT', `/api/v1/dist-boxes/${box.id}/pairs/${p}`, { body: { state: 'free' } }), 200);
    assert.equal(assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200).faulty, pairs.faulty);
  });

  it('occupancy per area adds up its boxes; per box it matches the pairs', async () => {
    const area = box.areaId;
    const perBox = assertStatus(await ctx.admin.get(`/api/v1/occupancy?parentId=${area}`), 200);
    perBox.forEach((r) => validate('OccupancyRow', r));
    const mine = perBox.find((r) => r.id === box.id);
    assert.equal(mine.capacity, pairs.capacity);
    assert.equal(mine.inUse, pairs.inUse);
    const community = (await ctx.admin.get(`/api/v1/areas/${area}`)).json.parentId;
    const perArea = assertStatus(await ctx.admin.get(`/api/v1/occupancy?parentId=${community}`), 200);
    const row = perArea.find((r) => r.id === area);
    assert.equal(row.capacity, perBox.reduce((s, r) => s + r.capacity, 0));
    assert.equal(row.inUse, perBox.reduce((s, r) => s + r.inUse, 0));
    assert.ok(row.occupancy > 0 && row.occupancy <= 1);
    assertProblem(await ctx.admin.get('/api/v1/occupancy'), 400, 'parentId');
  });
});

describe('verification and record accuracy', () => {
  it('a manager checks a box: matches, a corrected mark and a mismatch; accuracy moves', async () => {
    const owner = assertStatus(await ctx.admin.get(`/api/v1/ownership?box=${box.code}`), 200);
    const manager = await ctx.signIn(owner.area.responsible.username);
    const [f1, f2] = freePairs();
    const r = assertStatus(await manager.post(`/api/v1/dist-boxes/${box.id}/verifications`, {
      pairs: [
        { pairNo: line.pairNo, found: 'in_use' },           // as recorded
        { pairNo: f1, found: 'faulty', correct: true },     // a bad pair nobody had marked: fixed on the spot
        { pairNo: f2, found: 'in_use' },                    // a line nobody recorded: a work order's job
      ],
    }), 201);
    validate('Verification', r);
    assert.deepEqual([r.checked, r.matched, r.corrected, r.mismatched], [3, 1, 1, 1]);
    assert.deepEqual(r.items.map((i) => i.result), ['match', 'corrected', 'mismatch']);
    const after = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200);
    assert.equal(after.pairs[f1 - 1].state, 'faulty', 'the correction is in the record');
    const acc = assertStatus(await ctx.admin.get(`/api/v1/accuracy?distBoxId=${box.id}`), 200);
    validate('Accuracy', acc);
    assert.equal(acc.checked, 3);
    assert.equal(acc.matched, 1);
    assert.ok(Math.abs(acc.accuracy - 1 / 3) < 1e-9);
    assert.equal(acc.history.at(-1).month, new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7));
    const areaAcc = assertStatus(await ctx.admin.get(`/api/v1/accuracy?unitId=${box.areaId}`), 200);
    assert.equal(areaAcc.boxesVerified, 1);
    assert.ok(areaAcc.boxesTotal >= 1);
    // A second, clean check of the same box replaces the first in the figure.
    assertStatus(await manager.post(`/api/v1/dist-boxes/${box.id}/verifications`, { pairs: [{ pairNo: line.pairNo, found: 'in_use' }, { pairNo: f1, found: 'faulty' }] }), 201);
    const again = assertStatus(await ctx.admin.get(`/api/v1/accuracy?distBoxId=${box.id}`), 200);
    assert.equal(again.accuracy, 1);
    const history = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/history`), 200);
    assert.equal(history.filter((h) => h.action === 'dist_box.verify').length, 2);
  });

  it('bad verifications are 400s naming the pair; an auditor may not verify', async () => {
    assertProblem(await ctx.admin.post(`/api/v1/dist-boxes/${box.id}/verifications`, { pairs: [] }), 400, 'pairs');
    assertProblem(await ctx.admin.post(`/api/v1/dist-boxes/${box.id}/verifications`, { pairs: [{ pairNo: 1, found: 'lost' }] }), 400, 'pairs[0].found');
    assertProblem(await ctx.admin.post(`/api/v1/dist-boxes/${box.id}/verifications`, { pairs: [{ pairNo: 1, found: 'free' }, { pairNo: 1, found: 'free' }] }), 400, 'pairs');
    assertProblem(await ctx.admin.post(`/api/v1/dist-boxes/${box.id}/verifications`, { pairs: [{ pairNo: 9999, found: 'free' }] }), 400, 'pairs');
    const auditor = await ctx.signIn('cs.audit');
    assertProblem(await auditor.post(`/api/v1/dist-boxes/${box.id}/verifications`, { pairs: [{ pairNo: 1, found: 'free' }] }), 403);
  });
});

describe('CSV upload and download', () => {
  const csv = (code) => `code,cross_box,area,lat,lng,mount,address,capacity\n${code},${box.code.replace(/-D\d+$/, '')},CS-A003,28.2,112.9,pole,测试路1号,100\n`;
  it('a dry run reports and writes nothing; the import makes the box owned at once; again is unchanged', async () => {
    const code = `T-${uniq()}`.slice(0, 30);
    const dry = assertStatus(await ctx.admin.request('POST', '/api/v1/imports/dist-boxes?dryRun=true', { body: csv(code), headers: { 'content-type': 'text/csv' } }), 200);
    validate('ImportReport', dry);
    assert.deepEqual([dry.dryRun, dry.rowsRead, dry.inserted, dry.rejected], [true, 1, 1, 0]);
    assertProblem(await ctx.admin.get(`/api/v1/ownership?box=${code}`), 404);
    const real = assertStatus(await ctx.admin.request('POST', '/api/v1/imports/dist-boxes', { body: csv(code), headers: { 'content-type': 'text/csv' } }), 200);
    assert.equal(real.inserted, 1);
    const owner = assertStatus(await ctx.admin.get(`/api/v1/ownership?box=${code}`), 200);
    assert.equal(owner.area.code, 'CS-A003');
    const again = assertStatus(await ctx.admin.request('POST', '/api/v1/imports/dist-boxes', { body: csv(code), headers: { 'content-type': 'text/csv' } }), 200);
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 1]);
  });

  it('bad files: every bad row with its line and column; a wrong header refuses the file; wrong type 415', async () => {
    const bad = 'code,cross_box,area,lat,lng,mount,address,capacity\nT-OK1,NOPE,CS-A003,28.2,112.9,pole,x,100\nT-OK2,NOPE,CS-A003,95,112.9,roof,x,0\n';
    const r = assertStatus(await ctx.admin.request('POST', '/api/v1/imports/dist-boxes?dryRun=true', { body: bad, headers: { 'content-type': 'text/csv' } }), 200);
    assert.equal(r.rejected, 2);
    assert.ok(r.errors.some((e) => e.line === 2 && e.column === 'cross_box'), JSON.stringify(r.errors));
    assert.ok(r.errors.some((e) => e.line === 3 && e.column === 'lat'), JSON.stringify(r.errors));
    assert.ok(r.errors.some((e) => e.line === 3 && e.column === 'mount'), JSON.stringify(r.errors));
    const refused = await ctx.admin.request('POST', '/api/v1/imports/dist-boxes', { body: 'code,colour\nX,red\n', headers: { 'content-type': 'text/csv' } });
    assert.equal(refused.status, 422);
    assert.equal(refused.json.refused, true);
    assertProblem(await ctx.admin.request('POST', '/api/v1/imports/dist-boxes', { body: 'x', headers: { 'content-type': 'text/plain' } }), 415);
    assertProblem(await ctx.admin.request('POST', '/api/v1/imports/manholes', { body: 'x', headers: { 'content-type': 'text/csv' } }), 404);
  });

  it('only administrators move files; the export is the import format with a BOM', async () => {
    const head = await ctx.signIn('cs.o1');
    assertProblem(await head.request('POST', '/api/v1/imports/dist-boxes', { body: csv('T-NO'), headers: { 'content-type': 'text/csv' } }), 403);
    assertProblem(await head.get('/api/v1/exports/customers'), 403);
    const res = await fetch(`${ctx.url}/api/v1/exports/dist-boxes`, { headers: { cookie: ctx.admin.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM so Excel reads Chinese');
    const text = new TextDecoder().decode(bytes.slice(3));
    assert.ok(text.startsWith('code,cross_box,area,lat,lng,mount,address,capacity'), text.slice(0, 80));
    assert.ok(text.includes(`\n${box.code},`));
  });
});

describe('family-style care and the contact log', () => {
  it('a manager flags an elderly subscriber living alone and logs a visit; both show on the record', async () => {
    const owner = assertStatus(await ctx.admin.get('/api/v1/ownership?customerId=3'), 200);
    const manager = await ctx.signIn(owner.area.responsible.username);
    assert.equal(assertStatus(await manager.request('PUT', '/api/v1/customers/3/care/elderly_alone', { body: { note: '儿女在外地，每周走访' } }), 204), undefined);
    const visit = assertStatus(await manager.post('/api/v1/customers/3/contacts', { channel: 'visit', outcome: '已上门', note: '检查电话线路，老人身体好' }), 201);
    validate('Contact', visit);
    const rec = assertStatus(await ctx.admin.get('/api/v1/customers/3'), 200);
    assert.deepEqual(rec.careFlags.map((f) => f.flag), ['elderly_alone']);
    assert.equal(rec.careFlags[0].setByName, owner.area.responsible.name);
    assert.equal(rec.contacts[0].id, visit.id);
    assert.equal(rec.contacts[0].channel, 'visit');
    assertStatus(await manager.request('DELETE', '/api/v1/customers/3/care/elderly_alone'), 204);
    assert.deepEqual(assertStatus(await ctx.admin.get('/api/v1/customers/3'), 200).careFlags, []);
    const history = assertStatus(await ctx.admin.get('/api/v1/audit?objectType=customer&objectId=3'), 200);
    assert.deepEqual(history.map((h) => h.action).slice(0, 3), ['customer.care_clear', 'customer.contact', 'customer.care_set']);
  });

  it('bad input and read-only roles are refused', async () => {
    assertProblem(await ctx.admin.request('PUT', '/api/v1/customers/3/care/rich'), 404);
    assertProblem(await ctx.admin.post('/api/v1/customers/3/contacts', { channel: 'pigeon' }), 400, 'channel');
    assertProblem(await ctx.admin.post('/api/v1/customers/3/contacts', {}), 400, 'channel');
    assertProblem(await ctx.admin.post('/api/v1/customers/3/contacts', { channel: 'visit', at: '2999-01-01T00:00:00Z' }), 400, 'at');
    const auditor = await ctx.signIn('cs.audit');
    assertProblem(await auditor.post('/api/v1/customers/3/contacts', { channel: 'phone' }), 403);
    const head = await ctx.signIn('cs.o1.c01');
    assertProblem(await head.post('/api/v1/customers/2990/contacts', { channel: 'phone' }), 404);
  });
});
