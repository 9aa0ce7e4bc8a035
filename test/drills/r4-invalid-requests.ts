// R4: ≥ 10,000 generated invalid requests over every route → 0 × 5xx; every 4xx is { code, message }.
// Issue 16 added NUL characters and lone surrogates in every place a string goes, tampered keyset
// cursors and forged X-Forwarded-For/Forwarded headers: none may be a 5xx, reach an audit row or
// the sign-in limit, and the server logs no unhandled error, no whole mobile, no query parameters.
import pg from 'pg';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  Drill,
  ensureBuilt,
  hasFlag,
  numberArg,
  pool,
  serverEnv,
  sessionTokens,
  startServer,
  stopServer,
} from './lib';
import { startFakeDingTalkProcess } from './support/fake-dingtalk';
import type { KnownValues } from './support/openapi-arbitraries';
import {
  FORGED_PREFIX,
  generateRequest,
  operationsOf,
  type Mode,
  type OpenApiDocument,
} from './support/invalid-requests';

const drill = new Drill('R4', 'generated invalid requests over every route');
const total = numberArg('requests', hasFlag('quick') ? 2_000 : 10_500);
const seed = numberArg('seed', 20_261_125);

ensureBuilt();
const database = await createDrillDatabase('r4');
// DingTalk is configured (a fake in its own process), so sign-in and robot tests answer as in production.
const dingtalk = await startFakeDingTalkProcess();
const server = await startServer(serverEnv(database.url, dingtalk.serverEnv));
try {
  // A DingTalk app is configured, so the demo sign-in is off: tokens are signed as the server signs them.
  const tokens = await sessionTokens(database.url, Object.values(DEMO_PEOPLE));
  const known = await knownValues(server.url, tokens.get(DEMO_PEOPLE.province)!);
  const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as OpenApiDocument;
  const operations = operationsOf(doc).filter((op) => op.path.startsWith('/api/'));
  drill.try(
    `${total} requests (seed ${seed}), round-robin over ${operations.length} API operations from /docs/json; ` +
      'each breaks one thing (path param, query, JSON body from the zod schema, raw/oversized/wrong-typed body, ' +
      'auth header), puts a NUL or a lone surrogate into a path parameter, the query or the JSON body, hands back a ' +
      `tampered keyset cursor, forges X-Forwarded-For/Forwarded/X-Real-IP (${FORGED_PREFIX}x), or is nearly valid; ` +
      'sent as the 9 demo people and anonymous, 8 at a time',
  );

  const statuses: Record<string, number> = {};
  const byMode: Record<string, number> = {};
  const fiveHundreds: { request: string; status: number; body: string }[] = [];
  const badBodies: { request: string; status: number; body: string }[] = [];
  const noAnswer: { request: string; error: string }[] = [];
  // An oversized body may be refused (413) and the connection closed while the client still writes:
  // the client then sees EPIPE or a reset instead of the answer. That is the server saying no.
  let closedOnOversizedBody = 0;
  const perRoute = new Map<string, number>();
  const codesByMode: Partial<Record<Mode, Record<string, number>>> = {};
  const tokenList = [...tokens.values()];

  await pool(total, 8, async (i) => {
    const op = operations[i % operations.length]!;
    const req = generateRequest(op, seed + i, known, tokenList);
    const label = `${req.method} ${req.url.slice(0, 200)} [${req.mode}]`;
    byMode[req.mode] = (byMode[req.mode] ?? 0) + 1;
    perRoute.set(`${op.method} ${op.path}`, (perRoute.get(`${op.method} ${op.path}`) ?? 0) + 1);
    let res: Response;
    try {
      res = await fetch(`${server.url}${req.url}`, {
        method: req.method,
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
      const size =
        typeof req.body === 'string'
          ? Buffer.byteLength(req.body)
          : ((req.body as Uint8Array | undefined)?.byteLength ?? 0);
      if (size > 1_048_576 && (cause?.code === 'EPIPE' || cause?.code === 'ECONNRESET')) {
        closedOnOversizedBody += 1;
        return;
      }
      noAnswer.push({ request: label, error: String(cause ?? error) });
      return;
    }
    const text = await res.text();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (['bad-text', 'cursor', 'forwarded'].includes(req.mode)) {
      const codes = (codesByMode[req.mode] ??= {});
      const code =
        res.status < 400 ? String(res.status) : `${res.status} ${/"code":"(\w+)"/.exec(text)?.[1] ?? '?'}`;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    if (res.status >= 500)
      fiveHundreds.push({ request: label, status: res.status, body: text.slice(0, 300) });
    else if (res.status >= 400) {
      let ok = false;
      try {
        const body = JSON.parse(text) as { code?: unknown; message?: unknown };
        ok =
          typeof body.code === 'string' &&
          typeof body.message === 'string' &&
          /[\u4e00-\u9fff]/.test(body.message);
      } catch {
        ok = false;
      }
      if (!ok) badBodies.push({ request: label, status: res.status, body: text.slice(0, 300) });
    }
  });

  const sent = Object.values(statuses).reduce((a, b) => a + b, 0) + noAnswer.length + closedOnOversizedBody;
  drill.note('requests', sent);
  drill.note('operations', operations.length);
  drill.note('minRequestsPerOperation', Math.min(...perRoute.values()));
  drill.note('byMode', byMode);
  drill.note('statuses', statuses);
  drill.note('answersToBadTextCursorsAndForgedAddresses', codesByMode);
  drill.note('fiveHundreds', fiveHundreds.slice(0, 20));
  drill.note('badErrorBodies', badBodies.slice(0, 20));
  drill.note('noAnswer', noAnswer.slice(0, 20));
  drill.note('closedOnOversizedBody', closedOnOversizedBody);
  drill.check(
    `at least ${total} requests over every route`,
    sent >= total && perRoute.size === operations.length,
  );
  drill.check('0 × 5xx', fiveHundreds.length === 0, fiveHundreds.length);
  drill.check(
    'every 4xx is { code, message } with a Chinese message',
    badBodies.length === 0,
    badBodies.length,
  );
  drill.check('every request answered', noAnswer.length === 0, noAnswer.length);
  // Forged addresses: the sign-in limit counts the real peer, and no audit row carries a forged one.
  const signIns: number[] = [];
  for (let i = 0; i < 70; i++) {
    const res = await fetch(`${server.url}/api/v1/auth/dingtalk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `${FORGED_PREFIX}${i + 1}` },
      body: JSON.stringify({ authCode: `forged-${i}` }),
    });
    await res.arrayBuffer();
    signIns.push(res.status);
  }
  drill.try(`70 sign-ins with an auth code DingTalk does not know, each from another forged X-Forwarded-For`);
  drill.check(
    'a forged X-Forwarded-For escapes no rate limit (429 within 70 sign-ins from one peer)',
    signIns.includes(429),
    signIns.filter((s) => s === 429).length,
  );
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const forgedRows = await db.query<{ n: string }>(`select count(*) as n from audit_log where ip like $1`, [
      `${FORGED_PREFIX}%`,
    ]);
    const auditRows = await db.query<{ n: string }>('select count(*) as n from audit_log');
    drill.note('auditRows', Number(auditRows.rows[0]!.n));
    drill.check(
      'no audit row carries a forged address',
      Number(forgedRows.rows[0]!.n) === 0,
      Number(forgedRows.rows[0]!.n),
    );
    const known = await db.query<{ mobile: string }>(`
      select mobile from users where mobile is not null
      union select contact_mobile from enterprises where contact_mobile is not null`);
    const mobiles = new Set(known.rows.map((r) => r.mobile));
    const output = server.output();
    const logged = output.split('\n').filter((l) => /unhandled error|does not match its schema/.test(l));
    const wholeMobiles = [...new Set(output.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? [])].filter((m) =>
      mobiles.has(m),
    );
    const parameters = output.split('\n').filter((l) => /params: (?!\[not logged\])/.test(l));
    drill.note('serverErrorLogLines', logged.length);
    if (logged.length > 0)
      drill.note(
        'firstServerErrors',
        logged.slice(0, 5).map((l) => l.slice(0, 1500)),
      );
    drill.check(
      'nothing logged that should not be: no unhandled error, no whole mobile, no query parameters',
      logged.length === 0 && wholeMobiles.length === 0 && parameters.length === 0,
      { unhandled: logged.length, mobiles: wholeMobiles.length, parameterLines: parameters.length },
    );
  } finally {
    await db.end();
  }
} finally {
  await stopServer(server);
  await dingtalk.stop();
  await database.drop();
}
drill.finish();

/** Ids and codes from the drill database, so generated requests get past validation. */
async function knownValues(url: string, token: string): Promise<KnownValues> {
  const get = async <T>(path: string) =>
    (await (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const enterprises = await get<{ items: { id: string; jurisdictionCode: string }[] }>(
    '/api/v1/enterprises?limit=20',
  );
  const coordinators = await get<{ items: { id: string }[] }>('/api/v1/coordinators?limit=10');
  const groups = await get<{ items?: { id: string }[] }>('/api/v1/work-groups?jurisdiction=330106000000');
  const logs = await get<{ items?: { id: string }[] }>('/api/v1/logs?limit=10');
  const uuids = [
    ...enterprises.items.map((e) => e.id),
    ...coordinators.items.map((c) => c.id),
    ...(groups.items ?? []).map((g) => g.id),
    ...(logs.items ?? []).map((l) => l.id),
  ];
  const jurisdictionCodes = [
    ...new Set([
      ...enterprises.items.map((e) => e.jurisdictionCode),
      '330000000000',
      '330100000000',
      '330106000000',
      '330105000000',
    ]),
  ];
  return { uuids, jurisdictionCodes, periods: ['2026-11', '2026-10', '2026-Q4', '2026-Q3', '2026', '2025'] };
}
