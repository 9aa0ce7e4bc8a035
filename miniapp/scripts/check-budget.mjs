// Fails the build when the JavaScript a route needs to paint exceeds its gzip budget. A route's
// JavaScript is the entry chunk and its static imports plus the route's own lazy chunk and its static
// imports (per Vite's manifest); chunks loaded later (on a tap, below the fold) are not counted.
// It also fails when a route loads another route's page: the sign-in page must not carry 首页.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const kB = 1000;
/** Per route: the lazy modules it loads to paint, its gzip budget, and pages it must not load. */
const ROUTES = [
  {
    name: 'entry (every route)',
    modules: [],
    budget: 185 * kB,
  },
  {
    name: '演示登录 (sign-in)',
    modules: ['src/features/auth/dev-sign-in-page.tsx'],
    // 205 → 207 kB: the shared schemas the sign-in page needs grew with issue 17's fields.
    // 207 → 209 kB: the entry grew by 2 kB when issues 17 and 18 met (the offline pill and online
    // state, the glossary, the shared photo and length checks every form uses).
    budget: 209 * kB,
    mustNotLoad: ['src/features/home/home-page.tsx', 'src/features/dashboard/dashboard-page.tsx'],
  },
  {
    name: '首页 (home)',
    modules: ['src/features/home/home-page.tsx'],
    // 225 → 228 kB: the C3 card for county staff and the risk-report offer joined 首页 (issue 17).
    // 228 → 229 kB: offline reads (issue 18): 待同步 from the phone's pending writes in the duty list,
    // 数据更新于 and 暂无离线数据 instead of an endless 加载中.
    // 229 → 232 kB: the entry's 2 kB above, and the 我负责的 card beside the offline 待同步 (issue 17).
    budget: 232 * kB,
  },
  {
    name: '看板 (dashboard)',
    modules: ['src/features/dashboard/dashboard-page.tsx'],
    // 205 → 207 kB: C3 beside C1/C2 and 下载台账 (issue 17).
    // 207 → 210 kB: the entry's 2 kB above; the board's new sections load lazily after the first paint.
    // 210 → 211 kB: the entry grew 0.7 kB (issue 18: a phone online without a connection is offline,
    // lib/online.ts probing /healthz, and the request timeout in lib/api.ts).
    budget: 211 * kB,
  },
];

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

/** The manifest keys a set of modules needs, with everything they import statically. */
function closure(keys) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`check-budget: manifest has no entry ${key}`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return seen;
}

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length === 0) {
  console.error('check-budget: the manifest lists no entry chunk');
  process.exit(1);
}

const sizes = new Map();
const gzipOf = (file) => {
  if (!sizes.has(file)) {
    const content = readFileSync(path.join(distDir, file));
    sizes.set(file, { raw: content.length, gzip: gzipSync(content, { level: 9 }).length });
  }
  return sizes.get(file);
};
const show = (bytes) => `${(bytes / kB).toFixed(1)} kB`;

let failed = false;
for (const route of ROUTES) {
  const keys = closure([...entries, ...route.modules]);
  const files = [...new Set([...keys].map((key) => manifest[key].file))].filter((f) => f.endsWith('.js'));
  const rows = files.map((file) => ({ file, ...gzipOf(file) })).sort((a, b) => b.gzip - a.gzip);
  const total = rows.reduce((sum, row) => sum + row.gzip, 0);
  console.log(`${route.name}: ${show(total)} gzip of ${show(route.budget)} (${files.length} files)`);
  if (route.modules.length === 0)
    for (const row of rows)
      console.log(
        `  ${row.file.padEnd(48)} ${show(row.raw).padStart(10)}  gzip ${show(row.gzip).padStart(9)}`,
      );
  if (total > route.budget) {
    console.error(`check-budget: ${route.name} is ${show(total - route.budget)} over budget`);
    failed = true;
  }
  for (const forbidden of route.mustNotLoad ?? []) {
    if (keys.has(forbidden)) {
      console.error(`check-budget: ${route.name} loads ${forbidden}`);
      failed = true;
    }
  }
}
if (failed) process.exit(1);
