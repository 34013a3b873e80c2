// Outside plant and the subscriber archive (issue #3): who owns a line, search, masking of
// personal data by role with every unmasked view logged, boxes and their pairs.
import { describe, it, before, after } from 'node:test';
import { assert, assertProblem, assertStatus, useServer, validate, hoursFromNow } from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'plant', subscribers: 3000 });

let first;       // customer 1 with its record as the administrator sees it
let line;        // its fixed line
let broadband;   // some customer's broadband service
ctx.before(async () => {
  first = assertStatus(await ctx.admin.get('/api/v1/customers/1'), 200);
  line = first.services.find((s) => s.kind === 'fixed_line');
  assert.ok(line, 'the demo gives customer 1 a fixed line');
  for (let id = 1; id <= 60 && !broadband; id++) {
    const c = assertStatus(await ctx.admin.get(`/api/v1/customers/${id}`), 200);
    broadband = c.services.find((s) => s.kind === 'broadband');
  }
  assert.ok(broadband, 'some of the first 60 demo customers have broadband');
});

describe('ownership: from a number to its area, manager and cover', () => {
  it('a full phone number: the box and pair, the area, responsible, backup and who covers', async () => {
    const o = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${line.number}`), 200);
    validate('Ownership', o);
    assert.equal(o.service.id, line.id);
    assert.equal(o.distBox.id, line.distBoxId);
    assert.equal(o.customer.id, 1);
    assert.equal(o.area.id, o.distBox.areaId, 'the area is the box\'s area');
    assert.ok(o.area.responsible && o.area.backup, 'the area has its manager and backup');
    assert.ok(o.area.cover.explanation.length > 10);
    assert.ok(o.explanation.includes(o.distBox.code) && o.explanation.includes(o.area.code), o.explanation);
    assert.ok(!('phones' in o.customer) && !('idNumber' in o.customer), 'no personal data in an ownership answer');
  });

  it('the number as people type it: without the area code, with dashes and spaces', async () => {
    const local = line.number.slice(4);
    for (const typed of [local, `${line.number.slice(0, 4)}-${local.slice(0, 4)} ${local.slice(4)}`]) {
      const o = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${encodeURIComponent(typed)}`), 200, typed);
      assert.equal(o.service.id, line.id, typed);
    }
  });

  it('a broadband account, a customer id and a box code lead to the same area as the line', async () => {
    const byAccount = assertStatus(await ctx.admin.get(`/api/v1/ownership?account=${broadband.number.toLowerCase()}`), 200);
    assert.equal(byAccount.service.id, broadband.id);
    const byCustomer = assertStatus(await ctx.admin.get('/api/v1/ownership?customerId=1'), 200);
    const byPhone = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${line.number}`), 200);
    assert.equal(byCustomer.area.id, byPhone.area.id);
    const byBox = assertStatus(await ctx.admin.get(`/api/v1/ownership?box=${byPhone.distBox.code}`), 200);
    assert.equal(byBox.area.id, byPhone.area.id);
    assert.equal(byBox.service, null);
  });

  it('the ownership answer (from memory and a cached area part) equals the owner in the customer\'s record, in both languages', async () => {
    // /ownership is written straight to text; /customers/{id} builds the same answer as JSON.
    for (const lang of ['en', 'zh-CN']) {
      const headers = { 'accept-language': lang };
      const byCustomer = assertStatus(await ctx.admin.get('/api/v1/ownership?customerId=1', { headers }), 200);
      const rec = assertStatus(await ctx.admin.get('/api/v1/customers/1', { headers }), 200);
      validate('Ownership', byCustomer);
      assert.deepEqual(byCustomer, rec.owner, lang);
      const byBox = assertStatus(await ctx.admin.get(`/api/v1/ownership?box=${byCustomer.distBox.code}`, { headers }), 200);
      assert.deepEqual(byBox.area, byCustomer.area, lang);
      assert.deepEqual(byBox.distBox, byCustomer.distBox, lang);
      assert.deepEqual(byBox.crossBox, byCustomer.crossBox, lang);
    }
  });

  it('an absent manager: the backup covers, and the answer says so', async () => {
    // A line whose area has both its manager and its backup at work (the demo sends a few away).
    let o;
    for (let id = 1500; id < 1700 && !o; id += 7) {
      const c = assertStatus(await ctx.admin.get(`/api/v1/customers/${id}`), 200);
      const fixed = c.services.find((s) => s.kind === 'fixed_line');
      const x = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${fixed.number}`), 200);
      if (x.area.cover.reason === 'responsible' && !x.area.backup.absentUntil) o = x;
    }
    assert.ok(o, 'an area with everyone at work');
    assertStatus(await ctx.admin.post('/api/v1/absences', {
      staffId: o.area.responsible.id, startsAt: hoursFromNow(-1), endsAt: hoursFromNow(48), reason: 'leave',
    }), 201);
    const after = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${o.service.number}`), 200);
    assert.equal(after.area.cover.reason, 'backup');
    assert.equal(after.area.cover.staffId, o.area.backup.id);
    assert.ok(after.explanation.includes(o.area.backup.name), after.explanation);
  });

  // Regression guard for the area answer cache: cover must change when an absence begins, even
  // though nothing was written at that moment.
  it('an absence that starts later changes the cover at its start, with no write in between', async () => {
    let area;
    for (let id = 1800; id < 2000 && !area; id += 11) {
      const c = assertStatus(await ctx.admin.get(`/api/v1/customers/${id}`), 200);
      const a = c.owner?.area;
      if (a && a.cover.reason === 'responsible' && !a.backup.absentUntil) area = a;
    }
    assert.ok(area, 'an area with everyone at work');
    const before = assertStatus(await ctx.admin.get(`/api/v1/areas/${area.id}`), 200);
    assert.equal(before.cover.reason, 'responsible');
    const startsAt = new Date(Date.now() + 1500).toISOString();
    assertStatus(await ctx.admin.post('/api/v1/absences', {
      staffId: area.responsible.id, startsAt, endsAt: hoursFromNow(24), reason: 'training',
    }), 201);
    assert.equal(assertStatus(await ctx.admin.get(`/api/v1/areas/${area.id}`), 200).cover.reason, 'responsible', 'not yet');
    await new Promise((r) => setTimeout(r, 1800));
    const later = assertStatus(await ctx.admin.get(`/api/v1/areas/${area.id}`), 200);
    assert.equal(later.cover.reason, 'backup', 'the absence has begun');
    assert.equal(later.cover.staffId, area.backup.id);
  });

  it('unknown numbers, missing and bad queries are clear errors', async () => {
    assertProblem(await ctx.admin.get('/api/v1/ownership?phone=073199999999'), 404);
    assertProblem(await ctx.admin.get('/api/v1/ownership?box=NO-SUCH-BOX'), 404);
    assertProblem(await ctx.admin.get('/api/v1/ownership'), 400, 'phone');
    assertProblem(await ctx.admin.get('/api/v1/ownership?phone=12'), 400, 'phone');
    assertProblem(await ctx.admin.get('/api/v1/ownership?customerId=abc'), 400, 'customerId');
    assertProblem(await ctx.anon().get(`/api/v1/ownership?phone=${line.number}`), 401);
  });

  it('a community head finds lines in their department only', async () => {
    const head = await ctx.signIn('cs.o1.c01');
    const mine = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${line.number}`), 200);
    const c01 = await ctx.unit('CS-O1-C01');
    assert.equal(mine.area.parentId, c01.id, 'customer 1 lives in the first area of CS-O1-C01');
    assertStatus(await head.get(`/api/v1/ownership?phone=${line.number}`), 200);
    // A customer far away in another office.
    const far = assertStatus(await ctx.admin.get('/api/v1/customers/2990'), 200);
    const farLine = far.services.find((s) => s.kind === 'fixed_line');
    const farOwner = assertStatus(await ctx.admin.get(`/api/v1/ownership?phone=${farLine.number}`), 200);
    assert.notEqual(farOwner.area.parentId, c01.id);
    assertProblem(await head.get(`/api/v1/ownership?phone=${farLine.number}`), 404);
    assertProblem(await head.get('/api/v1/customers/2990'), 404);
  });
});

