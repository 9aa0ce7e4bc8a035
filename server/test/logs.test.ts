import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/lib/storage';
import {
  contactBody,
  coordinatorOf,
  enterpriseAt,
  enterpriseOf,
  guidanceBody,
  requestAsUser,
  riskBody,
  uploadPhoto,
  visitBody,
  dutyBookkeepingMismatches,
  NO_MISMATCHES,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  const a = await enterpriseAt(t, '330106109000', 1);
  const b = await enterpriseAt(t, '330106109000', 2);
  const park = await enterpriseAt(t, '330106400000', 0);
  const post = async (url: string, as: string, payload: object) => {
    const res = await t.request({ method: 'POST', url, as, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  ids.octContact = await post('/api/v1/contacts', '刘芳', contactBody(a.id, '2026-10-20T02:00:00Z'));
  ids.novContact = await post('/api/v1/contacts', '刘芳', contactBody(a.id, '2026-11-02T02:00:00Z'));
  ids.novVisit = await post(
    '/api/v1/visits',
    '刘芳',
    visitBody(b.id, '2026-11-03T02:00:00Z', [await uploadPhoto(t, '刘芳')]),
  );
  ids.parkContact = await post('/api/v1/contacts', '周强', contactBody(park.id, '2026-11-04T02:00:00Z'));
  ids.guidance = await post('/api/v1/guidance', '王海峰', guidanceBody(a.id, '2026-11-05T02:00:00Z'));
  const own = await enterpriseOf(t, '郑磊');
  ids.report = await post('/api/v1/risk-reports', '郑磊', riskBody(own.id, '2026-11-06T02:00:00Z'));
  ids.a = a.id;
});
afterAll(() => t.close());

const list = async (as: string, query = '') => {
  const res = await t.request({ method: 'GET', url: `/api/v1/logs?limit=50${query}`, as });
  expect(res.statusCode).toBe(200);
  return res.json() as { items: { id: string; kind: string }[]; nextCursor: string | null };
};

describe('GET /api/v1/logs', () => {
  it('a coordinator lists their own logs, newest first', async () => {
    const page = await list('刘芳');
    expect(page.items.map((i) => i.id)).toEqual([ids.novVisit, ids.novContact, ids.octContact]);
    expect(page.nextCursor).toBeNull();
    expect((await list('周强')).items.map((i) => i.id)).toEqual([ids.parkContact]);
    expect((await list('郑磊')).items.map((i) => i.id)).toEqual([ids.report]);
  });

  it('filters by kind, period, status and enterprise', async () => {
    expect((await list('刘芳', '&kind=visit')).items.map((i) => i.id)).toEqual([ids.novVisit]);
    expect((await list('刘芳', '&period=2026-10')).items.map((i) => i.id)).toEqual([ids.octContact]);
    expect((await list('刘芳', '&period=2026-Q4')).items).toHaveLength(3);
    expect((await list('刘芳', '&period=2025')).items).toHaveLength(0);
    expect((await list('刘芳', '&status=submitted')).items.map((i) => i.id)).toEqual([ids.novVisit]);
    expect((await list('刘芳', `&enterpriseId=${ids.a}`)).items.map((i) => i.id)).toEqual([
      ids.novContact,
      ids.octContact,
    ]);
  });

  it('supervisors list every log in their scope; mine=true narrows to their own', async () => {
    const all = (await list('王海峰')).items.map((i) => i.id);
    expect(all).toEqual(
      expect.arrayContaining(
        Object.entries(ids)
          .filter(([k]) => k !== 'a')
          .map(([, v]) => v),
      ),
    );
    expect((await list('王海峰', '&mine=true')).items.map((i) => i.id)).toEqual([ids.guidance]);
    expect((await list('赵敏')).items.length).toBe(all.length);
    expect((await list('孙立新')).items).toEqual([]);
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/logs?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        as: '王海峰',
      });
      const page = res.json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await list('王海峰')).items.map((i) => i.id));
  });

  it('bad queries → 400', async () => {
    for (const query of [
      'period=2026-13',
      'period=26-Q4',
      'kind=memo',
      'status=lost',
      'cursor=%%%',
      'limit=0',
      'mine=maybe',
    ]) {
      const res = await t.request({ method: 'GET', url: `/api/v1/logs?${query}`, as: '刘芳' });
      expect(res.statusCode, query).toBe(400);
    }
    const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs?cursor=${forged}`, as: '刘芳' })).statusCode,
    ).toBe(400);
  });
});

describe('GET /api/v1/logs/:id', () => {
  it('readable by the author, colleagues of the jurisdiction and supervisors above; 404 for others', async () => {
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${ids.novContact}`, as: '刘芳' })).statusCode,
    ).toBe(200);
    const colleague = await coordinatorOf(t, '330106109000');
    expect(
      (await requestAsUser(t, colleague.id, { method: 'GET', url: `/api/v1/logs/${ids.novContact}` }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${ids.novContact}`, as: '林晓燕' })).statusCode,
    ).toBe(200);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${ids.novContact}`, as: '周强' })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${ids.novContact}`, as: '孙立新' })).statusCode,
    ).toBe(404);
    // An enterprise coordinator reads only their own reports, not the township's logs.
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${ids.guidance}`, as: '郑磊' })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${ids.report}`, as: '郑磊' })).statusCode,
    ).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/logs/123', as: '郑磊' })).statusCode).toBe(400);
  });
});

describe('duty bookkeeping (DOMAIN.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});
