import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { clockFor } from './container';
import { inspect } from 'node:util';
import { ConfigError, loadConfig, scrubSecrets, type Config } from './config';
import { openAndPrepareDatabase } from './db/bootstrap';
import { SchemaNewerError } from './db/migration-level';
import { templateNextTo } from './db/pglite-template';
import { startFakeDingTalk, type FakeDingTalk } from './integrations/dingtalk/fake-server';
import type { ReminderJobs } from './jobs/reminder-jobs';
import { demoSignInWarning } from './lib/listen-warning';
import { forgetRunningServer, recordRunningServer } from './modules/backup/running-server';
import { demoDingTalkClient, seedDemoWorkGroups } from './modules/work-groups/demo';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(
        `CoordNet cannot start, fix the environment:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`,
      );
      process.exit(1);
    }
    throw error;
  }
}

/** Whatever fails while starting (the database URL, migrations, the port) is printed without any secret. */
function startupFailed(error: unknown): never {
  console.error(`CoordNet cannot start:\n${scrubSecrets(inspect(error, { depth: 4 }))}`);
  process.exit(1);
}
process.on('uncaughtException', startupFailed);

const config = configOrExit();
const startedAt = performance.now();
const { database, demo } = await openAndPrepareDatabase(config, templateNextTo(import.meta.dirname)).catch(
  (error: unknown) => {
    if (!(error instanceof SchemaNewerError)) throw error;
    console.error(`CoordNet will not start: ${error.message}`);
    process.exit(1);
  },
);
const clock = clockFor(config);
// The offline demo: reminders go to a DingTalk stand-in in this process, visible under 提醒记录.
let fake: FakeDingTalk | null = null;
if (config.dingtalk.fake) fake = await startFakeDingTalk({ clock });
const app = await buildApp({
  config,
  database,
  clock,
  ...(fake ? { dingtalk: (configured) => demoDingTalkClient(fake, { clock, fallback: configured }) } : {}),
});
const { container } = app;
const demoGroups =
  demo && fake
    ? await seedDemoWorkGroups(database.db, {
        clock,
        secretBox: container.secretBox,
        secretsKey: config.secretsKey,
      })
    : 0;
let jobs: ReminderJobs | null = null;

closeWithGrace({ delay: 20_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'closing');
  await jobs?.stop();
  forgetRunningServer(config.dataDir);
  await app.close();
  await fake?.close();
  await database.close();
});

await app.listen({ port: config.port, host: config.host });
const port = (app.server.address() as { port: number }).port;
// `npm run backup` on the embedded database asks this process for the archive (PGlite is ours alone).
if (database.driver === 'pglite') recordRunningServer(config.dataDir, port);
const url = config.publicUrl ?? `http://localhost:${port}`;
if (config.reminderJobs) {
  const reminders = container.reminders({
    publicUrl: url,
    workNotifications: Boolean(fake) || container.workNotifications,
  });
  // The demo shows reminders from its first minute, even on a day that is not a reminder day.
  if (demoGroups > 0) await reminders.composer.composeDemoPreview();
  jobs = await container.startJobs({ composer: reminders.composer, dispatcher: reminders.dispatcher });
}
const lines = [
  '',
  `  CoordNet 劳动关系协调员网络 is ready in ${Math.round(performance.now() - startedAt)} ms`,
  `  App:      ${url}/`,
  `  API docs: ${config.docsEnabled ? `${url}/docs` : 'off (DOCS_ENABLED=0)'}`,
  `  Metrics:  ${config.metricsToken ? `${url}/metrics (bearer METRICS_TOKEN)` : config.env === 'production' ? 'off (set METRICS_TOKEN)' : `${url}/metrics`}`,
  `  Database: ${database.driver === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  `  Files:    ${config.storage.kind === 'local' ? config.storage.dir : `S3 bucket ${config.storage.bucket}${config.storage.endpoint ? ` at ${config.storage.endpoint}` : ''}`}`,
];
if (config.devLogin) {
  lines.push('  Sign in:  open the app and pick a demo user (演示登录), for example:');
  const examples = demo?.signIn ?? [
    { name: '王海峰', role: '西湖区人力社保局' },
    { name: '刘芳', role: '三墩镇 乡镇(街道)协调员' },
  ];
  for (const person of examples) lines.push(`              ${person.name} — ${person.role}`);
}
if (demo)
  lines.push(`  Demo data loaded: ${demo.enterprises} enterprises, ${demo.users} people in 杭州市西湖区`);
if (fake)
  lines.push(
    `  DingTalk: offline stand-in at ${fake.url}${demoGroups ? ` (${demoGroups} demo work groups, a 【演示预览】 of the monthly reminder sent)` : ''}; reminders under 提醒记录`,
  );
lines.push(
  `  Reminders: ${config.reminderJobs ? `pg-boss jobs on ${database.driver}` : 'jobs off (REMINDER_JOBS=0)'}`,
  `  Backups:  ${config.backupDir && config.reminderJobs ? `daily into ${config.backupDir}` : 'no scheduled backup (set BACKUP_DIR); npm run backup -- --out <file>'}`,
);
console.log(lines.join('\n') + '\n');
const warning = demoSignInWarning(config);
if (warning.length > 0) console.warn(`\n${warning.join('\n')}\n`);
process.off('uncaughtException', startupFailed);
