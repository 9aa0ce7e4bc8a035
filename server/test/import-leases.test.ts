import { Readable } from 'node:stream';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises } from '../src/db/schema/enterprises';
import { imports } from '../src/db/schema/imports';
import { fixedClock } from '../src/lib/clock';
import { createMemoryStorage, type Storage } from '../src/lib/storage';
import { loadPrincipal } from '../src/modules/auth/principal';
import type { ImportRunner } from '../src/modules/imports/runner';
import { createImportService, type ImportActor, type ImportService } from '../src/modules/imports/service';
import { csvOf, importUscc } from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Several instances on one database (issue 16): an import belongs to the instance working on it
 * for a lease it renews; another instance's recovery (at its start, or every lease) takes only
 * imports whose lease ran out, and every state change happens only from the state, and by the
 * owner, it expects — so a file is committed whole or not at all. Instances A and B are two import
 * services whose work runs when the test says (a paused instance is one that died, or stalls).
 */
const LEASE_MS = 60_000;
const clock = fixedClock('2026-11-16T02:00:00Z');
const files = createMemoryStorage();
let t: TestApp;
let actor: ImportActor;
let serial = 0;
const services: ImportService[] = [];

function manualRunner() {
  const tasks: (() => Promise<void>)[] = [];
  const runner: ImportRunner & { run(): Promise<void> } = {
    enqueue: (task) => void tasks.push(task),
    idle: async () => undefined,
    async run() {
      while (tasks.length > 0) await tasks.shift()!();
    },
  };
  return runner;
}

function instance(instanceId: string, storage: Storage = files) {
  const runner = manualRunner();
  const service = createImportService({
    database: t.database,
    clock,
    storage,
    logger: { error: () => undefined, warn: () => undefined },
    runner,
    instanceId,
    leaseMs: LEASE_MS,
  });
  services.push(service);
  return { service, run: () => runner.run() };
}

beforeAll(async () => {
  t = await createTestApp({ clock, storage: files });
  const principal = await loadPrincipal(t.database.db, await t.userId('王海峰'), clock.now());
  actor = { principal: principal!, ip: '127.0.0.1' };
});
afterAll(async () => {
  for (const service of services) service.close();
  await t.close();
});

const upload = (service: ImportService, rows = 3) => {
  const file = csvOf([
    ['统一社会信用代码', '企业名称', '所属区划代码'],
    ...Array.from({ length: rows }, () => [
      importUscc(7000 + ++serial),
      `杭州租约测试${serial}有限公司`,
      '330106109000',
    ]),
  ]);
  return service.upload(actor, 'enterprises', 'leases.csv', Readable.from([file]));
};
const stateOf = async (id: string) =>
  (await t.database.db.select().from(imports).where(eq(imports.id, id)))[0]!;
const enterpriseCount = async () => (await t.database.db.select({ n: count() }).from(enterprises))[0]!.n;
const staged = async (id: string) =>
  Number(
    (
      await t.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from import_enterprise_rows where import_id = ${id}::uuid`,
      )
    ).rows[0]!.n,
  );

describe('imports on several instances (leases)', () => {
  it('another instance starting (recovery) leaves a live instance’s import alone, queued, validated or committing', async () => {
    const a = instance('A');
    const b = instance('B');
    const { id } = await upload(a.service);
    expect(await stateOf(id)).toMatchObject({ state: 'queued', owner: 'A' });
    expect(await instance('B2').service.recover()).toBe(0);
    await a.run();
    expect((await stateOf(id)).state).toBe('validated');
    const before = await enterpriseCount();
    await a.service.commit(actor, id);
    expect(await stateOf(id)).toMatchObject({ state: 'committing', owner: 'A' });
    expect(await b.service.recover()).toBe(0);
    await a.run();
    expect(await stateOf(id)).toMatchObject({ state: 'committed', owner: null, leaseUntil: null });
    expect(await enterpriseCount()).toBe(before + 3);
  });

  it('a live instance renews its leases: a long dry run or a queue behind it is never taken', async () => {
    const a = instance('A');
    const b = instance('B');
    const { id } = await upload(a.service);
    for (let i = 0; i < 4; i++) {
      clock.advance(LEASE_MS / 2);
      await a.service.renewLeases(); // what A's heartbeat does every third of a lease
      expect(await b.service.recover()).toBe(0);
    }
    expect((await stateOf(id)).leaseUntil!.getTime()).toBe(clock.now().getTime() + LEASE_MS);
    await a.run();
    expect((await stateOf(id)).state).toBe('validated');
  });

  it('a dead instance’s import is taken only once its lease ran out, and the owner coming back cannot revive it', async () => {
    const a = instance('A');
    const b = instance('B');
    const { id } = await upload(a.service);
    clock.advance(LEASE_MS / 2);
    expect(await b.service.recover()).toBe(0);
    clock.advance(LEASE_MS / 2 + 1_000);
    expect(await b.service.recover()).toBe(1);
    expect(await stateOf(id)).toMatchObject({ state: 'failed', owner: null });
    expect(files.keys()).not.toContain(`import-${id}`);
    await a.run(); // A was only stalled: its queued task must not start from a failed import
    expect((await stateOf(id)).state).toBe('failed');
  });

  it('an instance stalled mid-validation past its lease stops at its next batch: the import stays failed, never validated, nothing staged', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Storage = {
      ...files,
      get: async (key) => {
        await gate;
        return files.get(key);
      },
    };
    const a = instance('A', slow);
    const b = instance('B');
    const { id } = await upload(a.service);
    const running = a.run();
    await new Promise((r) => setTimeout(r, 50));
    expect((await stateOf(id)).state).toBe('validating');
    clock.advance(LEASE_MS + 1_000);
    expect(await b.service.recover()).toBe(1);
    await files.put(`import-${id}`, Buffer.from('统一社会信用代码,企业名称,所属区划代码\n'), 'text/csv'); // still readable by A
    release();
    await running;
    expect(await stateOf(id)).toMatchObject({ state: 'failed' });
    expect(await staged(id)).toBe(0);
  });

  it('a commit whose lease was taken writes nothing', async () => {
    const a = instance('A');
    const b = instance('B');
    const { id } = await upload(a.service);
    await a.run();
    await a.service.commit(actor, id);
    const before = await enterpriseCount();
    clock.advance(LEASE_MS + 1_000);
    expect(await b.service.recover()).toBe(1);
    await a.run();
    expect((await stateOf(id)).state).toBe('failed');
    expect(await enterpriseCount()).toBe(before);
  });
});
