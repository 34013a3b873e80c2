// Cables, poles and drop lines (issue #3): the rules (ends exist, pair on its box and within
// capacity, one drop line a pair, codes unique per network, retire instead of delete), versions,
// Idempotency-Key, scope per role, audit.
import { describe, it, before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer, validate, ifMatch, uniq } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'plantnet', subscribers: 3000 });

// A line of CS-O1-C01, its box and cross-connect box, a sibling box and the box's community head.
let line; let box; let cross; let sibling; let pairs; let headName; let otherHead;
ctx.before(async () => {
  const customer = assertStatus(await ctx.admin.get('/api/v1/customers/3'), 200);
  line = customer.services.find((s) => s.kind === 'fixed_line');
  box = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${line.distBoxId}`), 200);
  cross = assertStatus(await ctx.admin.get(`/api/v1/cross-boxes/${box.crossBoxId}`), 200);
  const boxes = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes?crossBoxId=${cross.id}`), 200);
  sibling = boxes.find((b) => b.id !== box.id);
  pairs = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/pairs`), 200);
  const area = assertStatus(await ctx.admin.get(`/api/v1/units/${box.areaId}`), 200);
  const community = assertStatus(await ctx.admin.get(`/api/v1/units/${area.parentId}`), 200);
  headName = community.code.toLowerCase().replace(/-/g, '.');
  otherHead = headName.startsWith('cs.o6') ? 'cs.o5' : 'cs.o6';
});
const freePair = (skip = 0) => pairs.pairs.filter((p) => p.state === 'free')[skip].pairNo;

describe('cables', () => {
  let cable;
  it('a distribution cable from the cross-connect box to the box: 201, Location, replay under Idempotency-Key', async () => {
    const code = `DC-${uniq()}`;
    const body = { code, kind: 'distribution', from: { kind: 'cross_box', id: cross.id }, to: { kind: 'dist_box', code: box.code }, pairs: 100, lengthM: 350, boxIds: sibling ? [sibling.id] : [] };
    const key = `k-${uniq()}`;
    const r = await ctx.admin.post('/api/v1/cables', body, { headers: { 'idempotency-key': key } });
    cable = assertStatus(r, 201, 'create cable');
    validate('Cable', cable, { strict: true });
    assert.equal(r.headers.get('location'), `/api/v1/cables/${cable.id}`);
    assert.equal(cable.from.code, cross.code);
    assert.equal(cable.to.id, box.id);
    assert.ok(cable.boxes.some((b) => b.id === box.id), 'the box at the end is served');
    const again = await ctx.admin.post('/api/v1/cables', body, { headers: { 'idempotency-key': key } });
    assertStatus(again, 201);
    assert.equal(again.json.id, cable.id, 'the replay creates nothing');
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...body, pairs: 5 }, { headers: { 'idempotency-key': key } }), 422, 'Idempotency-Key');
    assertProblem(await ctx.admin.post('/api/v1/cables', body), 409, 'code', 'a code is unique in its network');
    const listed = assertStatus(await ctx.admin.get(`/api/v1/cables?distBoxId=${box.id}`), 200);
    assert.ok(listed.some((c) => c.id === cable.id));
    assert.ok(assertStatus(await ctx.admin.get(`/api/v1/cables?crossBoxId=${cross.id}`), 200).some((c) => c.id === cable.id));
    const net = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/network`), 200);
    validate('BoxNetwork', net);
    assert.ok(net.cables.some((c) => c.id === cable.id), 'the box lists its cable');
    const audit = assertStatus(await ctx.admin.get(`/api/v1/audit?objectType=cable&objectId=${cable.id}`), 200);
    assert.equal(audit[0].action, 'cable.create');
  });

  it('broken cables are refused with a 422 naming the field', async () => {
    const base = { code: `DC-${uniq()}`, kind: 'distribution', from: { kind: 'cross_box', id: cross.id }, to: { kind: 'dist_box', id: box.id }, pairs: 50 };
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, to: { kind: 'dist_box', code: 'NO-SUCH-BOX' } }), 422, 'to');
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, from: { kind: 'cross_box', id: 987654321 } }), 422, 'from');
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, kind: 'primary' }), 422, 'to');
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, from: { kind: 'exchange' }, to: { kind: 'exchange' } }), 422, 'to');
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, pairs: 0 }), 400, 'pairs');
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, from: { kind: 'manhole' } }), 400, 'from.kind');
    const far = assertStatus(await ctx.admin.get('/api/v1/dist-boxes?areaId=' + (await ctx.admin.get('/api/v1/areas?limit=1&sort=-code')).json[0].id), 200)[0];
    assertProblem(await ctx.admin.post('/api/v1/cables', { ...base, boxIds: [far.id] }), 422, 'boxIds');
    const primary = assertStatus(await ctx.admin.post('/api/v1/cables', { code: `PC-${uniq()}`, kind: 'primary', from: { kind: 'exchange' }, to: { kind: 'cross_box', id: cross.id }, pairs: 1200 }), 201);
    assert.equal(primary.from.kind, 'exchange');
    assert.equal(primary.from.id, null);
  });

  it('updates need the current version; stale is 409 and changes nothing', async () => {
    assertProblem(await ctx.admin.patch(`/api/v1/cables/${cable.id}`, { lengthM: 400 }), 428);
    assertProblem(await ctx.admin.patch(`/api/v1/cables/${cable.id}`, { lengthM: 400 }, { headers: ifMatch(cable.version + 3) }), 409);
    const r = await ctx.admin.patch(`/api/v1/cables/${cable.id}`, { lengthM: 400 }, { headers: ifMatch(cable) });
    const updated = assertStatus(r, 200);
    assert.equal(updated.lengthM, 400);
    assert.equal(updated.version, cable.version + 1);
    assert.equal(r.headers.get('etag'), `"${updated.version}"`);
    assertProblem(await ctx.admin.patch(`/api/v1/cables/${cable.id}`, { lengthM: 1 }, { headers: ifMatch(cable) }), 409);
    assertProblem(await ctx.admin.patch(`/api/v1/cables/${cable.id}`, { colour: 'grey' }, { headers: ifMatch(updated) }), 400, 'colour');
    cable = updated;
  });

  it('scope: the box\'s community head reads it; another department gets 404 to read and 403 to write; auditors read only', async () => {
    const head = await ctx.signIn(headName);
    assertStatus(await head.get(`/api/v1/cables/${cable.id}`), 200);
    const other = await ctx.signIn(otherHead);
    assertProblem(await other.get(`/api/v1/cables/${cable.id}`), 404);
    assert.ok(!assertStatus(await other.get(`/api/v1/cables?crossBoxId=${cross.id}`), 200).some((c) => c.id === cable.id));
    assertProblem(await other.patch(`/api/v1/cables/${cable.id}`, { lengthM: 1 }, { headers: ifMatch(cable) }), 403);
    assertProblem(await other.post(`/api/v1/cables/${cable.id}/retire`, {}, { headers: ifMatch(cable) }), 403);
    assertProblem(await other.post('/api/v1/cables', { code: `DC-${uniq()}`, kind: 'distribution', from: { kind: 'cross_box', id: cross.id }, to: { kind: 'dist_box', id: box.id }, pairs: 10 }), 403);
    const auditor = await ctx.signIn('cs.audit');
    assertStatus(await auditor.get(`/api/v1/cables/${cable.id}`), 200);
    assertProblem(await auditor.patch(`/api/v1/cables/${cable.id}`, { lengthM: 1 }, { headers: ifMatch(cable) }), 403);
  });

  it('poles: a box on a pole must be pole-mounted; nothing is retired while something hangs on it', async () => {
    const b = sibling || box;
    // The demo may already hang the box on a pole: take it off first.
    for (const p of assertStatus(await ctx.admin.get(`/api/v1/poles?distBoxId=${b.id}`), 200))
      assertStatus(await ctx.admin.patch(`/api/v1/poles/${p.id}`, { boxIds: p.boxes.filter((x) => x.id !== b.id).map((x) => x.id) }, { headers: ifMatch(p) }), 200);
    let current = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${b.id}`), 200);
    if (current.mount !== 'building') current = assertStatus(await ctx.admin.patch(`/api/v1/dist-boxes/${b.id}`, { mount: 'building' }, { headers: ifMatch(current) }), 200);
    const body = { code: `P-${uniq()}`, kind: 'concrete', lat: 28.2, lng: 112.9, boxIds: [b.id], cableIds: [cable.id] };
    assertProblem(await ctx.admin.post('/api/v1/poles', body), 422, 'boxIds');
    assertProblem(await ctx.admin.post('/api/v1/poles', { ...body, boxIds: [], lat: 100 }), 400, 'lat');
    assertProblem(await ctx.admin.post('/api/v1/poles', { code: `P-${uniq()}`, lat: 28.2, lng: 112.9 }), 422, 'networkId');
    current = assertStatus(await ctx.admin.patch(`/api/v1/dist-boxes/${b.id}`, { mount: 'pole' }, { headers: ifMatch(current) }), 200);
    const pole = assertStatus(await ctx.admin.post('/api/v1/poles', body), 201);
    validate('Pole', pole, { strict: true });
    assert.deepEqual(pole.boxes.map((x) => x.id), [b.id]);
    assert.deepEqual(pole.cables.map((x) => x.id), [cable.id]);
    const net = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${b.id}/network`), 200);
    assert.equal(net.pole.id, pole.id, 'the box shows its pole');
    assertProblem(await ctx.admin.post('/api/v1/poles', { ...body, code: `P-${uniq()}` }), 422, 'boxIds', 'a box hangs on one pole');
    assertProblem(await ctx.admin.post(`/api/v1/poles/${pole.id}/retire`, {}, { headers: ifMatch(pole) }), 422, 'boxIds');
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${b.id}`, { mount: 'building' }, { headers: ifMatch(current) }), 422, 'mount', 'a box on a pole stays pole-mounted');
    const c = assertStatus(await ctx.admin.get(`/api/v1/cables/${cable.id}`), 200);
    assert.deepEqual(c.poles.map((x) => x.id), [pole.id], 'the cable knows its pole');
    assertProblem(await ctx.admin.post(`/api/v1/cables/${cable.id}/retire`, {}, { headers: ifMatch(c) }), 422, 'poles');
    const bare = assertStatus(await ctx.admin.patch(`/api/v1/poles/${pole.id}`, { boxIds: [], cableIds: [] }, { headers: ifMatch(pole) }), 200);
    const retired = assertStatus(await ctx.admin.post(`/api/v1/poles/${pole.id}/retire`, {}, { headers: ifMatch(bare) }), 200);
    assert.equal(retired.status, 'retired');
    assertStatus(await ctx.admin.get(`/api/v1/poles/${pole.id}`), 200, 'a retired pole is still on record');
    const gone = assertStatus(await ctx.admin.post(`/api/v1/cables/${cable.id}/retire`, {}, { headers: ifMatch(c) }), 200);
    assert.equal(gone.status, 'retired');
    assert.ok(!assertStatus(await ctx.admin.get(`/api/v1/cables?distBoxId=${box.id}`), 200).some((x) => x.id === cable.id), 'lists show active cables by default');
    assert.ok(assertStatus(await ctx.admin.get(`/api/v1/cables?distBoxId=${box.id}&status=all`), 200).some((x) => x.id === cable.id));
  });
});

describe('drop lines', () => {
  it('a drop line sits on a pair of its box, within capacity, one active per pair', async () => {
    const p = freePair();
    const base = { distBoxId: box.id, pairNo: p, kind: 'copper', lengthM: 35, installedAt: '2024-05-01T09:00:00+08:00' };
    assertProblem(await ctx.admin.post('/api/v1/drop-lines', { ...base, pairNo: box.capacity + 1 }), 422, 'pairNo');
    assertProblem(await ctx.admin.post('/api/v1/drop-lines', { ...base, serviceId: line.id }), 422, 'serviceId', 'the service is on another pair');
    assertProblem(await ctx.admin.post('/api/v1/drop-lines', { ...base, distBoxId: 987654321 }), 422, 'distBoxId');
    assertProblem(await ctx.admin.post('/api/v1/drop-lines', { ...base, kind: 'string' }), 400, 'kind');
    const r = await ctx.admin.post('/api/v1/drop-lines', { ...base, code: `DL-${uniq()}` });
    const d = assertStatus(r, 201);
    validate('DropLine', d, { strict: true });
    assert.equal(r.headers.get('location'), `/api/v1/drop-lines/${d.id}`);
    assert.equal(d.serviceId, null);
    assertProblem(await ctx.admin.post('/api/v1/drop-lines', { ...base, code: `DL-${uniq()}` }), 422, 'pairNo', 'one active drop line a pair');
    assertProblem(await ctx.admin.patch(`/api/v1/drop-lines/${d.id}`, { lengthM: 40 }, { headers: ifMatch(d.version + 1) }), 409);
    const moved = assertStatus(await ctx.admin.patch(`/api/v1/drop-lines/${d.id}`, { pairNo: freePair(1), lengthM: 40 }, { headers: ifMatch(d) }), 200);
    assert.equal(moved.pairNo, freePair(1));
    const retired = assertStatus(await ctx.admin.post(`/api/v1/drop-lines/${d.id}/retire`, {}, { headers: ifMatch(moved) }), 200);
    assert.equal(retired.status, 'retired');
    const again = assertStatus(await ctx.admin.post('/api/v1/drop-lines', { ...base, pairNo: freePair(1), code: `DL-${uniq()}` }), 201);
    assert.equal(again.pairNo, freePair(1), 'the pair is free again once the old drop line is retired');
    const current = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}`), 200);
    assertProblem(await ctx.admin.patch(`/api/v1/dist-boxes/${box.id}`, { capacity: freePair(1) - 1 }, { headers: ifMatch(current) }), 422, 'capacity');
  });

  it('the drop line of a service; it cannot be retired while the service runs over it', async () => {
    let r = await ctx.admin.get(`/api/v1/services/${line.id}/drop-line`);
    if (r.status === 404) {
      assertStatus(await ctx.admin.post('/api/v1/drop-lines', { distBoxId: box.id, pairNo: line.pairNo, serviceId: line.id, lengthM: 20 }), 201);
      r = await ctx.admin.get(`/api/v1/services/${line.id}/drop-line`);
    }
    const d = assertStatus(r, 200);
    assert.equal(d.serviceId, line.id);
    assert.equal(d.pairNo, line.pairNo);
    assert.equal(d.distBoxId, box.id);
    assertProblem(await ctx.admin.post(`/api/v1/drop-lines/${d.id}/retire`, {}, { headers: ifMatch(d) }), 422, 'serviceId');
    const net = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/network`), 200);
    assert.ok(net.dropLines.some((x) => x.id === d.id), 'the box lists its drop lines');
  });

  it('scope: the area\'s community head records drop lines on its boxes; another department may not', async () => {
    const head = await ctx.signIn(headName);
    const mine = assertStatus(await head.post('/api/v1/drop-lines', { distBoxId: box.id, pairNo: freePair(2), code: `DL-${uniq()}` }), 201);
    const other = await ctx.signIn(otherHead);
    assertProblem(await other.get(`/api/v1/drop-lines/${mine.id}`), 404);
    assertProblem(await other.patch(`/api/v1/drop-lines/${mine.id}`, { lengthM: 3 }, { headers: ifMatch(mine) }), 403);
    assertProblem(await other.post('/api/v1/drop-lines', { distBoxId: box.id, pairNo: freePair(3) }), 403);
    assertProblem(await other.get(`/api/v1/dist-boxes/${box.id}/network`), 404);
    const auditor = await ctx.signIn('cs.audit');
    assertProblem(await auditor.post('/api/v1/drop-lines', { distBoxId: box.id, pairNo: freePair(3) }), 403);
  });
});

describe('CSV import and export of cables, poles and drop lines', () => {
  const csv = (kind, body, q = '') => ctx.admin.request('POST', `/api/v1/imports/${kind}${q}`, { body, headers: { 'content-type': 'text/csv' } });
  const errorAt = (r, line, column) => r.errors.some((e) => e.line === line && e.column === column);

  it('cables: a bad header refuses the file; every bad row is reported, good rows are kept, upsert by code', async () => {
    const refused = await csv('cables', 'code,kind,colour\nX,primary,red\n');
    assert.equal(refused.status, 422);
    assert.equal(refused.json.refused, true);
    assert.match(refused.json.refusal, /missing column/);
    const a = `IC-${uniq()}`; const b = `IC-${uniq()}`;
    const file = [
      'code,kind,from_kind,from_code,to_kind,to_code,pairs,length_m,box_codes',
      `${a},distribution,cross_box,${cross.code},dist_box,${box.code},100,120,`,
      `${b},primary,exchange,,cross_box,${cross.code},1200,2500,`,
      `BAD-1,distribution,cross_box,${cross.code},dist_box,NO-SUCH-BOX,100,10,`,
      `BAD-2,coax,cross_box,${cross.code},dist_box,${box.code},100,10,`,
      `BAD-3,distribution,cross_box,${cross.code},dist_box,${box.code},lots,10,`,
      `BAD-4,distribution,cross_box,${cross.code},dist_box,${box.code},100,10,NOPE-1`,
      `${a},distribution,cross_box,${cross.code},dist_box,${box.code},100,120,`,
    ].join('\n');
    const dry = assertStatus(await csv('cables', file, '?dryRun=true'), 200);
    validate('ImportReport', dry);
    assert.equal(dry.dryRun, true);
    assert.equal(dry.inserted, 2);
    assert.equal(assertStatus(await ctx.admin.get(`/api/v1/cables?crossBoxId=${cross.id}&q=${a}`), 200).length, 0, 'a dry run writes nothing');
    const r = assertStatus(await csv('cables', file), 200);
    assert.equal(r.kind, 'cables');
    assert.equal(r.rowsRead, 7);
    assert.equal(r.inserted, 2);
    assert.equal(r.rejected, 5);
    assert.ok(errorAt(r, 4, 'to_code'), JSON.stringify(r.errors));
    assert.ok(errorAt(r, 5, 'kind'), JSON.stringify(r.errors));
    assert.ok(errorAt(r, 6, 'pairs'), JSON.stringify(r.errors));
    assert.ok(errorAt(r, 7, 'box_codes'), JSON.stringify(r.errors));
    assert.ok(errorAt(r, 8, 'code'), 'a code twice in one file');
    const got = assertStatus(await ctx.admin.get(`/api/v1/cables?crossBoxId=${cross.id}&q=${a}`), 200);
    assert.equal(got.length, 1);
    assert.equal(got[0].lengthM, 120);
    const again = assertStatus(await csv('cables', file.split('\n').slice(0, 3).join('\n').replace(',100,120,', ',100,130,')), 200);
    assert.equal(again.updated, 1, JSON.stringify(again));
    assert.equal(again.unchanged, 1);
    const audit = assertStatus(await ctx.admin.get(`/api/v1/audit?objectType=cable&objectId=${got[0].id}`), 200);
    assert.deepEqual(audit.map((e) => e.action), ['cable.update', 'cable.create']);
    const out = await ctx.admin.get('/api/v1/exports/cables');
    assert.equal(out.status, 200);
    assert.ok(out.text.includes(`${a},distribution,cross_box,${cross.code},dist_box,${box.code},100,130,${box.code}`), 'the export is the import format');
  });

  it('poles and drop lines: unknown box codes, pairs beyond capacity and services on another pair are reported', async () => {
    const p = `IP-${uniq()}`;
    const poles = [
      'code,kind,network,lat,lng,box_codes,cable_codes',
      `${p},wood,CS,28.2,112.9,,`,
      `BADP-1,wood,CS,28.2,112.9,NO-SUCH-BOX,`,
      `BADP-2,wood,CS,128.2,112.9,,`,
      `BADP-3,wood,XX-NONE,28.2,112.9,,`,
    ].join('\n');
    const rp = assertStatus(await csv('poles', poles), 200);
    assert.equal(rp.inserted, 1);
    assert.ok(errorAt(rp, 3, 'box_codes'), JSON.stringify(rp.errors));
    assert.ok(errorAt(rp, 4, 'lat'), JSON.stringify(rp.errors));
    assert.ok(errorAt(rp, 5, 'network'), JSON.stringify(rp.errors));
    const d = `ID-${uniq()}`;
    const drops = [
      'code,box_code,pair_no,service_code,kind,length_m,installed_date',
      `${d},${box.code},${freePair(5)},,fibre,25,2023-04-01`,
      `BADD-1,${box.code},${box.capacity + 1},,copper,25,`,
      `BADD-2,${box.code},${freePair(6)},${line.code},copper,25,`,
      `BADD-3,NO-SUCH-BOX,1,,copper,25,`,
      `BADD-4,${box.code},${freePair(7)},,copper,25,01/04/2023`,
    ].join('\n');
    const rd = assertStatus(await csv('drop-lines', drops), 200);
    assert.equal(rd.inserted, 1, JSON.stringify(rd));
    assert.ok(errorAt(rd, 3, 'pair_no'), JSON.stringify(rd.errors));
    assert.ok(errorAt(rd, 4, 'service_code'), JSON.stringify(rd.errors));
    assert.ok(errorAt(rd, 5, 'box_code'), JSON.stringify(rd.errors));
    assert.ok(errorAt(rd, 6, 'installed_date'), JSON.stringify(rd.errors));
    const net = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${box.id}/network`), 200);
    const mine = net.dropLines.find((x) => x.code === d);
    assert.ok(mine, 'the imported drop line is on the box');
    assert.equal(mine.kind, 'fibre');
    assert.match(mine.installedAt, /^2023-04-01T00:00:00/);
    const out = await ctx.admin.get('/api/v1/exports/drop-lines');
    assert.ok(out.text.includes(`${d},${box.code},${freePair(5)},,fibre,25,2023-04-01`));
    const back = assertStatus(await csv('drop-lines', out.text.replace(/^\uFEFF/, '')), 200);
    assert.equal(back.inserted + back.updated + back.rejected, 0, `the export imports back unchanged: ${JSON.stringify(back).slice(0, 400)}`);
    const head = await ctx.signIn(headName);
    assertProblem(await head.request('POST', '/api/v1/imports/poles', { body: poles, headers: { 'content-type': 'text/csv' } }), 403);
  });
});
