// Fails the build when the JavaScript needed for the first screen (the entry chunk and everything it
// imports statically, per Vite's manifest) exceeds the gzip budget. Lazy pages are not counted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1000;
const distDir = path.resolve(import.meta.dirname, '..', process.argv[2] ?? 'dist');
const manifestPath = path.join(distDir, '.vite', 'manifest.json');

/** @type {Record<string, { file: string; isEntry?: boolean; imports?: string[] }>} */
let manifest;
try {
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
} catch (error) {
  console.error(`check-budget: cannot read ${manifestPath} (is build.manifest enabled?): ${error.message}`);
  process.exit(1);
}

const initialKeys = new Set();
const visit = (key) => {
  if (initialKeys.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`check-budget: manifest has no entry ${key}`);
  initialKeys.add(key);
  for (const imported of chunk.imports ?? []) visit(imported);
};
const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length === 0) {
  console.error('check-budget: the manifest lists no entry chunk');
  process.exit(1);
}
entries.forEach(visit);

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const files = [...new Set([...initialKeys].map((key) => manifest[key].file))].filter((file) =>
  file.endsWith('.js'),
);
const rows = files.map((file) => {
  const content = readFileSync(path.join(distDir, file));
  return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
});
rows.sort((a, b) => b.gzip - a.gzip);

const total = rows.reduce((sum, row) => sum + row.gzip, 0);
console.log('Initial JavaScript (entry + static imports):');
for (const row of rows)
  console.log(`  ${row.file.padEnd(48)} ${kb(row.raw).padStart(10)}  gzip ${kb(row.gzip).padStart(9)}`);
console.log(
  `Total gzip: ${kb(total)} of ${kb(BUDGET_BYTES)} budget (${((total / BUDGET_BYTES) * 100).toFixed(0)}%)`,
);

if (total > BUDGET_BYTES) {
  console.error(`check-budget: initial JavaScript is ${kb(total - BUDGET_BYTES)} over budget`);
  process.exit(1);
}
