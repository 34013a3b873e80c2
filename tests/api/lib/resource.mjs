// The generic API test base (after NetBox's APIViewTestCase): a resource supplies sample data,
// the base checks create, read, list (paging, sorting, trimming), versioned update, conflicts,
// idempotent retries, bad input, authentication and scope. Used by units, staff and absences.
//
// resourceTests(ctx, spec) registers the tests inside the caller's describe(). spec:
//   path          collection path, e.g. '/api/v1/units'
//   schema        OpenAPI schema name of the object; createdSchema (optional) for the 201 body
//   prepare()     async, runs once in a before hook; returns `state`
//   newGroup(state)           async, a fresh group of objects that a list filter isolates (default {tag})
//   sample(state, g, i)       a create body, unique within the group for i = 0, 1, 2 …
//   listFilter(state, g)      query string matching exactly the objects created from group g
//   sortField                 a field to sort the list by (i = 0, 1, 2 sort ascending on it)
//   compare(body, obj)        optional; default: every key of the body (but `ignore`) equals the object's
//   ignore                    body keys not echoed by the object (e.g. password)
//   update: { path(obj), body(obj, n), check(before, after), repeatable }
//                             the versioned update (PATCH or POST …/cancel); repeatable: can be done twice
//   invalid(state, g)         [{ why, body, status, field }] bad create bodies
//   readById, read(obj)       readById: false where docs/api.md has no GET by id; read() reads it otherwise
//   otherWriter               a demo user (default cs.o1) who may also create the samples
//   outOfScope(state)         async → { client, object, createBody }: a signed-in caller outside
//                             whose scope `object` lies and `createBody` would create
import { describe, it, before } from 'node:test';
import { assert, assertProblem, assertStatus, validate, uniq, ifMatch } from './common.mjs';

function sameTime(a, b) { return typeof a === 'string' && typeof b === 'string' && !Number.isNaN(Date.parse(a)) && /\d{4}-\d\d-\d\dT/.test(a) && Date.parse(a) === Date.parse(b); }

