// Absences: the generic resource checks (cancel is the versioned update), times and filters.
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, validate, useServer, uniq, ifMatch, makeCommunity, makeStaff, hoursFromNow, ISO_OFFSET,
} from './lib/common.mjs';
import { resourceTests } from './lib/resource.mjs';

const ctx = useServer({ before, after }, { label: 'absences' });
const DAY = 86400e3;
// Whole days from a fixed point 30 days ahead, so the samples never cover "now".
const base = Math.ceil((Date.now() + 30 * DAY) / DAY) * DAY;
const day = (n) => new Date(base + n * DAY).toISOString();

// GET /api/v1/absences/{id} is not in docs/api.md: objects are read back through the list.
async function readAbsence(client, a) {
  const r = await client.get(`/api/v1/absences?staffId=${a.staffId}&status=all&limit=1000`);
  assertStatus(r, 200);
  return r.json.find((x) => x.id === a.id);
}

describe('absences as a resource', () => {
  resourceTests(ctx, {
    path: '/api/v1/absences',
    schema: 'Absence',
    read: (a) => readAbsence(ctx.admin, a),
    async prepare() {
      const mine = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 0 });
      const other = await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 0 });
      const outsider = await makeStaff(ctx, { unitId: other.community.id, role: 'hotline_agent' });
      const r = await ctx.admin.post('/api/v1/absences', { staffId: outsider.id, startsAt: day(0), endsAt: day(1), reason: 'leave' });
      assertStatus(r, 201);
      const head = await ctx.signIn('cs.o1.c01');
      return { mine, outsider, outsiderAbsence: r.json, head };
    },
    // Each group is one new person, so a staffId filter isolates it.
    newGroup: async (s) => ({ staff: await makeStaff(ctx, { unitId: s.mine.community.id, role: 'hotline_agent' }) }),
    sample: (s, g, i) => ({ staffId: g.staff.id, startsAt: day(3 * i), endsAt: day(3 * i + 2), reason: 'training', note: `培训 ${i}` }),
    listFilter: (s, g) => `staffId=${g.staff.id}`,
    sortField: 'startsAt',
    update: {
      method: 'POST',
      path: (o) => `/api/v1/absences/${o.id}/cancel`,
      body: () => undefined,
      check: (before, after) => { assert.equal(after.status, 'cancelled'); assert.equal(after.startsAt, before.startsAt); },
      repeatable: false,
    },
    invalid: (s, g) => {
      const b = { staffId: g.staff.id, startsAt: day(0), endsAt: day(1), reason: 'leave' };
      return [
        { why: 'unknown reason', body: { ...b, reason: 'vacation' }, field: 'reason' },
        { why: 'startsAt not a time', body: { ...b, startsAt: 'tomorrow' }, field: 'startsAt', status: 400 },
        { why: 'endsAt without a date', body: { ...b, endsAt: '12:00' }, field: 'endsAt', status: 400 },
        { why: 'endsAt before startsAt', body: { ...b, startsAt: day(2), endsAt: day(1) }, field: 'endsAt' },
        { why: 'endsAt equal to startsAt', body: { ...b, endsAt: b.startsAt }, field: 'endsAt' },
        { why: 'longer than 366 days', body: { ...b, endsAt: day(367) }, field: 'endsAt' },
        { why: 'no staffId', body: (({ staffId, ...x }) => x)(b), field: 'staffId' },
        { why: 'staff that does not exist', body: { ...b, staffId: 987654321 }, field: 'staffId' },
        { why: 'no reason', body: (({ reason, ...x }) => x)(b), field: 'reason' },
      ];
    },
    outOfScope: async (s) => ({
      client: s.head,
      object: s.outsiderAbsence,
      createBody: { staffId: s.outsider.id, startsAt: day(10), endsAt: day(11), reason: 'leave' },
    }),
  });
});

