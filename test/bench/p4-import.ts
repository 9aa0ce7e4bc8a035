// P4: bulk import of enterprises. A generated file of N rows (default 1,000,000; `--rows 100000` for a
// quick run) as CSV and as .xlsx goes through the real import service (stream → parse → validate →
// stage → set-based merge with the tally triggers) on the local PostgreSQL; the baseline is a raw
// `COPY` of the same rows into the same table (same indexes and triggers), measured in the same run.
// Targets: ≥ 100k rows/s and ≥ 30% of COPY's speed; peak RSS flat in file size (CSV and .xlsx each
// compared with a run on a quarter of the rows). Writes test/bench/results/p4-import.json.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { INDUSTRIES, type Industry } from '@coordnet/shared/domain/enterprise-size';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { openDatabase } from '../../server/src/db/client';
import { systemClock } from '../../server/src/lib/clock';
import { createLocalStorage } from '../../server/src/lib/storage';
import type { Principal } from '../../server/src/modules/auth/principal';
import { createImportService } from '../../server/src/modules/imports/service';
import { arg, repoRoot, writeResult } from './lib';
import { benchDatabaseUrl, withDatabase } from './seed/database';

const rows = arg('rows', 1_000_000);
// The server of BENCH_DATABASE_URL (local Postgres by default); the import gets a database of its own.
const adminUrl = withDatabase(benchDatabaseUrl(), 'postgres');
const COUNTY = '330106000000';
const TOWNSHIPS = 20;
const COMMUNITIES_PER_TOWNSHIP = 25;
const industries = Object.keys(INDUSTRIES) as Industry[];

// The files are written by a child process (`--write-files <dir>`), so that writing a million rows
// with exceljs does not swell this process's RSS before the imports are measured.
const writeOnly = process.argv.indexOf('--write-files');
const work = writeOnly >= 0 ? process.argv[writeOnly + 1]! : mkdtempSync(path.join(tmpdir(), 'coordnet-p4-'));
const quarter = Math.max(1, Math.floor(rows / 4));
const csvFile = path.join(work, 'enterprises.csv');
const csvQuarter = path.join(work, 'enterprises-quarter.csv');
const xlsxFile = path.join(work, 'enterprises.xlsx');
const xlsxQuarter = path.join(work, 'enterprises-quarter.xlsx');
const copyFile = path.join(work, 'copy.csv');
const log = (message: string) => console.log(`[p4] ${new Date().toISOString().slice(11, 19)} ${message}`);

function communityOf(i: number): string {
  const township = 100 + (i % TOWNSHIPS);
  const community = 1 + (Math.floor(i / TOWNSHIPS) % COMMUNITIES_PER_TOWNSHIP);
  return `330106${township}${String(community).padStart(3, '0')}`;
}

/** One enterprise as the import file shows it and as COPY loads it. */
function enterprise(i: number) {
  const industry = industries[i % industries.length]!;
  return {
    uscc: makeUscc(`91330106P${String(i).padStart(8, '0')}`),
    name: `杭州基准测试第${i}号企业有限公司`,
    code: communityOf(i),
    industry,
    employees: (i * 7) % 2000,
    revenue: ((i * 13) % 50000) + 0.5,
    assets: ((i * 17) % 80000) + 0.25,
    contact: `联系人${i % 1000}`,
    mobile: `13${String(i % 1_000_000_000).padStart(9, '0')}`,
    address: `杭州市西湖区基准路${i}号`,
    isKey: i % 10 === 0,
  };
}

const HEADER = [
  '统一社会信用代码',
  '企业名称',
  '所属区划代码',
  '行业',
  '从业人员(人)',
  '营业收入(万元)',
  '资产总额(万元)',
  '联系人',
  '联系电话',
  '地址',
  '重点企业',
];

