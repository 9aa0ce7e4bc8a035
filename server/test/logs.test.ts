import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorRoles } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import {
  contactBody,
  coordinatorOf,
  enterpriseAt,
  enterpriseOf,
  guidanceFor,
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
  ids.guidance = await post('/api/v1/guidance', '王海峰', await guidanceFor(t, a.id, '2026-11-05T02:00:00Z'));
  const own = await enterpriseOf(t, '郑磊');
  ids.report = await post('/api/v1/risk-reports', '郑磊', riskBody(own.id, '2026-11-06T02:00:00Z'));
  ids.a = a.id;
});
afterAll(() => t.close());

/** Any enterprise coordinator of the enterprise. */
async function coordinatorOfEnterprise(t: TestApp, enterpriseId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ userId: coordinatorRoles.userId })
    .from(coordinatorRoles)
    .where(and(eq(coordinatorRoles.enterpriseId, enterpriseId), eq(coordinatorRoles.kind, 'enterprise')))
    .limit(1);
  if (!row) throw new Error('the enterprise has no coordinator of its own');
  return row.userId;
}

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

describe('an enterprise coordinator’s contact history (seed §二(三) C1/C2 seen from the enterprise)', () => {
  const about: Record<string, string> = {};
  beforeAll(async () => {
    const own = await enterpriseOf(t, '郑磊');
    const post = async (url: string, payload: object) => {
      const res = await t.request({ method: 'POST', url, as: '刘芳', payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    about.contact = await post('/api/v1/contacts', contactBody(own.id, '2026-11-09T02:00:00Z'));
    about.photo = await uploadPhoto(t, '刘芳');
    // A mock location far away: the approver is warned, the enterprise is not shown the warning.
    about.visit = await post(
      '/api/v1/visits',
      visitBody(own.id, '2026-11-10T02:00:00Z', [about.photo], {
        checkIn: { latitude: 30.0, longitude: 119.5, accuracy: 10, isFromMock: true },
      }),
    );
    about.withdrawn = await post(
      '/api/v1/visits',
      visitBody(own.id, '2026-11-11T02:00:00Z', [await uploadPhoto(t, '刘芳')]),
    );
    const withdrawn = await t.request({
      method: 'DELETE',
      url: `/api/v1/visits/${about.withdrawn}`,
      as: '刘芳',
    });
    expect(withdrawn.statusCode).toBe(200);
  });

  it('郑磊 lists the contacts and visits made with his enterprise and his own reports, nothing else', async () => {
    const items = (await list('郑磊')).items as unknown as { id: string; enterprise: { id: string } }[];
    expect(items.map((i) => i.id)).toEqual([about.visit, about.contact, ids.report]);
    const own = await enterpriseOf(t, '郑磊');
    expect(items.every((i) => i.enterprise.id === own.id)).toBe(true);
    expect((await list('郑磊', '&kind=contact')).items.map((i) => i.id)).toEqual([about.contact]);
    expect((await list('郑磊', `&enterpriseId=${ids.a}`)).items).toEqual([]);
    expect((await list('郑磊', '&mine=true')).items.map((i) => i.id)).toEqual([ids.report]);
  });

  it('he reads them and the visit photos, without the check-in or the approver’s warnings', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/logs/${about.visit}`, as: '郑磊' });
    expect(res.statusCode).toBe(200);
    const log = res.json();
    expect(log.author.name).toBe('刘芳');
    expect(log.visit.checkIn).toBeNull();
    expect(log.visit.distanceMeters).toBeNull();
    expect(log.flags).toEqual([]);
    // The approver still sees them.
    const forApprover = await t.request({ method: 'GET', url: `/api/v1/logs/${about.visit}`, as: '王海峰' });
    expect(forApprover.json().flags).toContain('mock_location');
    const photo = await t.request({ method: 'GET', url: `/api/v1/uploads/${about.photo}`, as: '郑磊' });
    expect(photo.statusCode).toBe(200);
  });

  it('a withdrawn visit is not his to see; reading is all he can do', async () => {
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/logs/${about.withdrawn}`, as: '郑磊' })).statusCode,
    ).toBe(404);
    const approve = await t.request({
      method: 'POST',
      url: `/api/v1/visits/${about.visit}/approve`,
      as: '郑磊',
      payload: {},
    });
    expect(approve.statusCode).toBe(403);
    const correct = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${about.visit}`,
      as: '郑磊',
      payload: { revision: 1, photos: [about.photo], duties: ['law_publicity'], findings: '改' },
    });
    expect([403, 404]).toContain(correct.statusCode);
  });

  it('the coordinator of another enterprise in the same township sees none of it', async () => {
    const other = await coordinatorOfEnterprise(t, ids.a!);
    const res = await requestAsUser(t, other, { method: 'GET', url: '/api/v1/logs?limit=50' });
    expect(res.statusCode).toBe(200);
    const seen = (res.json().items as { id: string }[]).map((i) => i.id);
    expect(seen).not.toContain(about.contact);
    expect(seen).not.toContain(about.visit);
    expect(seen).not.toContain(ids.report);
    expect(
      (await requestAsUser(t, other, { method: 'GET', url: `/api/v1/logs/${about.visit}` })).statusCode,
    ).toBe(404);
  });
});

describe('duty bookkeeping (docs/domain.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});
