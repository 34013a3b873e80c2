// Sign-in, the session cookie, throttling and lock-out, sessions, API tokens, passwords.
import { describe, it, before, after } from 'node:test';
import {
  assert, assertProblem, assertStatus, validate, useServer, uniq, makeCommunity, makeStaff, Client, ADMIN_PASSWORD, TEST_PASSWORD, sleep, DB_KIND,
} from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'auth' });
let community;
ctx.before(async () => { community = (await makeCommunity(ctx, { officeCode: 'CS-O2', managers: 0 })).community; });
const person = (role = 'hotline_agent') => makeStaff(ctx, { unitId: community.id, role });
const login = (username, password) => new Client(ctx.url).post('/api/v1/auth/login', { username, password });

describe('sign-in and the session cookie', () => {
  it('login answers the user and expiry, and sets bc_session HttpOnly, SameSite=Strict, Path=/', async () => {
    const r = await login('admin', ADMIN_PASSWORD);
    assertStatus(r, 200);
    validate('LoginResponse', r.json);
    assert.equal(r.json.user.username, 'admin');
    assert.equal(r.json.user.role, 'administrator');
    assert.ok(Date.parse(r.json.expiresAt) > Date.now(), 'expires in the future');
    const cookie = r.headers.get('set-cookie');
    assert.match(cookie, /^bc_session=[^;]{16,}/, 'a session id of some length');
    assert.match(cookie, /;\s*HttpOnly/i);
    assert.match(cookie, /;\s*SameSite=Strict/i);
    assert.match(cookie, /;\s*Path=\/(;|$)/i);
  });

  it('GET /api/v1/auth/me with the cookie: the caller, scope and permissions', async () => {
    const me = assertStatus(await ctx.admin.get('/api/v1/auth/me'), 200);
    validate('Me', me);
    assert.equal(me.username, 'admin');
    const hn = await ctx.unit('HN');
    assert.equal(me.scopeUnitId, hn.id, 'the administrator sits at the province');
    assert.deepEqual([...me.permissions].sort(), ['audit.read', 'org.read', 'org.write', 'pii.reveal', 'sessions.manage', 'tokens.manage']);
  });

  it('a wrong password, an unknown user and an empty body are refused without telling which', async () => {
    const s = await person();
    const wrong = assertProblem(await login(s.username, 'wrong-password-1'), 401);
    const unknown = assertProblem(await login(`nobody${uniq()}`, 'wrong-password-1'), 401);
    assert.equal(wrong.detail, unknown.detail, 'same message for wrong password and unknown user');
    assert.equal(wrong.title, unknown.title);
    assertProblem(await new Client(ctx.url).post('/api/v1/auth/login', {}), [400, 401]);
    const r = await login(s.username, 'wrong-password-1');
    assert.equal(r.headers.get('set-cookie'), null, 'no cookie on failure');
  });

  it('logout: 204, the cookie is cleared and the old session value no longer works', async () => {
    const c = new Client(ctx.url);
    await c.login('admin', ADMIN_PASSWORD);
    const old = c.cookie;
    const r = await c.post('/api/v1/auth/logout');
    assert.equal(r.status, 204);
    const set = r.headers.get('set-cookie') || '';
    assert.match(set, /bc_session=;|bc_session=[^;]*;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i, `cookie cleared: ${set}`);
    const replay = new Client(ctx.url);
    replay.cookie = old;
    assertProblem(await replay.get('/api/v1/auth/me'), 401);
    assertProblem(await new Client(ctx.url).post('/api/v1/auth/logout'), 401, undefined, 'logout without a session');
  });
});