describe('search', () => {
  it('phone numbers by prefix, in order', async () => {
    const prefix = line.number.slice(0, 10);
    const res = assertStatus(await ctx.admin.get(`/api/v1/search?q=${prefix}&limit=50`), 200);
    assert.equal(typeof res.more, 'boolean');
    const hits = res.items;
    assert.ok(hits.length > 0);
    hits.forEach((h) => { validate('SearchHit', h); assert.equal(h.kind, 'phone'); assert.ok(h.title.startsWith(prefix), h.title); });
    assert.deepEqual(hits.map((h) => h.title), [...hits.map((h) => h.title)].sort());
  });

  it('a name, an address fragment and a box code', async () => {
    const byName = (assertStatus(await ctx.admin.get(`/api/v1/search?q=${encodeURIComponent(first.name)}&type=name&limit=200`), 200)).items;
    assert.ok(byName.some((h) => h.customerId === 1), `customer 1 (${first.name}) is found by name`);
    byName.forEach((h) => assert.ok(h.title.startsWith(first.name), h.title));
    const fragment = first.address.community;  // e.g. 望麓园社区: at least three characters
    const byAddress = (assertStatus(await ctx.admin.get(`/api/v1/search?q=${encodeURIComponent(fragment)}&type=address&limit=30`), 200)).items;
    assert.ok(byAddress.length > 0);
    byAddress.forEach((h) => assert.ok(h.detail.includes(fragment), h.detail));
    const box = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${line.distBoxId}`), 200);
    const byBox = (assertStatus(await ctx.admin.get(`/api/v1/search?q=${box.code}`), 200)).items;
    assert.equal(byBox[0].kind, 'box');
    assert.equal(byBox[0].distBoxId, box.id);
  });

  it('results stay inside the caller\'s scope', async () => {
    const head = await ctx.signIn('cs.o1.c01');
    const c01 = await ctx.unit('CS-O1-C01');
    const areas = assertStatus(await ctx.admin.get(`/api/v1/areas?communityId=${c01.id}&limit=100`), 200).map((a) => a.id);
    const hits = assertStatus(await head.get('/api/v1/search?q=0731800&limit=100'), 200).items;
    assert.ok(hits.length > 0, 'the head finds numbers of their own department');
    for (const h of hits.slice(0, 20)) {
      const b = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${h.distBoxId}`), 200);
      assert.ok(areas.includes(b.areaId), `${h.title} is in the head's department`);
    }
  });

  it('bad searches are 400s naming the field', async () => {
    assertProblem(await ctx.admin.get('/api/v1/search?q='), 400, 'q');
    assertProblem(await ctx.admin.get('/api/v1/search?q=abc&type=colour'), 400, 'type');
    assertProblem(await ctx.admin.get('/api/v1/search?q=abc&limit=0'), 400, 'limit');
  });
});

