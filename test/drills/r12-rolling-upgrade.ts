// R12: two instances (A, B) on one Postgres taking writes; two new instances (C, D) started at once
// with one more migration (the drill adds a harmless column and index) → they take turns under the
// advisory lock, 0 acknowledged writes lost, no 5xx but a 503 with Retry-After during the switch,
// A and B keep serving until stopped; an old instance started after the upgrade refuses to serve.
// `--quick` shortens the load.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  devLogins,
  Drill,
  ensureBuilt,
  hasFlag,
  numberArg,
  repoRoot,
  serverEnv,
  sleep,
  startServer,
  stopServer,
  type ServerProcess,
} from './lib';
import { contactBody, timed, type Outcome } from './support/load';

const drill = new Drill('R12', 'rolling upgrade: a migration while two instances take writes');
const seconds = numberArg('seconds', hasFlag('quick') ? 6 : 30);

/** A copy of migrations/ with one more: a nullable column and an index on it (what an additive release does). */
function migrationsWithOneMore(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'coordnet-r12-migrations-'));
  cpSync(path.join(repoRoot, 'migrations'), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
  };
  const last = journal.entries.at(-1)!;
  const tag = `${String(last.idx + 1).padStart(4, '0')}_drill_r12_harmless`;
  journal.entries.push({
    ...last,
    idx: last.idx + 1,
    tag,
    when: Math.max(...journal.entries.map((e) => e.when)) + 1000,
  });
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  writeFileSync(
    path.join(folder, `${tag}.sql`),
    'ALTER TABLE "duty_logs" ADD COLUMN "drill_r12_note" text;--> statement-breakpoint\n' +
      'CREATE INDEX "duty_logs_drill_r12_note_idx" ON "duty_logs" USING btree ("drill_r12_note");\n',
  );
  return folder;
}

