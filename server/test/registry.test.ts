import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { auditLog } from '../src/db/schema/audit';
import { enterprises } from '../src/db/schema/enterprises';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, as: string) => t.request({ method: 'GET', url, as });
const codesOf = (body: { items: { code: string }[] }) => body.items.map((j) => j.code);

async function enterpriseIn(code: string) {
  const [row] = await t.database.db
    .select({ id: enterprises.id, uscc: enterprises.uscc, name: enterprises.name })
    .from(enterprises)
    .where(eq(enterprises.jurisdictionCode, code))
    .limit(1);
  return row!;
}

describe('jurisdiction tree', () => {
  it('shows a county supervisor their county and its townships, park and nothing of the neighbour county', async () => {
    const res = await get('/api/v1/jurisdictions', '王海峰');
    expect(res.statusCode).toBe(200);
    const codes = codesOf(res.json());
    expect(codes[0]).toBe('330106000000');
    expect(codes).toEqual(expect.arrayContaining(['330106109000', '330106400000', '330106002000']));
    expect(codes).not.toContain('330105001000');
    const county = res.json().items[0];
    expect(county).toMatchObject({ level: 'county', name: '西湖区', childCount: 6 });
  });

  it('drills down from the province to the communities of a township', async () => {
    expect(codesOf((await get('/api/v1/jurisdictions?parent=330000000000', '陈建国')).json())).toEqual([
      '330100000000',
    ]);
    const town = await get('/api/v1/jurisdictions?parent=330106005000', '陈建国');
    expect(town.json().items).toEqual([
      {
        code: '330106005055',
        parentCode: '330106005000',
        level: 'community',
        name: '翠苑一区社区',
        childCount: 0,
        localCode: false,
      },
    ]);
  });

  it('marks the county’s park, which has no 统计用区划代码, as a local code', async () => {
    const county = await get('/api/v1/jurisdictions?parent=330106000000', '王海峰');
    const items = county.json().items as { code: string; localCode: boolean }[];
    expect(items.filter((j) => j.localCode).map((j) => j.code)).toEqual(['330106400000']);
  });

  it('answers 404 for a parent outside my scope, without saying whether it exists', async () => {
    const outside = await get('/api/v1/jurisdictions?parent=330105000000', '王海峰');
    const missing = await get('/api/v1/jurisdictions?parent=330106999000', '王海峰');
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
  });

  it('shows an enterprise coordinator only the jurisdiction of their enterprise', async () => {
    const res = await get('/api/v1/jurisdictions', '郑磊');
    expect(res.json().items).toHaveLength(1);
  });

  it('rejects a malformed code (400)', async () => {
    const res = await get('/api/v1/jurisdictions?parent=3301', '王海峰');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/12 位/);
  });
});

