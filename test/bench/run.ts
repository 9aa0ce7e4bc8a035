// `npm run bench`: runs each benchmark in its own process and prints where the results are.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const benches = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['p6-first-load', 'p7-cold-start'];
let failed = 0;
for (const name of benches) {
  console.log(`\n== ${name}`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed++;
}
console.log(`\nResults in test/bench/results/. ${benches.length - failed} ran, ${failed} failed to run.`);
process.exit(failed > 0 ? 1 : 0);
