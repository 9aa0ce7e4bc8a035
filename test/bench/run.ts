// `npm run bench [-- names…] [--quick] [--minutes n] …`: runs each benchmark in its own process and
// prints where the results are. The province benchmarks need `npm run bench:seed` first; `--quick`
// seeds a 20,000-enterprise province of its own and runs each for seconds (CI: it runs, not how fast).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SERVER_HEAP } from '../server-command';
import { benchDatabaseUrl, withDatabase } from './seed/database';

const PROVINCE = ['p2-duty-list', 'p3-duty-summary', 'p5-reminders', 'p1-contact-writes', 'p8-memory'];
// P4 builds its own database and files (`--rows n` for a quick run).
const ALL = [...PROVINCE, 'p4-import', 'p6-first-load', 'p7-cold-start'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => /^p\d+-/.test(a));
const flags = args.filter((a) => !names.includes(a));
// Quick runs also load the sign-in page once under Lighthouse (P6), to catch breakage, not to judge.
const benches = names.length > 0 ? names : quick ? [...PROVINCE, 'p6-first-load'] : ALL;

if (quick) {
  const url = new URL(benchDatabaseUrl());
  const quickUrl = withDatabase(url.toString(), `${url.pathname.slice(1)}_quick`);
  console.log(`\n== seeding the quick province (${quickUrl})`);
  const seeded = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'seed/seed.ts'),
      '--enterprises',
      '20000',
      '--months',
      '3',
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_DATABASE_URL: quickUrl } },
  );
  if (seeded.status !== 0) process.exit(1);
}

let failed = 0;
for (const name of benches) {
  console.log(`\n== ${name}`);
  // P4 runs the import service in its own process, so it gets the server's heap as the server would.
  const heap = name === 'p4-import' ? [SERVER_HEAP] : [];
  const result = spawnSync(
    process.execPath,
    [...heap, '--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`), ...flags],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed++;
}
console.log(`\nResults in test/bench/results/. ${benches.length - failed} ran, ${failed} failed to run.`);
process.exit(failed > 0 ? 1 : 0);
