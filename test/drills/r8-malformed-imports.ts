// R8: malformed import files → a row-level report, 0 partial writes. The drill itself is a server
// test of the bulk import (server/test/import-drill.test.ts); this runs it and reports its cases.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Drill, repoRoot } from './lib';

const drill = new Drill('R8', 'malformed import files');
const report = path.join(tmpdir(), `coordnet-r8-${process.pid}.json`);
drill.try(
  'ran server/test/import-drill.test.ts (garbage, truncated, wrong encoding, bad rows… into the importer) on the embedded database',
);
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--project',
    'server',
    'server/test/import-drill.test.ts',
    '--reporter=json',
    `--outputFile=${report}`,
  ],
  { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TEST_DATABASE_URL: '' } },
);
const result = JSON.parse(readFileSync(report, 'utf8')) as {
  numTotalTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string }[] }[];
};
rmSync(report, { force: true });
const cases = result.testResults.flatMap((f) => f.assertionResults);
drill.note(
  'cases',
  cases.map((c) => `${c.status === 'passed' ? '✓' : '✗'} ${c.title}`),
);
drill.check(
  'every malformed file gets its report and leaves the registry exactly as it was',
  vitest.status === 0 && result.numFailedTests === 0 && result.numTotalTests > 0,
  { passed: result.numTotalTests - result.numFailedTests, failed: result.numFailedTests },
);
drill.finish();
