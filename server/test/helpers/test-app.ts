import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Database } from '../../src/db/client';
import { users } from '../../src/db/schema/people';
import { fixedClock } from '../../src/lib/clock';
import { dutyBookkeepingMismatches } from '../../src/db/tally-check';
import { createTestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: '/tmp/coordnet-test-unused',
    STATIC_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ReturnType<typeof fixedClock>;
  /** A bearer token for the demo person with this name (names of the demo sign-in list are unique). */
  tokenFor(name: string): Promise<string>;
  userId(name: string): Promise<string>;
  /** app.inject with the bearer token of `as`, when given. */
  request(options: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  /** Closes the app, after recounting the duty tallies: a test that left them wrong fails here. */
  close(): Promise<void>;
}

export async function createTestApp(
  options: { env?: NodeJS.ProcessEnv; seed?: boolean; now?: string } & Partial<
    Omit<AppDeps, 'config' | 'database'>
  > = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ demo: options.seed !== false });
  const clock = fixedClock(options.now ?? '2026-11-16T02:00:00Z');
  const { env, seed: _seed, now: _now, ...deps } = options;
  const app = await buildApp({
    config: testConfig(env),
    database,
    clock,
    logger: false,
    principalTtlMs: 0,
    ...deps,
  });
  await app.ready();

  async function userId(name: string) {
    const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.name, name)).limit(1);
    if (!row) throw new Error(`no demo user named ${name}`);
    return row.id;
  }
  async function tokenFor(name: string) {
    return app.signSession(await userId(name)).token;
  }
  return {
    app,
    database,
    clock,
    tokenFor,
    userId,
    async request({ as, ...inject }) {
      const headers = { ...(inject.headers ?? {}) } as Record<string, string>;
      if (as) headers.authorization = `Bearer ${await tokenFor(as)}`;
      return app.inject({ ...inject, headers });
    },
    async close() {
      try {
        const mismatches = await dutyBookkeepingMismatches(database.db);
        const wrong = Object.entries(mismatches).filter(([, n]) => n !== 0);
        if (wrong.length > 0)
          throw new Error(`duty tallies do not match a recount: ${JSON.stringify(mismatches)}`);
      } finally {
        await app.close();
        await database.close();
      }
    },
  };
}
