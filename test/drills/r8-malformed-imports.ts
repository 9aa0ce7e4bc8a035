// R8: malformed import files → a row-level report, 0 partial writes. The drill itself is a server
// test of the bulk import (server/test/import-drill.test.ts); this runs it and reports its cases.
import { Drill, runServerTests } from './lib';

const drill = new Drill('R8', 'malformed import files');
drill.try(
  'ran server/test/import-drill.test.ts (garbage, truncated, wrong encoding, bad rows… into the importer) on the embedded database',
);
const { passed, report: result } = runServerTests(['server/test/import-drill.test.ts']);
const cases = result.testResults.flatMap((f) => f.assertionResults);
drill.note(
  'cases',
  cases.map((c) => `${c.status === 'passed' ? '✓' : '✗'} ${c.title}`),
);
drill.check(
  'every malformed file gets its report and leaves the registry exactly as it was',
  passed && result.numFailedTests === 0 && result.numTotalTests > 0,
  { passed: result.numTotalTests - result.numFailedTests, failed: result.numFailedTests },
);
drill.finish();