describe('enterprises', () => {
  it('lists a township coordinator only the enterprises of their township, mobiles masked', async () => {
    const res = await get('/api/v1/enterprises?limit=200', '刘芳');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { jurisdictionCode: string; contactMobile: string }[];
    expect(items.length).toBe(22);
    expect(items.every((e) => e.jurisdictionCode.startsWith('330106109'))).toBe(true);
    expect(items.every((e) => /^1\d{2}\*{4}\d{4}$/.test(e.contactMobile))).toBe(true);
  });

  it('lets a county supervisor filter by township and by size, and pages with a cursor', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `/api/v1/enterprises?jurisdiction=330106000000&limit=25${cursor ? `&cursor=${cursor}` : ''}`,
        '王海峰',
      );
      all.push(...res.json().items.map((e: { id: string }) => e.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(all.length).toBe(76);
    expect(new Set(all).size).toBe(76);
    const micro = await get('/api/v1/enterprises?size=micro&limit=200', '王海峰');
    expect(micro.json().items.every((e: { size: string }) => e.size === 'micro')).toBe(true);
    const other = await get('/api/v1/enterprises?jurisdiction=330105000000', '王海峰');
    expect(other.json().items).toEqual([]);
  });

  it('finds an enterprise by a fragment of its name or by its USCC', async () => {
    const target = await enterpriseIn('330106109000');
    const byName = await get(
      `/api/v1/enterprises?q=${encodeURIComponent(target.name.slice(2, 6))}`,
      '王海峰',
    );
    expect(byName.json().items.map((e: { id: string }) => e.id)).toContain(target.id);
    const byUscc = await get(`/api/v1/enterprises?q=${target.uscc}`, '王海峰');
    expect(byUscc.json().items.map((e: { id: string }) => e.id)).toEqual([target.id]);
    const wildcard = await get(`/api/v1/enterprises?q=${encodeURIComponent('%')}`, '王海峰');
    expect(wildcard.json().items).toEqual([]);
  });

  it('answers 404 for an enterprise outside my scope and for one that does not exist', async () => {
    const neighbour = await enterpriseIn('330105001000');
    expect((await get(`/api/v1/enterprises/${neighbour.id}`, '王海峰')).statusCode).toBe(404);
    expect((await get(`/api/v1/enterprises/${neighbour.id}`, '孙立新')).statusCode).toBe(200);
    expect((await get('/api/v1/enterprises/00000000-0000-4000-8000-000000000000', '王海峰')).statusCode).toBe(
      404,
    );
    expect((await get('/api/v1/enterprises/not-a-uuid', '王海峰')).statusCode).toBe(400);
  });

  it('shows an enterprise coordinator their own enterprise and nothing else', async () => {
    const res = await get('/api/v1/enterprises', '郑磊');
    expect(res.json().items).toHaveLength(1);
    const own = res.json().items[0].id;
    expect((await get(`/api/v1/enterprises/${own}`, '郑磊')).statusCode).toBe(200);
    const other = await enterpriseIn('330106400000');
    expect((await get(`/api/v1/enterprises/${other.id}`, '郑磊')).statusCode).toBe(404);
  });
});