describe('throttling and lock-out', () => {
  it('3 failures, then each attempt waits 2^(n-3) s (429 + Retry-After); after 5 the account locks; reset-password unlocks', async () => {
    const s = await person();
    for (let i = 1; i <= 3; i++) assertProblem(await login(s.username, `wrong-${i}-password`), 401, undefined, `failure ${i}`);
    let r = await login(s.username, TEST_PASSWORD);
    assertProblem(r, 429, undefined, '4th attempt at once, even with the right password');
    const wait1 = Number(r.headers.get('retry-after'));
    assert.ok(wait1 >= 1 && wait1 <= 2, `Retry-After about 1 s, got ${wait1}`);
    await sleep(1100);
    assertProblem(await login(s.username, 'wrong-4-password'), 401, undefined, 'failure 4 after waiting');
    r = await login(s.username, 'wrong-x-password');
    assertProblem(r, 429, undefined, 'too soon after failure 4');
    const wait2 = Number(r.headers.get('retry-after'));
    assert.ok(wait2 >= 1 && wait2 <= 2, `Retry-After about 2 s, got ${wait2}`);
    await sleep(2100);
    const fifth = await login(s.username, 'wrong-5-password');
    assertProblem(fifth, [401, 429], undefined, 'failure 5');
    r = await login(s.username, TEST_PASSWORD);
    assertProblem(r, 429, undefined, 'locked: even the right password');
    const lock = Number(r.headers.get('retry-after'));
    assert.ok(lock > 60 && lock <= 900, `locked for up to 15 minutes, Retry-After ${lock}`);
    assertStatus(await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: TEST_PASSWORD }), 200);
    assertStatus(await login(s.username, TEST_PASSWORD), 200, 'reset-password unlocks');
  });

  it('a locked account shows locked: true on the staff object until reset-password', async () => {
    const s = await person();
    for (let i = 1; i <= 3; i++) await login(s.username, `wrong-${i}-password`);
    await sleep(1100);
    await login(s.username, 'wrong-4-password');
    await sleep(2100);
    await login(s.username, 'wrong-5-password');
    assertProblem(await login(s.username, TEST_PASSWORD), 429, undefined, 'locked');
    const st = assertStatus(await ctx.admin.get(`/api/v1/staff/${s.id}`), 200);
    assertStatus(await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: TEST_PASSWORD }), 200);
    const after = assertStatus(await ctx.admin.get(`/api/v1/staff/${s.id}`), 200);
    assert.equal(st.locked, true, 'locked while locked');
    assert.equal(after.locked, false, 'unlocked by reset-password');
  });

  it('a success resets the count of failures', async () => {
    const s = await person();
    assertProblem(await login(s.username, 'wrong-1-password'), 401);
    assertProblem(await login(s.username, 'wrong-2-password'), 401);
    assertStatus(await login(s.username, TEST_PASSWORD), 200);
    for (let i = 1; i <= 3; i++) assertProblem(await login(s.username, `wrong-again-${i}`), 401, undefined, `failure ${i} after the success`);
  });

  it('the lock is per account: another user signs in meanwhile', async () => {
    const a = await person();
    const b = await person();
    for (let i = 1; i <= 3; i++) await login(a.username, `wrong-${i}-password`);
    assertProblem(await login(a.username, TEST_PASSWORD), 429);
    assertStatus(await login(b.username, TEST_PASSWORD), 200);
  });
});

