// Operations: health, readiness, Prometheus metrics, the served OpenAPI contract, enum labels.
import { describe, it, before, after } from 'node:test';
import { readFileSync } from 'node:fs';
import {
  assert, assertProblem, assertStatus, validate, useServer, schemaErrors, OPENAPI, documentedEndpoints, DB_KIND, ADMIN_PASSWORD,
} from './lib/common.mjs';

const ctx = useServer({ before, after }, { label: 'ops' });

describe('health and readiness', () => {
  it('GET /healthz → 200 {"status":"ok"} without credentials', async () => {
    const r = await ctx.anon().get('/healthz');
    assertStatus(r, 200);
    assert.deepEqual(r.json, { status: 'ok' });
    assert.match(r.headers.get('content-type'), /^application\/json/);
  });

  it('GET /readyz → 200 {"status":"ready","database":"ok"} without credentials', async () => {
    const r = await ctx.anon().get('/readyz');
    assertStatus(r, 200);
    assert.deepEqual(r.json, { status: 'ready', database: 'ok' });
  });
});

describe('metrics', () => {
  const scrape = async () => {
    const r = await ctx.anon().get('/metrics');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain/);
    return r.text;
  };
  // Samples of counters (…_total) whose labels name the route template and the status.
  const samples = (text, route, status) => text.split('\n').filter((l) => !l.startsWith('#') && /_total\{/.test(l)
    && l.includes(`"${route}"`) && new RegExp(`(status|code)="${status}"`).test(l));
  const value = (line) => Number(line.trim().split(/\s+/)[1]);

  it('counts requests by route template and status, and the counter moves', async () => {
    await ctx.admin.get('/api/v1/units/987654321');
    const before = await scrape();
    const line404 = samples(before, '/api/v1/units/{id}', 404);
    assert.equal(line404.length, 1, `one counter for GET /api/v1/units/{id} 404, found:\n${line404.join('\n')}`);
    assert.ok(!before.includes('/api/v1/units/987654321'), 'ids are not labels (the route template is)');
    const n = value(line404[0]);
    await ctx.admin.get('/api/v1/units/987654320');
    await ctx.admin.get('/api/v1/units/987654319');
    const after = await scrape();
    assert.equal(value(samples(after, '/api/v1/units/{id}', 404)[0]), n + 2, 'counted two more');
    await ctx.admin.get('/api/v1/units?limit=1');
    const ok = samples(await scrape(), '/api/v1/units', 200).filter((l) => l.includes('"GET"') || !/method=/.test(l));
    assert.ok(ok.length >= 1 && value(ok[0]) >= 1, 'GET /api/v1/units 200 counted');
  });

  it('has a latency histogram with buckets, sum and count per route', async () => {
    await ctx.admin.get('/api/v1/auth/me');
    const text = await scrape();
    const buckets = text.split('\n').filter((l) => /_bucket\{/.test(l) && l.includes('"/api/v1/auth/me"'));
    assert.ok(buckets.length >= 3, 'several buckets for /api/v1/auth/me');
    assert.ok(buckets.some((l) => /le="\+Inf"/.test(l)), 'a +Inf bucket');
    const name = /^(\w+)_bucket\{/.exec(buckets[0])[1];
    assert.match(text, new RegExp(`^# TYPE ${name} histogram$`, 'm'), 'declared a histogram');
    assert.match(text, new RegExp(`^${name}_sum\\{[^}]*"/api/v1/auth/me"`, 'm'));
    assert.match(text, new RegExp(`^${name}_count\\{[^}]*"/api/v1/auth/me"`, 'm'));
    const les = buckets.map((l) => /le="([^"]+)"/.exec(l)[1]);
    const counts = buckets.map((l) => Number(l.trim().split(/\s+/).pop()));
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i] >= counts[i - 1], `cumulative buckets (${les[i - 1]} ≤ ${les[i]})`);
  });

  it('every sample line is valid Prometheus text', async () => {
    const text = await scrape();
    for (const l of text.split('\n')) {
      if (!l || l.startsWith('#')) continue;
      assert.match(l, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? [-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|NaN|\+Inf|-Inf)( \d+)?$/, `line: ${l}`);
    }
  });
});