ensureBuilt();
const database = await createDrillDatabase('r12');
const env = serverEnv(database.url);
const migrations = migrationsWithOneMore();
const servers: ServerProcess[] = [];
const db = new pg.Client({ connectionString: database.url });
try {
  const a = await startServer(env);
  const b = await startServer(env);
  servers.push(a, b);
  const tokens = await devLogins(a.url, [DEMO_PEOPLE.township]);
  const authorization = `Bearer ${tokens.get(DEMO_PEOPLE.township)}`;
  const enterprises = (
    (await (
      await fetch(`${a.url}/api/v1/enterprises?jurisdiction=330106109000&limit=50`, {
        headers: { authorization },
      })
    ).json()) as { items: { id: string }[] }
  ).items.map((e) => e.id);
  drill.try(
    `A and B on one Postgres, 4 writers posting contacts to every live instance in turn for ${seconds} s; then C and D started together with one more migration (ADD COLUMN + CREATE INDEX on duty_logs), writers moving onto them too, ${seconds} s more; an instance of the old code started afterwards; unacknowledged writes replayed on C at the end`,
  );

  const origin = performance.now();
  const targets: ServerProcess[] = [a, b];
  const outcomes: (Outcome & { instance: string })[] = [];
  const acked = new Set<string>();
  const unacked = new Map<string, string>();
  let running = true;
  let n = 0;
  const names = new Map<ServerProcess, string>([
    [a, 'A'],
    [b, 'B'],
  ]);
  const write = async (target: ServerProcess, clientId: string, enterpriseId: string) => {
    const o = await timed(
      `${target.url}/api/v1/contacts`,
      {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(contactBody(enterpriseId, clientId)),
      },
      origin,
      'write',
    );
    outcomes.push({ ...o, instance: names.get(target) ?? '?' });
    if (o.status === 200 || o.status === 201) {
      acked.add(clientId);
      unacked.delete(clientId);
    } else unacked.set(clientId, enterpriseId);
    return o;
  };
  const loop = async () => {
    while (running) {
      const target = targets[n % targets.length]!;
      const o = await write(target, crypto.randomUUID(), enterprises[n++ % enterprises.length]!);
      await sleep(o.status === 201 ? 50 : 300);
    }
  };
  const loops = Array.from({ length: 4 }, loop);
  await sleep(seconds * 1000);

  const switchStarted = Math.round(performance.now() - origin);
  const upgraded = { ...env, MIGRATIONS_DIR: migrations };
  const [c, d] = await Promise.all([startServer(upgraded), startServer(upgraded)]);
  servers.push(c!, d!);
  names.set(c!, 'C');
  names.set(d!, 'D');
  targets.push(c!, d!);
  const switchEnded = Math.round(performance.now() - origin);
  drill.note('upgradeStartedMs', { from: switchStarted, bothNewInstancesReadyAt: switchEnded });
  await sleep(seconds * 1000);

  // The old code, started now, finds the schema newer than itself.
  const old = await startServer(env, 30_000).then(
    (s) => ({ started: true as const, server: s, message: '' }),
    (error: Error) => ({ started: false as const, server: null, message: error.message }),
  );
  if (old.server) servers.push(old.server);
  drill.check(
    'an instance of the old code started after the upgrade refuses to serve, saying why',
    !old.started && /schema is newer than this CoordNet/.test(old.message),
    old.started ? 'it started' : old.message.split('\n').find((l) => l.includes('newer')),
  );

  running = false;
  await Promise.all(loops);
  for (const [clientId, enterpriseId] of [...unacked.entries()]) await write(c!, clientId, enterpriseId);

  await db.connect();
  const column = await db.query(
    `select 1 from information_schema.columns where table_name = 'duty_logs' and column_name = 'drill_r12_note'`,
  );
  const applied = await db.query<{ n: number }>(
    `select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  drill.check(
    'the new migration was applied once (column and index there, one journal row each)',
    column.rows.length === 1,
    {
      migrationsRecorded: applied.rows[0]!.n,
    },
  );
  const stored = await db.query<{ client_id: string; n: string }>(
    `select client_id, count(*) as n from duty_logs where client_id = any($1::uuid[]) group by client_id`,
    [[...acked]],
  );
  const lost = acked.size - stored.rows.length;
  const duplicated = stored.rows.filter((r) => Number(r.n) > 1).length;
  drill.check(
    '0 acknowledged writes lost, none stored twice, none left unacknowledged',
    lost === 0 && duplicated === 0 && unacked.size === 0,
    {
      acknowledged: acked.size,
      lost,
      duplicated,
      unacknowledged: unacked.size,
    },
  );

  const statuses: Record<string, number> = {};
  for (const o of outcomes)
    statuses[`${o.instance} ${o.status}`] = (statuses[`${o.instance} ${o.status}`] ?? 0) + 1;
  drill.note('writeStatuses', statuses);
  const bad = outcomes.filter(
    (o) => (o.status >= 500 && !(o.status === 503 && o.retryAfter)) || o.status === 0,
  );
  drill.check('0 × 5xx beyond a 503 with Retry-After (and no dropped connection)', bad.length === 0, {
    bad: bad
      .slice(0, 5)
      .map((o) => ({ instance: o.instance, status: o.status, at: o.at, body: o.errorBody })),
  });
  const afterSwitch = (name: string) =>
    outcomes.filter((o) => o.instance === name && o.at > switchEnded && o.status === 201).length;
  drill.check(
    'A and B kept serving writes after the upgrade, until stopped',
    afterSwitch('A') > 0 && afterSwitch('B') > 0,
    {
      A: afterSwitch('A'),
      B: afterSwitch('B'),
      C: afterSwitch('C'),
      D: afterSwitch('D'),
    },
  );
  drill.check(
    'every instance stayed up',
    [a, b, c!, d!].every((s) => s.child.exitCode === null && s.child.signalCode === null),
  );
} finally {
  for (const s of servers) await stopServer(s);
  await db.end().catch(() => {});
  await database.drop();
  rmSync(migrations, { recursive: true, force: true });
}
drill.finish();