async function writeLines(file: string, count: number, line: (i: number) => string, header?: string) {
  const out = createWriteStream(file);
  if (header) out.write(header);
  for (let i = 1; i <= count; i++) if (!out.write(line(i))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const importCsvLine = (i: number) => {
  const e = enterprise(i);
  return `${e.uscc},${e.name},${e.code},${INDUSTRIES[e.industry]},${e.employees},${e.revenue},${e.assets},${e.contact},${e.mobile},${e.address},${e.isKey ? '是' : '否'}\n`;
};

async function writeXlsx(file: string, count: number) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('企业');
  sheet.addRow(HEADER).commit();
  for (let i = 1; i <= count; i++) {
    const e = enterprise(i);
    sheet
      .addRow([
        e.uscc,
        e.name,
        e.code,
        INDUSTRIES[e.industry],
        e.employees,
        e.revenue,
        e.assets,
        e.contact,
        e.mobile,
        e.address,
        e.isKey ? '是' : '否',
      ])
      .commit();
    if (i % 20_000 === 0) await new Promise((r) => setImmediate(r));
  }
  sheet.commit();
  await workbook.commit();
}

if (writeOnly >= 0) {
  await writeLines(csvFile, rows, importCsvLine, `${HEADER.join(',')}\n`);
  await writeLines(csvQuarter, quarter, importCsvLine, `${HEADER.join(',')}\n`);
  await writeXlsx(xlsxFile, rows);
  await writeXlsx(xlsxQuarter, quarter);
  await writeLines(copyFile, rows, (i) => {
    const e = enterprise(i);
    // The size the import computes is part of the row; COPY gets it precomputed.
    return `${e.uscc},${e.name},${e.code},${e.industry},${e.employees},${e.revenue},${e.assets},micro,${e.contact},${e.mobile},${e.address},${e.isKey}\n`;
  });
  process.exit(0);
}

/** Samples the RSS every 200 ms while `task` runs. */
async function withRss<T>(task: () => Promise<T>) {
  const samples: number[] = [];
  const sample = () => samples.push(Math.round(process.memoryUsage().rss / 2 ** 20));
  sample();
  const timer = setInterval(sample, 200);
  try {
    return { result: await task(), rssMiB: samples, peakRssMiB: Math.max(...samples) };
  } finally {
    clearInterval(timer);
    sample();
  }
}

// A fresh database with the county, its townships and communities, and one county manager.
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const dbName = `coordnet_p4_${process.pid}`;
await admin.query(`create database ${dbName}`);
const url = new URL(withDatabase(adminUrl, dbName));
const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 4 });
const client = new pg.Client({ connectionString: url.toString() });

