import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/lib/storage';
import { countRows, enterpriseAt, enterpriseOf, enterprisesAt, riskBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
let own: { id: string; jurisdictionCode: string };
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  own = await enterpriseOf(t, '郑磊');
});
afterAll(() => t.close());

const post = (as: string, payload: object) =>
  t.request({ method: 'POST', url: '/api/v1/risk-reports', as, payload });
const close = (id: string, outcome: unknown, as = '王海峰') =>
  t.request({ method: 'POST', url: `/api/v1/risk-reports/${id}/close`, as, payload: { outcome } as object });

async function escalations() {
  const rows = await t.database.db.execute<{
    kind: string;
    jurisdiction_code: string;
    payload: Record<string, unknown>;
    dispatched_at: string | null;
  }>(sql`select kind, jurisdiction_code, payload, dispatched_at from escalation_events order by id`);
  return rows.rows;
}

describe('POST /api/v1/risk-reports (C4, seed §二(三): report major disputes at once)', () => {
  it('seed §二(三) C4: an enterprise coordinator reports a dispute at their enterprise', async () => {
    const res = await post('郑磊', riskBody(own.id, '2026-11-15T23:00:00Z'));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'risk_report',
      status: 'open',
      riskReport: { riskKind: 'wage_arrears', severity: 'general', peopleAffected: 12, outcome: null },
    });
    expect(await escalations()).toEqual([]);
  });

  it('seed §二(三) C4: a major dispute (重大劳动关系矛盾纠纷) raises an escalation for the county group in the same transaction', async () => {
    const res = await post(
      '郑磊',
      riskBody(own.id, '2026-11-16T01:30:00Z', {
        riskKind: 'collective_dispute',
        severity: 'major',
        peopleAffected: 120,
        amountInvolved: 350.5,
        description: '约120名员工聚集反映加班费问题',
      }),
    );
    expect(res.statusCode).toBe(201);
    const events = await escalations();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'risk_report.major',
      jurisdiction_code: '330106000000',
      dispatched_at: null,
      payload: {
        logId: res.json().id,
        enterpriseId: own.id,
        riskKind: 'collective_dispute',
        riskKindLabel: '集体劳动争议',
        peopleAffected: 120,
        amountInvolved: 350.5,
        reporterName: '郑磊',
      },
    });
  });

  it('a replayed major report returns the stored one and raises no second escalation', async () => {
    const body = riskBody(own.id, '2026-11-16T01:40:00Z', { severity: 'major', riskKind: 'mass_departure' });
    const first = await post('郑磊', body);
    const count = (await escalations()).length;
    const again = await post('郑磊', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await escalations()).length).toBe(count);
  });

  it('any coordinator or supervisor who can read the enterprise may report; others get 404', async () => {
    const e = (await enterprisesAt(t, '330106109000')).find((x) => x.id !== own.id)!;
    expect((await post('刘芳', riskBody(e.id, '2026-11-15T02:00:00Z'))).statusCode).toBe(201);
    expect((await post('赵敏', riskBody(e.id, '2026-11-15T02:00:00Z'))).statusCode).toBe(201);
    const before = await countRows(t, 'duty_logs');
    // 郑磊 reads only his own enterprise; 周强 only his park.
    expect((await post('郑磊', riskBody(e.id, '2026-11-15T02:00:00Z'))).statusCode).toBe(404);
    expect((await post('周强', riskBody(e.id, '2026-11-15T02:00:00Z'))).statusCode).toBe(404);
    expect((await post('孙立新', riskBody(e.id, '2026-11-15T02:00:00Z'))).statusCode).toBe(404);
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('a report is no duty log for C1/C2', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/duties?rule=C1&period=2026-11&jurisdiction=330106109000&status=done',
      as: '王海峰',
    });
    expect(res.json().items.map((i: { id: string }) => i.id)).not.toContain(own.id);
  });

  it('bad input → 400', async () => {
    for (const payload of [
      { ...riskBody(own.id, '2026-11-15T02:00:00Z'), severity: 'apocalyptic' },
      { ...riskBody(own.id, '2026-11-15T02:00:00Z'), peopleAffected: -1 },
      { ...riskBody(own.id, '2026-11-15T02:00:00Z'), peopleAffected: 1.5 },
      { ...riskBody(own.id, '2026-11-15T02:00:00Z'), description: '' },
      { ...riskBody(own.id, '2026-11-15T02:00:00Z'), riskKind: undefined },
    ]) {
      const res = await post('郑磊', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('POST /api/v1/risk-reports/:id/close (supervisors close reports with an outcome)', () => {
  it('a manager supervisor closes an open report with its outcome; closing twice → 409', async () => {
    const report = (await post('郑磊', riskBody(own.id, '2026-11-14T02:00:00Z'))).json();
    expect((await close(report.id, '')).statusCode).toBe(400);
    const res = await close(report.id, '经调解，企业已于11月15日补发工资');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'closed',
      riskReport: { outcome: '经调解，企业已于11月15日补发工资', closedBy: { name: '王海峰' } },
    });
    expect(res.json().riskReport.closedAt).toBe('2026-11-16T02:00:00.000Z');
    const twice = await close(report.id, '再次办结');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('该风险报告已办结');
    const audit = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${report.id} order by id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['risk_report.create', 'risk_report.close']);
  });

  it('a coordinator or viewer may not close (403); another county’s supervisor cannot see it (404)', async () => {
    const report = (await post('郑磊', riskBody(own.id, '2026-11-14T03:00:00Z'))).json();
    expect((await close(report.id, '自行办结', '郑磊')).statusCode).toBe(403);
    expect((await close(report.id, '查看人员办结', '赵敏')).statusCode).toBe(403);
    expect((await close(report.id, '越权办结', '孙立新')).statusCode).toBe(404);
  });

  it('closing something that is not a risk report → 404', async () => {
    const e = await enterpriseAt(t, '330106109000', 5);
    const contact = await t.request({
      method: 'POST',
      url: '/api/v1/contacts',
      as: '刘芳',
      payload: {
        clientId: crypto.randomUUID(),
        enterpriseId: e.id,
        occurredAt: '2026-11-10T02:00:00Z',
        channel: 'phone',
        duties: ['risk_reporting'],
      },
    });
    expect((await close(contact.json().id, '不是报告')).statusCode).toBe(404);
  });
});