describe('registering and changing enterprises', () => {
  const body = (overrides: Record<string, unknown> = {}) => ({
    uscc: makeUscc('91330106MA2J0001X'),
    name: '杭州测试新材料有限公司',
    jurisdictionCode: '330106109000',
    industry: 'industry',
    employees: 350,
    revenue: 5000,
    ...overrides,
  });
  const post = (payload: unknown, as = '王海峰') =>
    t.request({ method: 'POST', url: '/api/v1/enterprises', payload: payload as object, as });

  it('registers an enterprise, computes its size by the 2017 standard and audits it', async () => {
    const res = await post(body());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      computedSize: 'medium',
      size: 'medium',
      jurisdictionName: '三墩镇',
      inScope: true,
    });
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, res.json().id), eq(auditLog.action, 'enterprise.create')));
    expect(audit).toHaveLength(1);
  });

  it('rejects an invalid USCC with uscc_invalid and writes nothing', async () => {
    const before = await t.database.db.execute(sql`select count(*)::int as n from enterprises`);
    const res = await post(body({ uscc: '91330106MA2J0002X0' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'uscc_invalid', message: '统一社会信用代码校验位不正确' });
    const after = await t.database.db.execute(sql`select count(*)::int as n from enterprises`);
    expect(after.rows).toEqual(before.rows);
  });

  it('accepts a USCC typed in full-width characters with spaces, stored half-width', async () => {
    const uscc = makeUscc('91330106MA2J0003X');
    const typed = ` ${uscc.slice(0, 8)} ${uscc.slice(8)}`.replace(/[0-9A-Z]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    );
    const res = await post(body({ uscc: typed, name: '杭州全角输入科技有限公司' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().uscc).toBe(uscc);
  });

  it('says the letter O was probably typed for the digit 0, and refuses an all-zero 主体标识码', async () => {
    const withO = makeUscc('91330106MA2J0004X').replace(/0(?=004X)/, 'O');
    const o = await post(body({ uscc: withO }));
    expect(o.statusCode).toBe(400);
    expect(o.json().message).toBe(
      '统一社会信用代码不含字母 I、O、Z、S、V：第 13 位可能把数字 0 输成了字母 O',
    );
    const zeros = await post(body({ uscc: makeUscc('91330106000000000') }));
    expect(zeros.statusCode).toBe(400);
    expect(zeros.json().message).toBe('统一社会信用代码的主体标识码（第 9–17 位）不能全为 0');
  });

  it('rejects a duplicate USCC with 409', async () => {
    const existing = await enterpriseIn('330106002000');
    const res = await post(body({ uscc: existing.uscc }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('uscc_duplicate');
  });

  it('rejects unknown fields, wrong types and a bad mobile (400), never 500', async () => {
    for (const bad of [
      body({ foo: 1 }),
      body({ employees: 'many' }),
      body({ contactMobile: '12345' }),
      body({ jurisdictionCode: 'abc' }),
      [],
    ]) {
      const res = await post(bad);
      expect(res.statusCode).toBe(400);
      expect(typeof res.json().message).toBe('string');
    }
  });

  it('answers 400 jurisdiction_invalid for a code that is not in the registry', async () => {
    const res = await post(body({ uscc: makeUscc('91330106MA2J0003X'), jurisdictionCode: '330106777000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('jurisdiction_invalid');
  });

  it('forbids coordinators, viewers and supervisors of another county (403)', async () => {
    for (const name of ['刘芳', '赵敏', '孙立新', '郑磊']) {
      const res = await post(body({ uscc: makeUscc('91330106MA2J0004X') }), name);
      expect(res.statusCode).toBe(403);
    }
  });

  it('updates an enterprise, recomputes its size and keeps before/after in the audit log', async () => {
    const target = await enterpriseIn('330106004000');
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/enterprises/${target.id}`,
      as: '王海峰',
      payload: { industry: 'industry', employees: 5, revenue: 100, isKey: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ computedSize: 'micro', isKey: true });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, target.id), eq(auditLog.action, 'enterprise.update')));
    expect(audit?.before).toBeTruthy();
    expect(audit?.after).toMatchObject({ employees: 5 });
  });

  it('refuses an empty patch and a move into a county I do not manage', async () => {
    const target = await enterpriseIn('330106004000');
    expect(
      (
        await t.request({
          method: 'PATCH',
          url: `/api/v1/enterprises/${target.id}`,
          as: '王海峰',
          payload: {},
        })
      ).statusCode,
    ).toBe(400);
    const move = await t.request({
      method: 'PATCH',
      url: `/api/v1/enterprises/${target.id}`,
      as: '王海峰',
      payload: { jurisdictionCode: '330105001000' },
    });
    expect(move.statusCode).toBe(403);
  });
});

describe('coordinators', () => {
  it('lists the coordinators of my township with masked mobiles and Chinese kind labels', async () => {
    const res = await get('/api/v1/coordinators?kind=township&limit=200', '刘芳');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      name: string;
      mobile: string;
      kindLabel: string;
      jurisdictionCode: string;
    }[];
    expect(items).toHaveLength(4);
    expect(
      items.every((c) => c.jurisdictionCode === '330106109000' && c.kindLabel === '乡镇(街道)劳动关系协调员'),
    ).toBe(true);
    expect(items.every((c) => /^1\d{2}\*{4}\d{4}$/.test(c.mobile))).toBe(true);
  });

  it('lets a county supervisor see every kind of coordinator in the county, and no one of the neighbour county', async () => {
    const kinds = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/coordinators?limit=50${cursor ? `&cursor=${cursor}` : ''}`, '王海峰');
      for (const c of res.json().items) {
        kinds.add(c.kind);
        expect(c.jurisdictionCode.startsWith('330106')).toBe(true);
      }
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(kinds.size).toBe(10);
  });

  it('shows an enterprise coordinator the coordinators of their own enterprise only', async () => {
    const res = await get('/api/v1/coordinators', '郑磊');
    const items = res.json().items as { kind: string; enterpriseId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((c) => c.enterpriseId)).size).toBe(1);
  });

  it('rejects a forged cursor (400)', async () => {
    const res = await get('/api/v1/coordinators?cursor=bm90LWpzb24', '王海峰');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_cursor');
  });
});