describe('absences: specifics', () => {
  let mine;
  before(async () => { mine = await makeCommunity(ctx, { officeCode: 'CS-O4', managers: 0 }); });

  it('times: requests may use Z or any offset; responses use the display offset +08:00', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const r = await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: '2031-03-01T00:00:00Z', endsAt: '2031-03-02T09:30:00+05:30', reason: 'sick' });
    assertStatus(r, 201);
    validate('Absence', r.json);
    assert.match(r.json.startsAt, ISO_OFFSET);
    assert.ok(r.json.startsAt.endsWith('+08:00'), `startsAt in +08:00: ${r.json.startsAt}`);
    assert.equal(Date.parse(r.json.startsAt), Date.parse('2031-03-01T00:00:00Z'), 'same instant');
    assert.equal(Date.parse(r.json.endsAt), Date.parse('2031-03-02T09:30:00+05:30'), 'same instant');
    assert.ok(r.json.createdAt.endsWith('+08:00'));
    assert.equal(r.json.status, 'active');
    assert.equal(r.json.createdBy, ctx.adminMe.id, 'createdBy is the caller');
    assert.equal(r.json.note, '', 'note defaults to empty');
  });

  it('current=true lists only absences covering now; the staff member shows absentUntil', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const now = await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: hoursFromNow(-2), endsAt: hoursFromNow(48), reason: 'leave' });
    assertStatus(now, 201);
    const later = await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: hoursFromNow(100), endsAt: hoursFromNow(120), reason: 'training' });
    assertStatus(later, 201);
    const cur = await ctx.admin.get(`/api/v1/absences?staffId=${s.id}&current=true`);
    assertStatus(cur, 200);
    assert.deepEqual(cur.json.map((a) => a.id), [now.json.id]);
    const all = await ctx.admin.get(`/api/v1/absences?staffId=${s.id}`);
    assert.deepEqual(all.json.map((a) => a.id).sort(), [now.json.id, later.json.id].sort());
    const st = await ctx.admin.get(`/api/v1/staff/${s.id}`);
    assert.equal(Date.parse(st.json.absentUntil), Date.parse(now.json.endsAt), 'absentUntil is the end of the current absence');
    assertStatus(await ctx.admin.post(`/api/v1/absences/${now.json.id}/cancel`, undefined, { headers: ifMatch(now.json) }), 200);
    assert.equal((await ctx.admin.get(`/api/v1/staff/${s.id}`)).json.absentUntil, null, 'cancelled: present again');
    assert.deepEqual((await ctx.admin.get(`/api/v1/absences?staffId=${s.id}&current=true`)).json, []);
  });

  it('filters: unitId covers the subtree; status=cancelled', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const a = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: day(50), endsAt: day(51), reason: 'other', note: uniq() }), 201);
    const b = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: day(60), endsAt: day(61), reason: 'other' }), 201);
    assertStatus(await ctx.admin.post(`/api/v1/absences/${b.id}/cancel`, undefined, { headers: ifMatch(b) }), 200);
    const office = await ctx.admin.get(`/api/v1/absences?unitId=${mine.office.id}&status=all&limit=1000`);
    assertStatus(office, 200);
    assert.ok(office.json.some((x) => x.id === a.id) && office.json.some((x) => x.id === b.id), 'the office sees its communities\' absences');
    const cancelled = await ctx.admin.get(`/api/v1/absences?staffId=${s.id}&status=cancelled`);
    assert.deepEqual(cancelled.json.map((x) => x.id), [b.id]);
    assert.equal(cancelled.json[0].status, 'cancelled');
    const other = await ctx.admin.get(`/api/v1/absences?unitId=${(await ctx.unit('CS-O5')).id}&status=all&limit=1000`);
    assert.ok(!other.json.some((x) => x.staffId === s.id), 'another office does not');
  });

  it('GET /api/v1/staff/{id}/absences: that person\'s absences, with the same filters; out of scope 404', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const other = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const a = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: day(70), endsAt: day(71), reason: 'leave' }), 201);
    const b = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: day(72), endsAt: day(73), reason: 'leave' }), 201);
    assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: other.id, startsAt: day(70), endsAt: day(71), reason: 'leave' }), 201);
    assertStatus(await ctx.admin.post(`/api/v1/absences/${b.id}/cancel`, undefined, { headers: ifMatch(b) }), 200);
    const r = await ctx.admin.get(`/api/v1/staff/${s.id}/absences?status=all`);
    assertStatus(r, 200);
    r.json.forEach((x) => validate('Absence', x));
    assert.deepEqual(r.json.map((x) => x.id).sort(), [a.id, b.id].sort());
    assert.equal(r.headers.get('x-total-count'), '2');
    assert.deepEqual((await ctx.admin.get(`/api/v1/staff/${s.id}/absences?status=cancelled`)).json.map((x) => x.id), [b.id]);
    const head = await ctx.signIn('cs.o2');
    assertProblem(await head.get(`/api/v1/staff/${s.id}/absences`), 404, undefined, 'another office\'s person');
    assertProblem(await ctx.admin.get('/api/v1/staff/987654321/absences'), 404);
  });

  it('cancelling a cancelled absence is refused (409 or 422) and changes nothing', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const a = assertStatus(await ctx.admin.post('/api/v1/absences', { staffId: s.id, startsAt: day(5), endsAt: day(6), reason: 'leave' }), 201);
    const c = assertStatus(await ctx.admin.post(`/api/v1/absences/${a.id}/cancel`, undefined, { headers: ifMatch(a) }), 200);
    assertProblem(await ctx.admin.post(`/api/v1/absences/${a.id}/cancel`, undefined, { headers: ifMatch(c) }), [409, 422]);
    assert.equal((await readAbsence(ctx.admin, a)).version, c.version);
  });
});
