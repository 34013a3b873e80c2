// Staff: the generic resource checks, plus initial passwords, filters, area assignments,
// reset-password and duplicate usernames.
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, validate, useServer, uniq, ifMatch, makeCommunity, makeArea, makeStaff, Client, TEST_PASSWORD,
} from './lib/common.mjs';
import { resourceTests } from './lib/resource.mjs';

const ctx = useServer({ before, after }, { label: 'staff' });

describe('staff as a resource', () => {
  resourceTests(ctx, {
    path: '/api/v1/staff',
    schema: 'Staff',
    createdSchema: 'StaffCreated',
    ignore: ['password'],
    async prepare() {
      const mine = await makeCommunity(ctx, { officeCode: 'CS-O1', managers: 0 });
      const other = await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 0 });
      const outsider = await makeStaff(ctx, { unitId: other.community.id, role: 'hotline_agent' });
      const head = await ctx.signIn('cs.o1.c01');
      return { mine, other, outsider, head };
    },
    sample: (s, g, i) => ({
      username: `t.s${g.tag}.${i}`, name: `测试员工 ${g.tag} ${i}`, role: 'hotline_agent', unitId: s.mine.community.id,
      phone: `1380000000${i}`, email: `s${i}@example.cn`, password: TEST_PASSWORD,
    }),
    listFilter: (s, g) => `q=t.s${g.tag}`,
    sortField: 'username',
    update: {
      path: (o) => `/api/v1/staff/${o.id}`,
      body: (o, n) => ({ name: `改名 ${o.username} ${n}`, phone: `1390000000${n}` }),
      check: (before, after, body) => {
        assert.equal(after.name, body.name);
        assert.equal(after.phone, body.phone);
        assert.equal(after.username, before.username);
      },
      repeatable: true,
    },
    invalid: (s, g) => {
      const base = { username: `t.s${g.tag}.9`, name: '测试', role: 'hotline_agent', unitId: s.mine.community.id, password: TEST_PASSWORD };
      return [
        { why: 'username with capitals', body: { ...base, username: `T.S${g.tag}.X` }, field: 'username' },
        { why: 'username of 2 characters', body: { ...base, username: 'ab' }, field: 'username' },
        { why: 'username of 41 characters', body: { ...base, username: `t.s${g.tag}.${'x'.repeat(40)}` }, field: 'username' },
        { why: 'username with a space', body: { ...base, username: `t.s${g.tag} x` }, field: 'username' },
        { why: 'unknown role', body: { ...base, role: 'king' }, field: 'role' },
        { why: 'password of 9 characters', body: { ...base, password: 'abcdefgh1' }, field: 'password' },
        { why: 'no name', body: (({ name, ...b }) => b)(base), field: 'name' },
        { why: 'unitId not a number', body: { ...base, unitId: 'CS-O1' }, field: 'unitId', status: 400 },
        { why: 'unit that does not exist', body: { ...base, unitId: 987654321 }, field: 'unitId' },
      ];
    },
    outOfScope: async (s) => ({
      client: s.head,
      object: s.outsider,
      createBody: { username: `t.oos${uniq()}`, name: '越权', role: 'area_manager', unitId: s.other.community.id, password: TEST_PASSWORD },
    }),
  });
});

