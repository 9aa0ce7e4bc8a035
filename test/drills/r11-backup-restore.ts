// R11: write logs (contacts, and visits with photos) under load, take `npm run backup` mid-load
// and keep writing, restore the archive into a fresh store with `npm run restore`, then prove that
// every log acknowledged before the backup began is there exactly once, the duty tallies equal a
// recount and every photo a restored log names opens (and hashes to its checksum). On the embedded
// database (the backup is taken by the running server) and on Postgres (pg_dump of one snapshot).
// `--store pglite|postgres` runs one; `--quick` shortens the load.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { testClock } from '../clock';
import { openDatabase } from '../../server/src/db/client';
import { dutyBookkeepingMismatches } from '../../server/src/db/tally-check';
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
import { contactBody, timed } from './support/load';

const drill = new Drill('R11', 'backup under load, restore into a fresh store');
const quick = hasFlag('quick');
const beforeSeconds = numberArg('before', quick ? 6 : 30);
const afterSeconds = numberArg('after', quick ? 3 : 15);
const storeArg = process.argv[process.argv.indexOf('--store') + 1];
const stores = (process.argv.includes('--store') ? [storeArg] : ['pglite', 'postgres']) as (
  'pglite' | 'postgres'
)[];

/** `npm run backup|restore -- args` with this environment; resolves with the exit code and output. */
function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A real photo (the server decodes and re-encodes every upload): 16×12 random pixels, different every time. */
const photo = () =>
  sharp(randomBytes(16 * 12 * 3), { raw: { width: 16, height: 12, channels: 3 } })
    .png()
    .toBuffer();

