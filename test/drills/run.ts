// `npm run drills -- [--quick] [--minutes N] [R1 R4 …]`: runs each reliability drill in its own
// process, in order, and exits non-zero when any must-hold failed. Results: test/drills/results/<id>.json.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const DRILLS = readdirSync(import.meta.dirname)
  .filter((f) => /^r\d+-.*\.ts$/.test(f))
  .map((file) => ({ id: file.split('-')[0]!.toUpperCase(), file }))
  .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));

/** The drills that fit in CI's few minutes, each shortened by its own --quick. */
const QUICK = ['R2', 'R3', 'R4', 'R5', 'R6', 'R11', 'R12'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const named = args.filter((a) => /^r\d+$/i.test(a)).map((a) => a.toUpperCase());
const passOn = args.filter((a) => !/^r\d+$/i.test(a));
const selected = DRILLS.filter((d) =>
  named.length > 0 ? named.includes(d.id) : !quick || QUICK.includes(d.id),
);

const outcomes: { id: string; ok: boolean; seconds: number }[] = [];
for (const drill of selected) {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, drill.file), ...passOn],
    {
      stdio: 'inherit',
    },
  );
  outcomes.push({
    id: drill.id,
    ok: result.status === 0,
    seconds: Math.round((performance.now() - started) / 1000),
  });
}
console.log('\n== drills');
for (const o of outcomes) console.log(`  ${o.id}  ${o.ok ? 'passed' : 'FAILED'}  ${o.seconds} s`);
console.log('Results in test/drills/results/<id>.json.');
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