describe('sessions', () => {
  it('a user sees their own sessions, the current one marked', async () => {
    const s = await person();
    const c1 = new Client(ctx.url); await c1.login(s.username, TEST_PASSWORD);
    const c2 = new Client(ctx.url); await c2.login(s.username, TEST_PASSWORD);
    const r = await c1.get('/api/v1/sessions');
    assertStatus(r, 200);
    r.json.forEach((x) => validate('Session', x));
    assert.equal(r.json.length, 2);
    assert.equal(r.headers.get('x-total-count'), '2');
    assert.ok(r.json.every((x) => x.staffId === s.id && x.staffName === s.name));
    assert.equal(r.json.filter((x) => x.current).length, 1, 'exactly one current');
    assert.equal(r.json.find((x) => x.current).remote, '127.0.0.1');
    const ua = new Client(ctx.url);
    ua.headers['user-agent'] = 'BlueChannelTest/1.0 (field terminal)';
    await ua.login(s.username, TEST_PASSWORD);
    const mine = (await ua.get('/api/v1/sessions')).json.find((x) => x.current);
    assert.equal(mine.userAgent, 'BlueChannelTest/1.0 (field terminal)', 'the session records the user agent');
    assert.ok(Date.parse(mine.expiresAt) > Date.now() && Date.parse(mine.lastSeenAt) <= Date.now() + 1000);
  });

  it('revoking a session makes its cookie useless at once', async () => {
    const s = await person();
    const victim = new Client(ctx.url); await victim.login(s.username, TEST_PASSWORD);
    const other = new Client(ctx.url); await other.login(s.username, TEST_PASSWORD);
    const list = (await other.get('/api/v1/sessions')).json;
    const target = list.find((x) => !x.current);
    assert.equal((await other.delete(`/api/v1/sessions/${target.id}`)).status, 204);
    assertProblem(await victim.get('/api/v1/auth/me'), 401);
    assertStatus(await other.get('/api/v1/auth/me'), 200, 'the other session lives on');
    assert.equal((await other.get('/api/v1/sessions')).json.length, 1);
  });

  it('an administrator lists and revokes anyone\'s sessions; others cannot', async () => {
    const s = await person();
    const c = new Client(ctx.url); await c.login(s.username, TEST_PASSWORD);
    const r = await ctx.admin.get(`/api/v1/sessions?staffId=${s.id}`);
    assertStatus(r, 200);
    assert.equal(r.json.length, 1);
    assert.equal(r.json[0].staffId, s.id);
    assert.equal(r.json[0].current, false);
    const nosy = await person();
    const n = new Client(ctx.url); await n.login(nosy.username, TEST_PASSWORD);
    const peek = await n.get(`/api/v1/sessions?staffId=${s.id}`);
    if (peek.status === 200) assert.ok(peek.json.every((x) => x.staffId === nosy.id), 'only their own');
    else assertProblem(peek, 403);
    assertProblem(await n.delete(`/api/v1/sessions/${r.json[0].id}`), [403, 404], undefined, 'revoke someone else\'s');
    assertStatus(await c.get('/api/v1/auth/me'), 200, 'still signed in');
    assert.equal((await ctx.admin.delete(`/api/v1/sessions/${r.json[0].id}`)).status, 204);
    assertProblem(await c.get('/api/v1/auth/me'), 401);
  });

  it('revoking a session that does not exist is 404', async () => {
    assertProblem(await ctx.admin.delete('/api/v1/sessions/987654321'), 404);
  });
});

describe('API tokens', () => {
  it('create (secret shown once), use as Bearer, revoke', async () => {
    const name = `集成 ${uniq()}`;
    const r = await ctx.admin.post('/api/v1/api-tokens', { name });
    assertStatus(r, 201);
    validate('ApiTokenCreated', r.json, { strict: true });
    assert.match(r.json.token, /^bct_.{20,}/);
    assert.equal(r.json.name, name);
    assert.equal(r.json.staffId, ctx.adminMe.id, 'acts for the caller by default');
    assert.equal(r.json.revokedAt, null);
    assert.ok(r.headers.get('location'), 'Location');
    const bearer = new Client(ctx.url);
    bearer.headers.authorization = `Bearer ${r.json.token}`;
    const me = assertStatus(await bearer.get('/api/v1/auth/me'), 200);
    assert.equal(me.username, 'admin');
    assertStatus(await bearer.get('/api/v1/units?limit=1'), 200);
    assert.equal((await ctx.admin.delete(`/api/v1/api-tokens/${r.json.id}`)).status, 204);
    assertProblem(await bearer.get('/api/v1/auth/me'), 401, undefined, 'revoked token');
    assertProblem(await ctx.admin.delete('/api/v1/api-tokens/987654321'), 404, undefined, 'revoke a token that does not exist');
  });

  // Regression: on PostgreSQL the list once bound the current time as a 32-bit integer (500).
  it('the list shows tokens without their secret, with lastUsedAt and revokedAt', async () => {
    const r = assertStatus(await ctx.admin.post('/api/v1/api-tokens', { name: `列表 ${uniq()}` }), 201);
    const bearer = new Client(ctx.url);
    bearer.headers.authorization = `Bearer ${r.token}`;
    assertStatus(await bearer.get('/api/v1/auth/me'), 200);
    const list = assertStatus(await ctx.admin.get('/api/v1/api-tokens'), 200);
    const row = list.find((t) => t.id === r.id);
    assert.ok(row, 'listed');
    validate('ApiToken', row, { strict: true });
    assert.ok(!('token' in row) && !JSON.stringify(list).includes(r.token), 'the secret is not listed');
    assert.ok(row.lastUsedAt && Math.abs(Date.parse(row.lastUsedAt) - Date.now()) < 60e3, 'lastUsedAt set by use');
    assert.equal((await ctx.admin.delete(`/api/v1/api-tokens/${r.id}`)).status, 204);
    const after = assertStatus(await ctx.admin.get('/api/v1/api-tokens'), 200).find((t) => t.id === r.id);
    assert.ok(!after || after.revokedAt, 'shown revoked (or gone)');
  });

  it('a token acts for the staff member it was made for, with their role', async () => {
    const auditor = await ctx.staff('cs.audit');
    const r = assertStatus(await ctx.admin.post('/api/v1/api-tokens', { name: `审计 ${uniq()}`, staffId: auditor.id }), 201);
    assert.equal(r.staffId, auditor.id);
    const bearer = new Client(ctx.url);
    bearer.headers.authorization = `Bearer ${r.token}`;
    const me = assertStatus(await bearer.get('/api/v1/auth/me'), 200);
    assert.equal(me.role, 'auditor');
    const o1 = await ctx.unit('CS-O1');
    assertProblem(await bearer.post('/api/v1/units', { kind: 'community', code: `T-X-${uniq()}`, name: 'x', parentId: o1.id }), 403, undefined, 'an auditor cannot write');
  });

  it('an expired token does not work', async () => {
    const r = await ctx.admin.post('/api/v1/api-tokens', { name: `过期 ${uniq()}`, expiresAt: new Date(Date.now() + 1500).toISOString() });
    assertStatus(r, 201);
    const bearer = new Client(ctx.url);
    bearer.headers.authorization = `Bearer ${r.json.token}`;
    await sleep(2000);
    assertProblem(await bearer.get('/api/v1/auth/me'), 401);
  });

  it('only an administrator manages tokens', async () => {
    const head = await ctx.signIn('cs.o1');
    assertProblem(await head.get('/api/v1/api-tokens'), 403);
    assertProblem(await head.post('/api/v1/api-tokens', { name: 'x' }), 403);
    const r = assertStatus(await ctx.admin.post('/api/v1/api-tokens', { name: `t ${uniq()}` }), 201);
    assertProblem(await head.delete(`/api/v1/api-tokens/${r.id}`), [403, 404]);
    assertProblem(await ctx.admin.post('/api/v1/api-tokens', {}), [400, 422], 'name', 'no name');
  });
});

