import type pg from 'pg';
import { makeUscc } from '../../../shared/src/domain/uscc';
import { type Drill, sleep, startServer, stopServer, type ServerProcess } from '../lib';

const TERMINAL = ['validated', 'invalid', 'committed', 'failed', 'expired'];
const uscc = (i: number) => makeUscc(`91330106R9${String(i).padStart(7, '0')}`);

interface ImportBody {
  id: string;
  state: string;
  rowsDone: number;
  errorCount: number;
  inserts: number;
  message: string | null;
}

/**
 * The import part of R9 (issue 16): an import of `rows` enterprises runs on instance A (upload,
 * dry run, commit) while instance B is killed and started again three times — each start runs the
 * import recovery. The import must end committed whole (A lived throughout, so B may not take it),
 * and in any case whole or not at all: the file's rows in the registry are all of them or none.
 */
export async function importWhileRestarting(
  drill: Drill,
  options: {
    db: pg.Client;
    env: NodeJS.ProcessEnv;
    token: string;
    rows: number;
    /** Servers to stop at the end (A and every B are added). */
    servers: ServerProcess[];
  },
) {
  const { db, env, rows } = options;
  const authorization = `Bearer ${options.token}`;
  const a = await startServer(env);
  let b = await startServer(env);
  options.servers.push(a, b);
  const restarts: { at: string; killedWhile: string; upWhile: string; ms: number }[] = [];
  const origin = performance.now();
  const get = async (id: string) =>
    (await (
      await fetch(`${a.url}/api/v1/imports/${id}`, { headers: { authorization } })
    ).json()) as ImportBody;
  /** The import's state when B is killed and when B is up again (its recovery has run). */
  const restartB = async (id: string, at: string) => {
    const killed = await get(id);
    await stopServer(b, 'SIGKILL');
    b = await startServer(env);
    options.servers.push(b);
    const up = await get(id);
    restarts.push({
      at,
      killedWhile: `${killed.state} (${killed.rowsDone} rows read)`,
      upWhile: `${up.state} (${up.rowsDone} rows read)`,
      ms: Math.round(performance.now() - origin),
    });
  };
  const settle = async (id: string, timeoutMs: number) => {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const body = await get(id);
      if (TERMINAL.includes(body.state) || performance.now() > until) return body;
      await sleep(250);
    }
  };

  const lines = ['统一社会信用代码,企业名称,所属区划代码'];
  for (let i = 1; i <= rows; i++) lines.push(`${uscc(i)},R9导入演练${i}号有限公司,330106109000`);
  const file = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' });
  drill.try(
    `instance A imports ${rows.toLocaleString('en')} enterprises (${(file.size / 1e6).toFixed(1)} MB csv: upload, dry run, commit) while instance B is killed (SIGKILL) and started again three times, its import recovery running at each start (IMPORT_LEASE_SECONDS ${env.IMPORT_LEASE_SECONDS})`,
  );
  const form = new FormData();
  form.append('file', file, 'r9-enterprises.csv');
  const uploaded = await fetch(`${a.url}/api/v1/imports?kind=enterprises`, {
    method: 'POST',
    headers: { authorization },
    body: form,
  });
  if (uploaded.status !== 202) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const { id } = (await uploaded.json()) as ImportBody;

  // B restarts back to back while A validates and commits (each start runs the recovery).
  const restarting = (async () => {
    for (let i = 1; i <= 3; i++) await restartB(id, `restart ${i}`);
  })();
  const validated = await settle(id, 15 * 60_000);
  drill.note('dryRun', { state: validated.state, rows: validated.rowsDone, errors: validated.errorCount });
  let final = validated;
  if (validated.state === 'validated') {
    const committing = await fetch(`${a.url}/api/v1/imports/${id}/commit`, {
      method: 'POST',
      headers: { authorization },
    });
    if (committing.status !== 202) throw new Error(`commit: ${committing.status} ${await committing.text()}`);
    final = await settle(id, 15 * 60_000);
  }
  drill.note('importDoneMs', Math.round(performance.now() - origin));
  await restarting;
  // Read again once B is done: a state may still change after it first looked final (before the
  // leases, a failed import was marked validated or committed afterwards by its instance).
  final = await get(id);
  const stored = Number(
    (await db.query<{ n: string }>(`select count(*) as n from enterprises where name like 'R9导入演练%'`))
      .rows[0]!.n,
  );
  const staged = Number(
    (
      await db.query<{ n: string }>(`select count(*) as n from import_enterprise_rows where import_id = $1`, [
        id,
      ])
    ).rows[0]!.n,
  );
  drill.note('bRestarts', restarts);
  drill.note('import', {
    state: final.state,
    inserts: final.inserts,
    message: final.message,
    inRegistry: stored,
    staged,
  });
  drill.check(
    'the import is written whole or not at all (every row of the file in the registry, or none)',
    (final.state === 'committed' && stored === rows) || (final.state !== 'committed' && stored === 0),
    { state: final.state, rows, inRegistry: stored },
  );
  drill.check(
    'B’s three restarts did not take the import of a live instance: it committed, nothing left staged',
    final.state === 'committed' && final.inserts === rows && staged === 0 && restarts.length === 3,
    { state: final.state, inserts: final.inserts, staged, restarts: restarts.length },
  );
  drill.check('A stayed up', a.child.exitCode === null && a.child.signalCode === null);
}