describe('staff: specifics', () => {
  let mine;
  before(async () => { mine = await makeCommunity(ctx, { officeCode: 'CS-O3', managers: 3 }); });

  it('created without a password: initialPassword is returned once and signs in', async () => {
    const username = `t.init${uniq()}`;
    const r = await ctx.admin.post('/api/v1/staff', { username, name: '初始密码', role: 'hotline_agent', unitId: mine.community.id });
    assertStatus(r, 201);
    validate('StaffCreated', r.json);
    assert.equal(typeof r.json.initialPassword, 'string');
    assert.ok(r.json.initialPassword.length >= 10, 'at least 10 characters');
    const read = await ctx.admin.get(`/api/v1/staff/${r.json.id}`);
    assert.ok(!('initialPassword' in read.json), 'not shown again');
    assert.ok(!JSON.stringify(read.json).includes(r.json.initialPassword), 'no password anywhere in the object');
    const c = new Client(ctx.url);
    const login = await c.login(username, r.json.initialPassword);
    assert.equal(login.json.user.username, username);
  });

  it('created with a password: no initialPassword; the password signs in', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    assert.ok(!('initialPassword' in s));
    await new Client(ctx.url).login(s.username, TEST_PASSWORD);
  });

  it('a duplicate username is a 409 problem', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const r = await ctx.admin.post('/api/v1/staff', { username: s.username, name: '重名', role: 'hotline_agent', unitId: mine.community.id, password: TEST_PASSWORD });
    assertProblem(r, 409);
    const demo = await ctx.admin.post('/api/v1/staff', { username: 'cs.m001', name: '重名', role: 'area_manager', unitId: mine.community.id, password: TEST_PASSWORD });
    assertProblem(demo, 409);
  });

  it('responsibleFor and backupFor list the active areas of a manager', async () => {
    const [m0, m1, m2] = mine.managers;
    const a1 = await makeArea(ctx, { community: mine.community, responsible: m0, backup: m1 });
    const a2 = await makeArea(ctx, { community: mine.community, responsible: m1, backup: m0 });
    const s0 = (await ctx.admin.get(`/api/v1/staff/${m0.id}`)).json;
    validate('Staff', s0);
    assert.deepEqual(s0.responsibleFor, [a1.id]);
    assert.deepEqual(s0.backupFor, [a2.id]);
    const s2 = (await ctx.admin.get(`/api/v1/staff/${m2.id}`)).json;
    assert.deepEqual([s2.responsibleFor, s2.backupFor], [[], []]);
  });

  it('filters: role, unitId (subtree), q (name, username, phone), status', async () => {
    const c = await makeCommunity(ctx, { officeCode: 'CS-O6', managers: 2 });
    const agent = await makeStaff(ctx, { unitId: c.community.id, role: 'hotline_agent', name: `话务员${uniq()}` });
    const ids = async (q) => { const r = await ctx.admin.get(`/api/v1/staff?${q}&limit=1000`); assertStatus(r, 200, q); return r.json; };
    assert.deepEqual((await ids(`unitId=${c.community.id}`)).map((s) => s.id).sort(), [...c.managers, agent].map((s) => s.id).sort());
    assert.deepEqual((await ids(`unitId=${c.community.id}&role=hotline_agent`)).map((s) => s.id), [agent.id]);
    const office = await ids(`unitId=${c.office.id}`);
    assert.ok(office.some((s) => s.id === agent.id), 'unitId covers the subtree');
    assert.ok(office.some((s) => s.username === 'cs.o6'), 'and the office\'s own staff');
    const managers = await ids('role=area_manager');
    assert.ok(managers.length >= 148 && managers.every((s) => s.role === 'area_manager'));
    assert.deepEqual((await ids(`q=${encodeURIComponent(agent.name)}`)).map((s) => s.id), [agent.id], 'q: name');
    assert.deepEqual((await ids(`q=${agent.username}`)).map((s) => s.id), [agent.id], 'q: username');
    assert.deepEqual((await ids(`q=${agent.phone}`)).map((s) => s.id), [agent.id], 'q: phone');
    const ret = await ctx.admin.post(`/api/v1/staff/${agent.id}/retire`, undefined, { headers: ifMatch(agent) });
    assertStatus(ret, 200, 'retire');
    assert.equal(ret.json.status, 'retired');
    assert.ok(ret.json.retiredAt, 'retiredAt set');
    assert.deepEqual((await ids(`unitId=${c.community.id}&role=hotline_agent`)).map((s) => s.id), [], 'active by default');
    assert.deepEqual((await ids(`unitId=${c.community.id}&status=retired`)).map((s) => s.id), [agent.id]);
    assert.equal((await ids(`unitId=${c.community.id}&status=all`)).length, 3);
    assertProblem(await ctx.admin.get('/api/v1/staff?role=king'), 400, 'role', 'role=king');
  });

  it('retire and reactivate: a retired person cannot sign in; reactivated, they can', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const c = new Client(ctx.url);
    await c.login(s.username, TEST_PASSWORD);
    const r = await ctx.admin.post(`/api/v1/staff/${s.id}/retire`, undefined, { headers: ifMatch(s) });
    assertStatus(r, 200);
    assertProblem(await c.get('/api/v1/auth/me'), 401, undefined, 'their session ends');
    assertProblem(await new Client(ctx.url).post('/api/v1/auth/login', { username: s.username, password: TEST_PASSWORD }), 401, undefined, 'no sign-in');
    const back = await ctx.admin.post(`/api/v1/staff/${s.id}/reactivate`, undefined, { headers: ifMatch(r.json) });
    assertStatus(back, 200);
    assert.equal(back.json.status, 'active');
    assert.equal(back.json.retiredAt, null);
    await new Client(ctx.url).login(s.username, TEST_PASSWORD);
  });

  it('reset-password: given or generated, returned once; the old password stops working', async () => {
    const s = await makeStaff(ctx, { unitId: mine.community.id, role: 'hotline_agent' });
    const gen = await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, {});
    assertStatus(gen, 200);
    validate('PasswordResetResult', gen.json);
    assert.ok(gen.json.password.length >= 10);
    assertProblem(await new Client(ctx.url).post('/api/v1/auth/login', { username: s.username, password: TEST_PASSWORD }), 401);
    await new Client(ctx.url).login(s.username, gen.json.password);
    const given = await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: 'Given-password-9' });
    assertStatus(given, 200);
    assert.equal(given.json.password, 'Given-password-9');
    await new Client(ctx.url).login(s.username, 'Given-password-9');
    assertProblem(await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: 'short' }), [400, 422], 'password');
  });

  it('a password never appears in a staff object or a list', async () => {
    const r = await ctx.admin.get(`/api/v1/staff?unitId=${mine.community.id}&limit=1000`);
    const text = r.text.toLowerCase();
    assert.ok(!text.includes(TEST_PASSWORD.toLowerCase()) && !text.includes('hash') && !text.includes('argon'), 'no passwords or hashes');
  });
});