describe('passwords', () => {
  it('change: 204, other sessions revoked, this one kept; old password refused, new accepted', async () => {
    const s = await person();
    const here = new Client(ctx.url); await here.login(s.username, TEST_PASSWORD);
    const elsewhere = new Client(ctx.url); await elsewhere.login(s.username, TEST_PASSWORD);
    const r = await here.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-password-7' });
    assert.equal(r.status, 204, r.text);
    assertProblem(await elsewhere.get('/api/v1/auth/me'), 401, undefined, 'other session revoked');
    assertStatus(await here.get('/api/v1/auth/me'), 200, 'this session kept');
    assertProblem(await login(s.username, TEST_PASSWORD), 401, undefined, 'old password');
    assertStatus(await login(s.username, 'Brand-new-password-7'), 200, 'new password');
  });

  it('a wrong current password or a short new one is refused and changes nothing', async () => {
    const s = await person();
    const c = new Client(ctx.url); await c.login(s.username, TEST_PASSWORD);
    const wrong = await c.post('/api/v1/auth/password', { currentPassword: 'not-my-password', newPassword: 'Brand-new-password-8' });
    assertProblem(wrong, [400, 401, 403, 422], undefined, 'wrong current password');
    assertStatus(await c.get('/api/v1/auth/me'), 200, 'still signed in');
    assertProblem(await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short-9' }), [400, 422], 'newPassword', 'new password under 10 characters');
    assertStatus(await login(s.username, TEST_PASSWORD), 200, 'the password is unchanged');
    assertProblem(await new Client(ctx.url).post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-password-8' }), 401, undefined, 'not signed in');
  });

  it('admin reset-password revokes the person\'s sessions', async () => {
    const s = await person();
    const c = new Client(ctx.url); await c.login(s.username, TEST_PASSWORD);
    assertStatus(await ctx.admin.post(`/api/v1/staff/${s.id}/reset-password`, { password: 'Reset-password-11' }), 200);
    assertProblem(await c.get('/api/v1/auth/me'), 401);
    assertStatus(await login(s.username, 'Reset-password-11'), 200);
  });
});