describe('personal data: masked by role, every unmasked view logged', () => {
  it('an administrator sees phones and the address; the id number only with a reason', async () => {
    validate('Customer', first);
    assert.deepEqual(first.unmasked.sort(), ['address', 'phones']);
    assert.match(first.idNumber, /\*{4,}/, 'id number masked');
    assert.match(first.phones[0], /^\d{11}$/);
    assert.ok(first.address.room.length > 0);
    assertProblem(await ctx.admin.get('/api/v1/customers/1?reveal=idNumber'), 400, 'reason');
    assertProblem(await ctx.admin.get('/api/v1/customers/1?reveal=salary&reason=test'), 400, 'reveal');
    const full = assertStatus(await ctx.admin.get(`/api/v1/customers/1?reveal=idNumber&reason=${encodeURIComponent('核实来电身份')}`), 200);
    assert.match(full.idNumber, /^\d{17}[\dX]$/);
    assert.ok(full.unmasked.includes('idNumber'));
  });

  it('an auditor sees everything masked, may not reveal, and sees who looked', async () => {
    const auditor = await ctx.signIn('cs.audit');
    const c = assertStatus(await auditor.get('/api/v1/customers/1'), 200);
    assert.deepEqual(c.unmasked, []);
    assert.match(c.phones[0], /^\d{3}\*+\d{4}$/);
    assert.equal(c.address.room, '');
    assert.equal(c.address.building, '');
    c.services.forEach((s) => assert.match(s.number, /\*{4}/, `line number ${s.number} masked for an auditor`));
    assertProblem(await auditor.get('/api/v1/customers/1?reveal=phones&reason=curious'), 403);
    const views = assertStatus(await auditor.get('/api/v1/customers/1/views'), 200);
    views.forEach((v) => validate('PiiView', v));
    const reveal = views.find((v) => v.fields.includes('idNumber'));
    assert.ok(reveal, 'the administrator\'s reveal is listed');
    assert.equal(reveal.reason, '核实来电身份');
    assert.equal(reveal.staffName, ctx.adminMe.name);
    assert.ok(!views.some((v) => v.staffId === (ctx.adminMe.id + 1e9)), 'sanity');
    assert.ok(views.every((v) => v.fields !== ''), 'a masked-only view by the auditor is not a view of personal data');
  });

  it('a hotline agent sees phones to call back; an area manager may not read the views log', async () => {
    const hotline = await ctx.signIn('cs.hotline1');
    const c = assertStatus(await hotline.get('/api/v1/customers/1'), 200);
    assert.match(c.phones[0], /^\d{11}$/);
    const manager = await ctx.signIn('cs.m001');
    assertProblem(await manager.get('/api/v1/customers/1/views'), 403);
  });
});

