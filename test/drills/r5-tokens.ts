// R5: every route × every role × in/out of scope (the server's authorisation matrix), plus forged,
// expired, `alg: none` and wrongly signed tokens against a running server → 0 leaks.
import { createHmac } from 'node:crypto';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  devLogins,
  Drill,
  DRILL_JWT_SECRET,
  ensureBuilt,
  hasFlag,
  runServerTests,
  serverEnv,
  startServer,
  stopServer,
} from './lib';
import { operationsOf, type OpenApiDocument } from './support/invalid-requests';

const drill = new Drill('R5', 'authorisation: roles × scope, and forged tokens');

// 1. The matrix (server/test/authz-matrix.test.ts and authz-duty.test.ts) on the embedded database;
// --quick leaves it to `npm test`, which runs it anyway.
if (hasFlag('quick')) drill.try('authorisation matrix left to npm test (--quick)');
else runMatrix();

function runMatrix() {
  drill.try('ran the authorisation matrix: every API route × 9 demo people + anonymous, in and out of scope');
  const { passed, report: matrix } = runServerTests([
    'server/test/authz-matrix.test.ts',
    'server/test/authz-duty.test.ts',
  ]);
  const failedCases = matrix.testResults.flatMap((f) =>
    f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName),
  );
  drill.note('matrixCases', matrix.numTotalTests);
  drill.note('matrixFailed', failedCases.slice(0, 20));
  drill.check('authorisation matrix: every case as expected', passed && matrix.numFailedTests === 0, {
    passed: matrix.numPassedTests,
    failed: matrix.numFailedTests,
  });
}

// 2. Forged tokens against a running server on its own Postgres database.
ensureBuilt();
const database = await createDrillDatabase('r5');
const server = await startServer(serverEnv(database.url));
try {
  const tokens = await devLogins(server.url, [DEMO_PEOPLE.province, DEMO_PEOPLE.township]);
  const users = (await (await fetch(`${server.url}/api/v1/auth/dev-users`)).json()) as {
    items: { id: string; name: string }[];
  };
  const provinceId = users.items.find((u) => u.name === DEMO_PEOPLE.province)!.id;
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: provinceId, iss: 'coordnet', aud: 'coordnet-miniapp', iat: now, exp: now + 3600 };
  const township = tokens.get(DEMO_PEOPLE.township)!;
  const [tHeader, , tSignature] = township.split('.');
  const forged: Record<string, string> = {
    'alg none': jwt({ alg: 'none', typ: 'JWT' }, claims, null),
    'alg none, upper case': jwt({ alg: 'NONE', typ: 'JWT' }, claims, null),
    'wrong secret': jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'not-the-server-secret-not-the-server-secret'),
    expired: jwt(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, iat: now - 7200, exp: now - 60 },
      DRILL_JWT_SECRET,
    ),
    'not yet valid': jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, nbf: now + 3600 }, DRILL_JWT_SECRET),
    'no exp': jwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: provinceId, iss: 'coordnet', aud: 'coordnet-miniapp' },
      DRILL_JWT_SECRET,
    ),
    'wrong issuer': jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'someone-else' }, DRILL_JWT_SECRET),
    'wrong audience': jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'another-app' }, DRILL_JWT_SECRET),
    // issue 16: a token we sign always names us as issuer and the mini-app as audience
    'no issuer': jwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: provinceId, aud: 'coordnet-miniapp', iat: now, exp: now + 3600 },
      DRILL_JWT_SECRET,
    ),
    'no audience': jwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: provinceId, iss: 'coordnet', iat: now, exp: now + 3600 },
      DRILL_JWT_SECRET,
    ),
    'no token at all': '',
    'HS512 with the right secret': jwt({ alg: 'HS512', typ: 'JWT' }, claims, DRILL_JWT_SECRET, 'sha512'),
    'RS256 header, HMAC signature': jwt({ alg: 'RS256', typ: 'JWT' }, claims, DRILL_JWT_SECRET),
    "a township coordinator's token with the province person's id swapped in": `${tHeader}.${b64(claims)}.${tSignature}`,
    'a person who does not exist': jwt(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, sub: '00000000-0000-4000-8000-000000000000' },
      DRILL_JWT_SECRET,
    ),
    'sub is not a uuid': jwt(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, sub: "' or 1=1 --" },
      DRILL_JWT_SECRET,
    ),
    'signature stripped': township.split('.').slice(0, 2).join('.') + '.',
    'truncated token': township.slice(0, -5),
    garbage: 'not.a.token',
  };
  // Sanity: the real token of the province person works, so a 401 below is the forgery's doing.
  const control = await fetch(`${server.url}/api/v1/me`, {
    headers: { authorization: `Bearer ${tokens.get(DEMO_PEOPLE.province)}` },
  });
  drill.check('control: a genuine token is accepted', control.status === 200, control.status);

  const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as OpenApiDocument;
  // PUBLIC_API_ROUTES in server/src/app.ts, in OpenAPI's path form: sign-in, the client configuration
  // and the single-use ledger link, whose token in the path is its credential.
  const PUBLIC = new Set([
    '/api/v1/client-config',
    '/api/v1/auth/dingtalk',
    '/api/v1/auth/dev-users',
    '/api/v1/auth/dev-login',
    '/api/v1/exports/download/{token}',
  ]);
  const operations = operationsOf(doc).filter((op) => op.path.startsWith('/api/') && !PUBLIC.has(op.path));
  const anyId = (await (
    await fetch(`${server.url}/api/v1/enterprises?limit=1`, {
      headers: { authorization: `Bearer ${tokens.get(DEMO_PEOPLE.province)}` },
    })
  ).json()) as { items: { id: string }[] };
  drill.try(
    `sent ${Object.keys(forged).length} kinds of forged token (${Object.keys(forged).join('; ')}) to each of ` +
      `${operations.length} signed-in API operations, with real ids and the province person as subject`,
  );
  const leaks: { token: string; request: string; status: number; body: string }[] = [];
  const statuses: Record<string, number> = {};
  for (const [kind, token] of Object.entries(forged)) {
    for (const op of operations) {
      const url = op.path.replace('{id}', anyId.items[0]!.id).replace('{jurisdictionCode}', '330106000000');
      const res = await fetch(`${server.url}${url}`, {
        method: op.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(op.body ? { 'content-type': 'application/json' } : {}),
        },
        ...(op.body ? { body: '{}' } : {}),
      });
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      let body: { code?: unknown; message?: unknown } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = {};
      }
      const refused = res.status === 401 && typeof body.code === 'string' && typeof body.message === 'string';
      if (!refused)
        leaks.push({
          token: kind,
          request: `${op.method} ${url}`,
          status: res.status,
          body: text.slice(0, 200),
        });
    }
  }
  drill.note(
    'forgedRequests',
    Object.values(statuses).reduce((a, b) => a + b, 0),
  );
  drill.note('statuses', statuses);
  drill.note('leaks', leaks.slice(0, 20));
  drill.check(
    'no token, or a forged, expired, alg:none, wrongly signed, issuer- or audience-less one → 401 { code, message } on every operation but the public ones (sign-in, client configuration, the single-use ledger link)',
    leaks.length === 0,
    leaks.length,
  );
} finally {
  await stopServer(server);
  await database.drop();
}
drill.finish();

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function jwt(header: object, payload: object, secret: string | null, hash: 'sha256' | 'sha512' = 'sha256') {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  const signature = secret === null ? '' : createHmac(hash, secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
