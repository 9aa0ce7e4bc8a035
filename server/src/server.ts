import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openAndPrepareDatabase } from './db/bootstrap';

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

const config = configOrExit();
const startedAt = performance.now();
const { database, demo } = await openAndPrepareDatabase(config);
const app = await buildApp({ config, database });

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'closing');
  await app.close();
  await database.close();
});

await app.listen({ port: config.port, host: config.host });
const port = (app.server.address() as { port: number }).port;
const url = config.publicUrl ?? `http://localhost:${port}`;
const lines = [
  '',
  `  CoordNet 劳动关系协调员网络 is ready in ${Math.round(performance.now() - startedAt)} ms`,
  `  App:      ${url}/`,
  `  API docs: ${url}/docs`,
  `  Database: ${database.driver === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
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
console.log(lines.join('\n') + '\n');