describe('boxes and pairs', () => {
  it('a box lists every pair; the line is on its pair; the counts add up', async () => {
    const p = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${line.distBoxId}/pairs`), 200);
    validate('BoxPairs', p);
    assert.equal(p.pairs.length, p.capacity);
    assert.equal(p.inUse, p.pairs.filter((x) => x.state === 'in_use').length);
    assert.equal(p.free + p.inUse + p.faulty + p.reserved, p.capacity);
    const mine = p.pairs[line.pairNo - 1];
    assert.equal(mine.state, 'in_use');
    assert.equal(mine.serviceId, line.id);
    assert.equal(mine.number, line.number);
  });

  it('an area\'s distribution and cross-connect boxes', async () => {
    const box = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes/${line.distBoxId}`), 200);
    validate('DistBox', box);
    const list = assertStatus(await ctx.admin.get(`/api/v1/dist-boxes?areaId=${box.areaId}`), 200);
    assert.ok(list.some((b) => b.id === box.id));
    list.forEach((b) => assert.equal(b.areaId, box.areaId));
    const crosses = assertStatus(await ctx.admin.get(`/api/v1/cross-boxes?areaId=${box.areaId}`), 200);
    assert.ok(crosses.some((x) => x.id === box.crossBoxId));
    validate('CrossBox', crosses[0]);
    assertProblem(await ctx.admin.get('/api/v1/dist-boxes'), 400, 'areaId');
    assertProblem(await ctx.admin.get('/api/v1/dist-boxes/99999999'), 404);
  });

  it('boxes outside the caller\'s scope are not found', async () => {
    const head = await ctx.signIn('cs.o1.c01');
    const far = assertStatus(await ctx.admin.get('/api/v1/customers/2990'), 200);
    const farBox = far.services.find((s) => s.distBoxId).distBoxId;
    assertProblem(await head.get(`/api/v1/dist-boxes/${farBox}`), 404);
    assertProblem(await head.get(`/api/v1/dist-boxes/${farBox}/pairs`), 404);
    assertStatus(await head.get(`/api/v1/dist-boxes/${line.distBoxId}`), 200);
  });
});