try {
  await database.migrate(path.join(repoRoot, 'migrations'));
  await client.connect();
  await client.query(`
    insert into jurisdictions (code, parent_code, level, name, depth) values
      ('330000000000', null, 'province', '浙江省', 0), ('330100000000', '330000000000', 'city', '杭州市', 1),
      ('330106000000', '330100000000', 'county', '西湖区', 2);
    insert into jurisdictions (code, parent_code, level, name, depth)
      select '330106' || t || '000', '330106000000', 'township', '镇' || t, 3 from generate_series(100, ${99 + TOWNSHIPS}) t;
    insert into jurisdictions (code, parent_code, level, name, depth)
      select '330106' || t || lpad(c::text, 3, '0'), '330106' || t || '000', 'community', '社区' || t || '-' || c, 4
        from generate_series(100, ${99 + TOWNSHIPS}) t, generate_series(1, ${COMMUNITIES_PER_TOWNSHIP}) c;`);
  const { rows: users } = await client.query<{ id: string }>(
    `insert into users (dingtalk_user_id, name) values ('bench-manager', '基准管理员') returning id`,
  );
  const principal = {
    user: { id: users[0]!.id, name: '基准管理员', mobile: null, dingtalkUserId: 'bench-manager' },
    coordinatorRoles: [],
    supervisorRoles: [],
    scope: { userId: users[0]!.id, rootCodes: [COUNTY], enterpriseIds: [], manageCodes: [COUNTY] },
  } satisfies Principal;
  const service = createImportService({
    database,
    clock: systemClock,
    storage: createLocalStorage(path.join(work, 'storage')),
    logger: { error: (obj, msg) => console.error(msg, obj) },
  });

  const reset = () =>
    client.query(
      'truncate enterprises, enterprise_tallies, enterprise_tallies_county, import_enterprise_rows cascade',
    );

  async function runImport(file: string, fileName: string) {
    await reset();
    await client.query('checkpoint');
    const actor = { principal, ip: null };
    const t0 = performance.now();
    const uploaded = await service.upload(actor, 'enterprises', fileName, createReadStream(file));
    const t1 = performance.now();
    await service.runner.idle();
    const validated = await service.get(principal, uploaded.id);
    if (validated.state !== 'validated')
      throw new Error(`dry run: ${JSON.stringify(validated).slice(0, 500)}`);
    const t2 = performance.now();
    await service.commit(actor, uploaded.id);
    await service.runner.idle();
    const t3 = performance.now();
    const done = await service.get(principal, uploaded.id);
    if (done.state !== 'committed' || done.inserts !== rowsIn(file))
      throw new Error(`commit: ${JSON.stringify(done).slice(0, 500)}`);
    const { rows: check } = await client.query<{ n: number }>('select count(*)::int as n from enterprises');
    if (check[0]!.n !== rowsIn(file)) throw new Error('row count mismatch');
    const processMs = t3 - t1;
    return {
      fileMiB: +(statSync(file).size / 2 ** 20).toFixed(1),
      uploadMs: Math.round(t1 - t0),
      dryRunMs: Math.round(t2 - t1),
      commitMs: Math.round(t3 - t2),
      importMs: Math.round(processMs),
      rowsPerSecond: Math.round((rowsIn(file) / processMs) * 1000),
      rowsPerSecondWithUpload: Math.round((rowsIn(file) / (t3 - t0)) * 1000),
    };
  }

  const sizes = new Map<string, number>();
  const rowsIn = (file: string) => sizes.get(file)!;

  function copy(file: string) {
    const started = performance.now();
    const result = spawnSync(
      'psql',
      [
        url.toString(),
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy enterprises (uscc, name, jurisdiction_code, industry, employees, revenue, assets, computed_size, contact_name, contact_mobile, address, is_key) from '${file}' with (format csv)`,
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`COPY failed: ${result.stderr}`);
    return Math.round(performance.now() - started);
  }

  log(`writing ${rows} rows as CSV, .xlsx and the COPY file`);
  const writer = spawnSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--rows', String(rows), '--write-files', work],
    { stdio: 'inherit' },
  );
  if (writer.status !== 0) throw new Error('writing the files failed');
  for (const [file, n] of [
    [csvFile, rows],
    [csvQuarter, quarter],
    [xlsxFile, rows],
    [xlsxQuarter, quarter],
    [copyFile, rows],
  ] as const)
    sizes.set(file, n);

  const loadAtStart = loadavg().map((l) => +l.toFixed(2));
  log('COPY baseline');
  await reset();
  const copyMs = [copy(copyFile)];
  // The quarter-size runs come first, so that a full run's heap cannot raise their peaks.
  log('CSV import (a quarter of the rows, for the memory comparison)');
  const csvSmall = await withRss(() => runImport(csvQuarter, 'enterprises-quarter.csv'));
  log('.xlsx import (a quarter of the rows, for the memory comparison)');
  const xlsxSmall = await withRss(() => runImport(xlsxQuarter, 'enterprises-quarter.xlsx'));
  log('CSV import');
  const csv = await withRss(() => runImport(csvFile, 'enterprises.csv'));
  log('.xlsx import');
  const xlsx = await withRss(() => runImport(xlsxFile, 'enterprises.xlsx'));
  log('COPY baseline again');
  await reset();
  copyMs.push(copy(copyFile));
  const bestCopyMs = Math.min(...copyMs);
  const copyRowsPerSecond = Math.round((rows / bestCopyMs) * 1000);

  const summarise = (run: typeof csv) => ({
    ...run.result,
    ratioToCopy: +(bestCopyMs / run.result.importMs).toFixed(2),
    peakRssMiB: run.peakRssMiB,
    rssMiBSamples: run.rssMiB.filter((_, i) => i % 5 === 0),
  });
  const csvSummary = summarise(csv);
  const xlsxSummary = summarise(xlsx);
  writeResult('p4-import', {
    target: '≥ 100,000 rows/s and ≥ 30% of COPY (ratioToCopy ≥ 0.3); peak RSS flat in file size',
    rows,
    database: 'PostgreSQL (local)',
    // The machine is shared: the 1/5/15-minute load averages when the runs began and ended.
    loadAverage: { start: loadAtStart, end: loadavg().map((l) => +l.toFixed(2)) },
    copy: { ms: copyMs, bestMs: bestCopyMs, rowsPerSecond: copyRowsPerSecond },
    csv: csvSummary,
    xlsx: xlsxSummary,
    memory: {
      csvQuarterRows: quarter,
      csvQuarterPeakRssMiB: csvSmall.peakRssMiB,
      csvFullPeakRssMiB: csv.peakRssMiB,
      csvQuarterImport: csvSmall.result,
      xlsxQuarterPeakRssMiB: xlsxSmall.peakRssMiB,
      xlsxFullPeakRssMiB: xlsx.peakRssMiB,
      xlsxQuarterImport: xlsxSmall.result,
    },
    pass: {
      csv: csvSummary.rowsPerSecond >= 100_000 && csvSummary.ratioToCopy >= 0.3,
      xlsx: xlsxSummary.rowsPerSecond >= 100_000 && xlsxSummary.ratioToCopy >= 0.3,
    },
  });
} finally {
  await client.end().catch(() => undefined);
  await database.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}