export function resourceTests(ctx, spec) {
  const P = spec.path;
  const ignore = new Set(spec.ignore || []);
  let state;
  const group = async () => (spec.newGroup ? spec.newGroup(state) : { tag: uniq() });
  const compare = spec.compare || ((body, obj) => {
    for (const [k, v] of Object.entries(body)) {
      if (ignore.has(k)) continue;
      if (sameTime(v, obj[k])) continue;
      assert.deepEqual(obj[k], v, `field ${k} as sent`);
    }
  });
  async function create(g, i = 0, client = ctx.admin, headers = {}) {
    const body = spec.sample(state, g, i);
    const r = await client.post(P, body, { headers });
    assertStatus(r, 201, `create ${P}`);
    return { body, res: r, obj: r.json };
  }
  async function list(query, client = ctx.admin) {
    const r = await client.get(`${P}?${query}`);
    assertStatus(r, 200, `GET ${P}?${query}`);
    assert.ok(Array.isArray(r.json), 'a list is a JSON array');
    return r;
  }
  const count = (r) => Number(r.headers.get('x-total-count'));
  const byId = spec.readById !== false;
  // The object as stored now, read by id (or through spec.read where there is no GET by id).
  async function read(obj) {
    if (spec.read) return spec.read(obj);
    const r = await ctx.admin.get(`${P}/${obj.id}`);
    assertStatus(r, 200, `GET ${P}/${obj.id}`);
    return r.json;
  }

  before(async () => { state = await spec.prepare(); }, { timeout: 60000 });

  describe('create and read', () => {
    it('POST answers 201 with Location, ETag and the object as sent', async () => {
      const g = await group();
      const { body, res, obj } = await create(g);
      validate(spec.createdSchema || spec.schema, obj);
      compare(body, obj);
      assert.ok(Number.isInteger(obj.id) && obj.id > 0, 'an integer id');
      assert.ok(Number.isInteger(obj.version) && obj.version >= 1, 'a version');
      assert.equal(res.headers.get('etag'), `"${obj.version}"`, 'ETag is "<version>"');
      const loc = res.headers.get('location');
      assert.ok(loc, 'Location header');
      assert.equal(new URL(loc, ctx.url).pathname, `${P}/${obj.id}`, 'Location names the new object');
      if (byId) {
        const again = await ctx.admin.get(new URL(loc, ctx.url).pathname);
        assertStatus(again, 200, 'GET Location');
        assert.equal(again.json.id, obj.id);
      }
    });

    it('GET by id returns the stored object with its ETag', { skip: !byId && 'no GET by id in docs/api.md' }, async () => {
      const g = await group();
      const { obj } = await create(g);
      const r = await ctx.admin.get(`${P}/${obj.id}`);
      assertStatus(r, 200);
      validate(spec.schema, r.json);
      assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
      const { initialPassword, ...created } = obj;
      assert.deepEqual(r.json, created, 'read equals what create returned');
    });

    it('an id that does not exist is a 404 problem', async () => {
      if (byId) assertProblem(await ctx.admin.get(`${P}/987654321`), 404, undefined, 'read');
      const fake = { id: 987654321, version: 1 };
      assertProblem(await ctx.admin.request(spec.update.method || 'PATCH', spec.update.path(fake), { body: spec.update.body(fake, 1), headers: ifMatch(fake) }), 404, undefined, 'update');
    });
  });

  it('objects carry exactly the fields of the OpenAPI schema (nothing undocumented)', async () => {
    const { obj } = await create(await group());
    validate(spec.createdSchema || spec.schema, obj, { strict: true });
  });

  describe('list', () => {
    let g;
    const made = [];
    before(async () => {
      g = await group();
      for (let i = 0; i < 3; i++) made.push((await create(g, i)).obj);
    });

    it('filters, counts (X-Total-Count, X-Result-Count) and pages (offset, limit)', async () => {
      const f = spec.listFilter(state, g);
      const all = await list(f);
      assert.equal(count(all), 3, 'X-Total-Count: all matches');
      assert.equal(all.headers.get('x-result-count'), '3');
      assert.deepEqual(all.json.map((o) => o.id).sort(), made.map((o) => o.id).sort(), 'the filter finds exactly the objects made');
      all.json.forEach((o) => validate(spec.schema, o));
      const p1 = await list(`${f}&limit=2&sort=${spec.sortField}`);
      assert.equal(count(p1), 3, 'X-Total-Count counts all matches, not the page');
      assert.equal(p1.headers.get('x-result-count'), '2', 'X-Result-Count: in this page');
      assert.equal(p1.json.length, 2);
      const p2 = await list(`${f}&limit=2&offset=2&sort=${spec.sortField}`);
      assert.equal(p2.headers.get('x-result-count'), '1');
      assert.equal(count(p2), 3);
      assert.deepEqual([...p1.json, ...p2.json].map((o) => o.id), made.map((o) => o.id), 'pages follow each other without gaps or repeats');
      const beyond = await list(`${f}&offset=10`);
      assert.deepEqual(beyond.json, []);
      assert.equal(count(beyond), 3);
    });

    it(`sorts with sort=${spec.sortField} and sort=-${spec.sortField}`, async () => {
      const f = spec.listFilter(state, g);
      const asc = await list(`${f}&sort=${spec.sortField}`);
      const desc = await list(`${f}&sort=-${spec.sortField}`);
      assert.deepEqual(asc.json.map((o) => o.id), made.map((o) => o.id), 'ascending');
      assert.deepEqual(desc.json.map((o) => o.id), made.map((o) => o.id).reverse(), 'descending');
    });

    it('fields= trims each object to the named attributes', async () => {
      const r = await list(`${spec.listFilter(state, g)}&fields=id,version`);
      assert.equal(r.json.length, 3);
      for (const o of r.json) assert.deepEqual(Object.keys(o).sort(), ['id', 'version']);
    });

    it('bad paging or sorting parameters are 400 problems naming the parameter', async () => {
      const f = spec.listFilter(state, g);
      assertProblem(await ctx.admin.get(`${P}?${f}&limit=abc`), 400, 'limit', 'limit=abc');
      assertProblem(await ctx.admin.get(`${P}?${f}&offset=-1`), 400, 'offset', 'offset=-1');
      assertProblem(await ctx.admin.get(`${P}?${f}&sort=noSuchField`), 400, 'sort', 'sort=noSuchField');
    });

    it('limit defaults to 50; above 1000 is a 400', async () => {
      const r = await list('');
      assert.ok(r.json.length <= 50, 'default page of at most 50');
      if (count(r) > 50) assert.equal(r.json.length, 50);
      assertProblem(await ctx.admin.get(`${P}?limit=1001`), 400, 'limit', 'limit=1001');
      assertStatus(await ctx.admin.get(`${P}?limit=1000`), 200, 'limit=1000');
    });
  });

  describe('versioned update', () => {
    const U = spec.update;
    it('with If-Match: applied, version and ETag advance, the read shows it', async () => {
      const { obj } = await create(await group());
      const r = await send(obj, U.body(obj, 1), ifMatch(obj));
      assertStatus(r, 200, 'update');
      validate(spec.schema, r.json);
      assert.equal(r.json.version, obj.version + 1, 'version + 1');
      assert.equal(r.headers.get('etag'), `"${obj.version + 1}"`);
      U.check(obj, r.json, U.body(obj, 1));
      assert.deepEqual(await read(obj), r.json, 'the read shows the update');
    });

    it('stale If-Match → 409 with currentVersion and the current ETag; nothing changes', async () => {
      const { obj } = await create(await group());
      let current = obj;
      let staleVersion = obj.version + 7;
      if (U.repeatable) {
        current = assertStatus(await send(obj, U.body(obj, 1), ifMatch(obj)), 200);
        staleVersion = obj.version;
      }
      const r = await send(obj, U.body(obj, 2), ifMatch(staleVersion));
      const p = assertProblem(r, 409);
      assert.equal(p.currentVersion, current.version, 'currentVersion in the body');
      assert.equal(r.headers.get('etag'), `"${current.version}"`, 'current ETag');
      assert.deepEqual(await read(obj), current, 'unchanged');
    });

    it('missing If-Match → 428; nothing changes', async () => {
      const { obj } = await create(await group());
      assertProblem(await send(obj, U.body(obj, 1), {}), 428);
      const { initialPassword, ...created } = obj;
      assert.deepEqual(await read(obj), created, 'unchanged');
    });

    async function send(obj, body, headers) {
      return ctx.admin.request(U.method || 'PATCH', U.path(obj), { body, headers });
    }
  });

  describe('Idempotency-Key', () => {
    it('a retry with the same key returns the first response and creates nothing', async () => {
      const g = await group();
      const key = `idem-${uniq()}`;
      const first = await create(g, 0, ctx.admin, { 'idempotency-key': key });
      const again = await ctx.admin.post(P, first.body, { headers: { 'idempotency-key': key } });
      assert.equal(again.status, 201, 'same status');
      assert.deepEqual(again.json, first.obj, 'same body');
      assert.equal(count(await list(spec.listFilter(state, g))), 1, 'one object, not two');
    });

    it('the same key with a different body → 422, and the second body is not created', async () => {
      const g = await group();
      const key = `idem-${uniq()}`;
      await create(g, 0, ctx.admin, { 'idempotency-key': key });
      const other = spec.sample(state, g, 1);
      assertProblem(await ctx.admin.post(P, other, { headers: { 'idempotency-key': key } }), 422);
      assert.equal(count(await list(spec.listFilter(state, g))), 1, 'still one object');
    });

    it('keys belong to the caller: another caller\'s same key creates their own object', async () => {
      const other = await ctx.signIn(spec.otherWriter || 'cs.o1');
      const g = await group();
      const key = `idem-${uniq()}`;
      const first = await create(g, 0, ctx.admin, { 'idempotency-key': key });
      const r = await other.post(P, spec.sample(state, g, 1), { headers: { 'idempotency-key': key } });
      assertStatus(r, 201, 'a new object, not a replay nor a 422');
      assert.notEqual(r.json.id, first.obj.id);
      assert.equal(count(await list(spec.listFilter(state, g))), 2);
    });

    it('a key over 200 characters is a 400 problem', async () => {
      const g = await group();
      assertProblem(await ctx.admin.post(P, spec.sample(state, g, 0), { headers: { 'idempotency-key': 'k'.repeat(201) } }), 400);
      assert.equal(count(await list(spec.listFilter(state, g))), 0, 'nothing created');
    });
  });

  describe('bad input', () => {
    it('each bad create body is a 400/422 problem naming the field, and creates nothing', async () => {
      const g = await group();
      for (const c of spec.invalid(state, g)) {
        assertProblem(await ctx.admin.post(P, c.body), c.status || [400, 422], c.field, c.why);
      }
      assert.equal(count(await list(spec.listFilter(state, g))), 0, 'nothing created');
    });

    it('a body that is not a JSON object is a 400 problem', async () => {
      for (const raw of ['[]', '"x"', '42', 'null', '{"a":']) {
        const r = await ctx.admin.request('POST', P, { body: raw, headers: { 'content-type': 'application/json' } });
        assertProblem(r, 400, undefined, `body ${raw}`);
      }
    });
  });

  describe('authentication and scope', () => {
    it('without credentials: 401 on list, read, create and update', async () => {
      const { obj } = await create(await group());
      const anon = ctx.anon();
      assertProblem(await anon.get(P), 401, undefined, 'list');
      if (byId) assertProblem(await anon.get(`${P}/${obj.id}`), 401, undefined, 'read');
      assertProblem(await anon.post(P, spec.sample(state, await group(), 0)), 401, undefined, 'create');
      assertProblem(await anon.request(spec.update.method || 'PATCH', spec.update.path(obj), { body: spec.update.body(obj, 1), headers: ifMatch(obj) }), 401, undefined, 'update');
      const bogus = ctx.anon();
      bogus.headers.authorization = 'Bearer bct_not-a-real-token';
      assertProblem(await bogus.get(P), 401, undefined, 'bad bearer token');
      const badCookie = ctx.anon();
      badCookie.cookie = 'bc_session=not-a-session';
      assertProblem(await badCookie.get(P), 401, undefined, 'bad cookie');
    });

    if (spec.outOfScope) {
      it('out of scope: absent from lists, 404 by id', async () => {
        const o = await spec.outOfScope(state);
        const listed = await o.client.get(`${P}?limit=1000`);
        assertStatus(listed, 200);
        assert.ok(!listed.json.some((x) => x.id === o.object.id), 'not in the list');
        if (byId) assertProblem(await o.client.get(`${P}/${o.object.id}`), 404, undefined, 'read by id');
      });

      it('out of scope: a create is 403 and creates nothing', async () => {
        const o = await spec.outOfScope(state);
        const r = await o.client.post(P, o.createBody);
        assertStatus(await ctx.admin.get(P), 200);
        assert.notEqual(r.status, 201, 'not created');
        assertProblem(r, 403, undefined, 'create');
      });

      it('out of scope: an update by id is 403 and changes nothing', async () => {
        const o = await spec.outOfScope(state);
        const r = await o.client.request(spec.update.method || 'PATCH', spec.update.path(o.object),
          { body: spec.update.body(o.object, 1), headers: ifMatch(o.object) });
        assert.equal((await read(o.object)).version, o.object.version, 'unchanged');
        assertProblem(r, 403, undefined, 'update');
      });
    }
  });
}