async function runOn(store: 'pglite' | 'postgres') {
  const source = store === 'postgres' ? await createDrillDatabase('r11') : null;
  const target = store === 'postgres' ? await createDrillDatabase('r11_restored') : null;
  // Two people write every photo here: the per-person daily quota would stop them within seconds.
  const env = serverEnv(source?.url ?? '', { UPLOAD_DAILY_QUOTA: '100000' });
  const restoredEnv = serverEnv(target?.url ?? '', { UPLOAD_DAILY_QUOTA: '100000' });
  const work = mkdtempSync(path.join(tmpdir(), 'coordnet-r11-'));
  const archive = path.join(work, 'backup.tar');
  const servers: ServerProcess[] = [];
  try {
    const a = await startServer(env);
    servers.push(a);
    const tokens = await devLogins(a.url, [DEMO_PEOPLE.township, DEMO_PEOPLE.park]);
    const writers: { authorization: string; enterprises: string[] }[] = [];
    for (const [name, code] of [
      [DEMO_PEOPLE.township, '330106109000'],
      [DEMO_PEOPLE.park, '330106400000'],
    ] as const) {
      const authorization = `Bearer ${tokens.get(name)}`;
      const list = (await (
        await fetch(`${a.url}/api/v1/enterprises?jurisdiction=${code}&limit=50`, {
          headers: { authorization },
        })
      ).json()) as { items: { id: string }[] };
      writers.push({ authorization, enterprises: list.items.map((e) => e.id) });
    }
    drill.try(
      `[${store}] 4 writers posting contacts and visits with a photo for ${beforeSeconds} s; npm run backup while they write; ${afterSeconds} s more; npm run restore into a fresh ${store === 'postgres' ? 'database' : 'data folder'}; a server started on it`,
    );

    const origin = performance.now();
    /** clientId → when it was acknowledged (ms since origin). */
    const acked = new Map<string, number>();
    const statuses: Record<string, number> = {};
    let running = true;
    let n = 0;
    const post = async (writer: number, url: string, body: object) => {
      const o = await timed(
        `${a.url}${url}`,
        {
          method: 'POST',
          headers: { authorization: writers[writer]!.authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
        origin,
        'write',
      );
      statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      return o;
    };
    const loop = async (i: number) => {
      while (running) {
        const writer = i % writers.length;
        const list = writers[writer]!.enterprises;
        const enterpriseId = list[n++ % list.length]!;
        const clientId = randomUUID();
        let o;
        if (n % 3 === 0) {
          const form = new FormData();
          form.append('file', new Blob([await photo()], { type: 'image/png' }), 'photo.png');
          const upload = await fetch(`${a.url}/api/v1/uploads`, {
            method: 'POST',
            headers: { authorization: writers[writer]!.authorization },
            body: form,
          });
          if (upload.status !== 201) {
            statuses[`upload ${upload.status}`] = (statuses[`upload ${upload.status}`] ?? 0) + 1;
            continue;
          }
          const { id } = (await upload.json()) as { id: string };
          o = await post(writer, '/api/v1/visits', {
            clientId,
            enterpriseId,
            occurredAt: new Date(testClock.now().getTime() - 60_000).toISOString(),
            checkIn: { latitude: 30.3, longitude: 120.1, accuracy: 15, address: '演练', isFromMock: false },
            photos: [id],
            duties: ['standards_contracts'],
            findings: '演练：实地查看劳动合同签订情况',
            riskLevel: 'none',
          });
        } else {
          o = await post(writer, '/api/v1/contacts', contactBody(enterpriseId, clientId));
        }
        if (o.status === 201) acked.set(clientId, performance.now() - origin);
        await sleep(50);
      }
    };
    const loops = Array.from({ length: 4 }, (_, i) => loop(i));
    await sleep(beforeSeconds * 1000);

    const backupStarted = performance.now() - origin;
    const before = [...acked.keys()];
    const backup = await npmRun('backup', ['--out', archive], env);
    const backupMs = Math.round(performance.now() - origin - backupStarted);
    const ackedDuring = [...acked.values()].filter((at) => at > backupStarted).length;
    await sleep(afterSeconds * 1000);
    running = false;
    await Promise.all(loops);
    await stopServer(a);
    servers.length = 0;
    drill.note(`${store}.backup`, {
      exitCode: backup.code,
      ms: backupMs,
      writePauseMs: Number(/writes waited (\d+) ms/.exec(backup.output)?.[1] ?? NaN),
      writesAcknowledgedWhileItRan: ackedDuring,
    });
    drill.note(`${store}.writes`, { statuses, acknowledged: acked.size, beforeTheBackup: before.length });
    if (backup.code !== 0) console.log(backup.output);
    drill.check(
      `[${store}] npm run backup succeeded while writes went on`,
      backup.code === 0 && ackedDuring > 0,
      {
        ackedDuring,
      },
    );

    const restoreStarted = performance.now();
    const restore = await npmRun('restore', ['--in', archive], restoredEnv);
    drill.note(`${store}.restore`, {
      exitCode: restore.code,
      ms: Math.round(performance.now() - restoreStarted),
      report: restore.output.trim().split('\n').slice(-5),
    });
    drill.check(
      `[${store}] npm run restore verified row counts, tallies and checksums`,
      restore.code === 0 && /duty tallies: equal to a recount/.test(restore.output),
    );

    // The restored store, read directly.
    const restored = await openDatabase({
      databaseUrl: target?.url,
      dataDir: path.join(restoredEnv.DATA_DIR!, 'pglite'),
    });
    let photos: { id: string; sha256: string; owner: string }[];
    try {
      const stored = await restored.db.execute<{ client_id: string; n: number }>(
        sql`select client_id::text, count(*)::int as n from duty_logs where client_id = any(string_to_array(${before.join(',')}, ',')::uuid[]) group by 1`,
      );
      const duplicates = await restored.db.execute<{ n: number }>(
        sql`select count(*)::int as n from (select client_id from duty_logs where client_id is not null group by 1 having count(*) > 1) d`,
      );
      const missing = before.length - stored.rows.length;
      const twice = stored.rows.filter((r) => r.n !== 1).length + duplicates.rows[0]!.n;
      drill.check(
        `[${store}] every log acknowledged before the backup began is there exactly once`,
        missing === 0 && twice === 0,
        {
          acknowledgedBefore: before.length,
          missing,
          twice,
        },
      );
      const tallies = await dutyBookkeepingMismatches(restored.db);
      drill.check(
        `[${store}] the duty tallies equal a recount`,
        Object.values(tallies).every((v) => v === 0),
        tallies,
      );
      photos = (
        await restored.db.execute<{ id: string; sha256: string; owner: string }>(
          sql`select u.id::text, u.sha256, u.owner_user_id::text as owner from uploads u
               join duty_logs l on l.id = u.log_id`,
        )
      ).rows;
    } finally {
      await restored.close();
    }

    const b = await startServer(restoredEnv);
    servers.push(b);
    const byUser = new Map<string, string>();
    for (const name of [DEMO_PEOPLE.township, DEMO_PEOPLE.park]) {
      const token = (await devLogins(b.url, [name])).get(name)!;
      const me = (await (
        await fetch(`${b.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        id: string;
      };
      byUser.set(me.id, token);
    }
    let opened = 0;
    const broken: string[] = [];
    for (const p of photos) {
      const res = await fetch(`${b.url}/api/v1/uploads/${p.id}`, {
        headers: { authorization: `Bearer ${byUser.get(p.owner)}` },
      });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status === 200 && createHash('sha256').update(body).digest('hex') === p.sha256) opened++;
      else broken.push(p.id);
    }
    drill.note(`${store}.photosOnRestoredLogs`, photos.length);
    drill.check(
      `[${store}] every photo a restored log names opens on the restored server`,
      photos.length > 0 && broken.length === 0,
      {
        photos: photos.length,
        opened,
        broken: broken.slice(0, 5),
      },
    );
  } finally {
    for (const s of servers) await stopServer(s);
    await source?.drop();
    await target?.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

ensureBuilt();
for (const store of stores) await runOn(store);
drill.finish();