describe('the OpenAPI contract', () => {
  it('GET /api/v1/openapi.json: OpenAPI 3.1, the same document as src/api/openapi.json', async () => {
    const r = await ctx.anon().get('/api/v1/openapi.json');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.match(r.json.openapi, /^3\.1\./);
    const file = JSON.parse(readFileSync(new URL('../../src/api/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(r.json, file, 'the binary serves the current file');
  });

  it('describes every endpoint of docs/api.md with the same method and path template', () => {
    const documented = documentedEndpoints();
    assert.ok(documented.length >= 35, `the table of docs/api.md has its endpoints (${documented.length})`);
    const missing = documented.filter(([m, p]) => !OPENAPI.paths[p]?.[m.toLowerCase()]).map(([m, p]) => `${m} ${p}`);
    assert.deepEqual(missing, [], 'in docs/api.md but not in openapi.json');
    const extra = [];
    for (const [p, item] of Object.entries(OPENAPI.paths)) {
      for (const m of Object.keys(item)) if (!documented.some(([dm, dp]) => dm.toLowerCase() === m && dp === p)) extra.push(`${m.toUpperCase()} ${p}`);
    }
    assert.deepEqual(extra, [], 'in openapi.json but not in docs/api.md');
  });

  it('the server routes every documented method and path (no 405, no unknown-route 404)', async () => {
    const notRouted = [];
    const c = ctx.client();
    await c.login('admin', ADMIN_PASSWORD);
    for (const [m, p] of documentedEndpoints()) {
      const url = p.replace('{id}', '987654321');
      const r = await c.request(m, url, { body: ['POST', 'PATCH'].includes(m) ? {} : undefined, headers: { 'if-match': '"1"' } });
      if (r.status === 405 || (r.status === 404 && !/\{id\}/.test(p))) notRouted.push(`${m} ${p} → ${r.status}`);
      assert.ok(r.status < 500, `${m} ${url} → ${r.status}`);
    }
    assert.deepEqual(notRouted, [], 'documented routes the server does not serve');
  });

  it('every $ref resolves; list operations declare X-Total-Count and X-Result-Count; creates declare Location', () => {
    const refs = [...JSON.stringify(OPENAPI).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 50);
    for (const r of refs) {
      const path = r.replace(/^#\//, '').split('/');
      let node = OPENAPI;
      for (const k of path) node = node?.[k];
      assert.ok(node, `${r} resolves`);
    }
    for (const [p, item] of Object.entries(OPENAPI.paths)) {
      for (const [m, op] of Object.entries(item)) {
        const ok = op.responses['200'] || op.responses['201'] || op.responses['204'] || op.responses['101'];
        assert.ok(ok, `${m} ${p} has a success response`);
        const schema = ok.content?.['application/json']?.schema;
        if (m === 'get' && schema?.type === 'array') {
          assert.ok(ok.headers?.['X-Total-Count'] && ok.headers?.['X-Result-Count'], `${m} ${p} declares the count headers`);
        }
        if (op.responses['201']) assert.ok(op.responses['201'].headers?.Location, `${m} ${p} declares Location`);
        if (op.parameters?.some((x) => x.$ref === '#/components/parameters/IfMatch')) {
          assert.ok(op.responses['409'] && op.responses['428'], `${m} ${p} declares 409 and 428`);
        }
      }
    }
  });
});

describe('response shapes', () => {
  it('each kind of object carries exactly the fields of its OpenAPI schema', async () => {
    const a = ctx.admin;
    const first = async (path) => { const r = await a.get(path); assertStatus(r, 200, path); return r.json[0]; };
    const area = await first('/api/v1/areas?limit=1');
    const token = assertStatus(await a.post('/api/v1/api-tokens', { name: 'shape' }), 201);
    const login = assertStatus(await ctx.client().post('/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 200);
    const samples = {
      Unit: await first('/api/v1/units?kind=area&limit=1'),
      AreaDetail: assertStatus(await a.get(`/api/v1/areas/${area.id}`), 200),
      UnitTreeNode: assertStatus(await a.get(`/api/v1/units/tree?rootId=${area.parentId}`), 200),
      Staff: await first('/api/v1/staff?role=area_manager&limit=1'),
      Absence: assertStatus(await a.post('/api/v1/absences', { staffId: area.responsibleId, startsAt: '2033-01-01T00:00:00Z', endsAt: '2033-01-02T00:00:00Z', reason: 'other' }), 201),
      AuditEntry: await first('/api/v1/audit?limit=1'),
      Me: assertStatus(await a.get('/api/v1/auth/me'), 200),
      LoginResponse: login,
      Session: await first('/api/v1/sessions?limit=1'),
      ApiTokenCreated: token,
      // ApiToken (the list entry): checked in auth.test.mjs.
      EnumLabels: assertStatus(await a.get('/api/v1/meta/enums'), 200),
    };
    const errors = Object.entries(samples).flatMap(([name, v]) => schemaErrors(name, v, { strict: true }));
    assert.deepEqual(errors, [], 'the generated client types would miss or mistype these');
  });
});

describe('enum labels', () => {
  it('GET /api/v1/meta/enums without credentials: every value with zh and en labels', async () => {
    const r = await ctx.anon().get('/api/v1/meta/enums');
    assertStatus(r, 200);
    validate('EnumLabels', r.json);
    const values = (k) => r.json[k].map((x) => x.value);
    assert.deepEqual(values('unitKind'), OPENAPI.components.schemas.UnitKind.enum);
    assert.deepEqual(values('role'), OPENAPI.components.schemas.Role.enum);
    assert.deepEqual(values('absenceReason'), OPENAPI.components.schemas.AbsenceReason.enum);
    assert.deepEqual(r.json.unitKind.find((x) => x.value === 'area'), { value: 'area', en: 'Area', zh: '片区' });
    for (const k of ['unitKind', 'role', 'absenceReason']) {
      for (const l of r.json[k]) assert.ok(l.en && /[\u4e00-\u9fff]/.test(l.zh), `${k}.${l.value} has both labels`);
    }
  });
});

describe('the console says what the server says', () => {
  // The console keeps the order enumerations' labels in its locale files (docs/console-orders.md,
  // "Labels"), copied from the server's: read them as the console's build does (TypeScript) and
  // hold them to /api/v1/meta/enums, word for word in both languages. (waitFor is left out: the
  // console's own words add whether the clock runs.)
  it('order type, state, action, channel and fault cause labels in web/src/locales equal the server\'s', async () => {
    const { createRequire } = await import('node:module');
    const web = new URL('../../web/', import.meta.url);
    const ts = createRequire(new URL('package.json', web))('typescript');
    const locale = async (name) => {
      const src = readFileSync(new URL(`src/locales/${name}.ts`, web), 'utf8');
      const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
      return (await import('data:text/javascript,' + encodeURIComponent(js.outputText)))[name];
    };
    const en = await locale('en'), zh = await locale('zh');
    const r = await ctx.anon().get('/api/v1/meta/enums');
    assertStatus(r, 200);
    const keys = { orderType: 'type', orderState: 'state', orderAction: 'action', orderChannel: 'channel', faultCause: 'cause' };
    const differ = [];
    let compared = 0;
    for (const [k, l] of Object.entries(keys)) {
      for (const { value, en: e, zh: z } of r.json[k]) {
        compared++;
        if (en.orders[l]?.[value] !== e) differ.push(`en orders.${l}.${value}: console ${JSON.stringify(en.orders[l]?.[value])}, server ${JSON.stringify(e)}`);
        if (zh.orders[l]?.[value] !== z) differ.push(`zh orders.${l}.${value}: console ${JSON.stringify(zh.orders[l]?.[value])}, server ${JSON.stringify(z)}`);
      }
    }
    assert.ok(compared >= 40, `only ${compared} labels compared`);
    assert.deepEqual(differ, []);
  });
});

describe('readiness when the database goes away', () => {
  it('PostgreSQL dropped: /readyz → 503, /healthz still 200, API answers 503 problem, no crash', {
    skip: DB_KIND !== 'postgres' && 'PostgreSQL only',
  }, async () => {
    const { execFileSync } = await import('node:child_process');
    const name = ctx.server.db.url.replace(/^.*\//, '');
    execFileSync('psql', [process.env.BC_TEST_PG, '-qc', `DROP DATABASE ${name} WITH (FORCE)`], { stdio: 'pipe' });
    const r = await ctx.anon().get('/readyz');
    assert.equal(r.status, 503);
    assert.notEqual(r.json?.database, 'ok');
    assertStatus(await ctx.anon().get('/healthz'), 200);
    const probes = [['GET', '/api/v1/units?limit=1'], ['GET', '/api/v1/audit?limit=1'], ['GET', '/api/v1/sessions'], ['GET', '/api/v1/auth/me'],
      ['POST', '/api/v1/units'], ['GET', '/api/v1/api-tokens'], ['GET', '/api/v1/units?limit=1']];
    const got = [];
    for (const [m, p] of probes) {
      const r = await ctx.admin.request(m, p, { body: m === 'POST' ? { kind: 'community', code: 'T-DOWN', name: 'x', parentId: 5 } : undefined });
      got.push(`${m} ${p} → ${r.status}`);
      if (r.status === 503) assertProblem(r, 503);
    }
    assert.deepEqual(got.filter((g) => !/→ (200|503)$/.test(g)), [], 'served from memory (200) or 503, never a 500 or a crash');
    assert.equal(ctx.server.proc.exitCode, null, 'the process is still running');
  });
});
