import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, enterpriseOf, riskBody } from './helpers/duty-fixtures';
import { addGroup, createReminderHarness, type ReminderHarness } from './helpers/reminders';

// Monday 16 November 2026, 09:00 in Shanghai.
const NOW = '2026-11-16T01:00:00Z';
const HOUR = 3_600_000;

let h: ReminderHarness;
let own: { id: string; jurisdictionCode: string };
beforeAll(async () => {
  h = await createReminderHarness({ now: NOW });
  own = await enterpriseOf(h.t, '郑磊');
});
afterAll(() => h.close());

const report = async (extra: Record<string, unknown> = {}) => {
  const res = await h.t.request({
    method: 'POST',
    url: '/api/v1/risk-reports',
    as: '郑磊',
    payload: riskBody(own.id, '2026-11-16T00:30:00Z', extra),
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
const get = (id: string, as = '王海峰') =>
  h.t.request({ method: 'GET', url: `/api/v1/risk-cases/${id}`, as });
const act = (id: string, step: 'accept' | 'start', as: string) =>
  h.t.request({ method: 'POST', url: `/api/v1/risk-cases/${id}/${step}`, as });
const close = (id: string, as: string, outcome = '经调解，企业已补发工资') =>
  h.t.request({ method: 'POST', url: `/api/v1/risk-reports/${id}/close`, as, payload: { outcome } });
const list = (query: string, as = '王海峰') =>
  h.t.request({ method: 'GET', url: `/api/v1/risk-cases?${query}`, as });

describe('风险与纠纷: a risk report as a case (seed §二(二) fifth duty, §二(三) C4)', () => {
  it('a new report is 待受理 at the township with the county’s deadline for its severity (default 168 h)', async () => {
    const id = await report();
    const res = await get(id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      stage: 'pending',
      stageLabel: '待受理',
      handling: { code: own.jurisdictionCode.slice(0, 9).padEnd(12, '0') },
      escalations: 0,
      overdue: false,
      acceptedBy: null,
      canAct: true,
    });
    expect(res.json().deadlineAt).toBe(new Date(h.clock.now().getTime() + 168 * HOUR).toISOString());
  });

  it('待受理 → 已受理 (by whom) → 处理中 → 已办结 (with the result), each step audited', async () => {
    const id = await report();
    const accepted = await act(id, 'accept', '刘芳');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      stage: 'accepted',
      stageLabel: '已受理',
      acceptedBy: { name: '刘芳' },
    });
    const started = await act(id, 'start', '刘芳');
    expect(started.json()).toMatchObject({ stage: 'in_progress', stageLabel: '处理中' });
    // The township that answers for the case may close it too.
    expect((await close(id, '刘芳')).statusCode).toBe(200);
    const done = (await get(id)).json();
    expect(done).toMatchObject({
      stage: 'closed',
      stageLabel: '已办结',
      result: '经调解，企业已补发工资',
      closedBy: { name: '刘芳' },
      deadlineAt: null,
      overdue: false,
      canAct: false,
    });
    const audit = await h.t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${id} order by id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'risk_report.create',
      'risk_report.accept',
      'risk_report.start',
      'risk_report.close',
    ]);
  });

  it('steps out of order are a 409 with a Chinese message, and change nothing', async () => {
    const id = await report();
    const early = await act(id, 'start', '王海峰');
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('请先受理该风险报告');
    expect((await act(id, 'accept', '王海峰')).statusCode).toBe(200);
    const twice = await act(id, 'accept', '刘芳');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('该风险报告已受理(受理人:王海峰)');
    expect((await get(id)).json()).toMatchObject({ stage: 'accepted', acceptedBy: { name: '王海峰' } });
  });

  it('scope: the reporter and a viewer may not act (403); another county cannot see it (404); a bad id is a 400', async () => {
    const id = await report();
    const before = await countRows(h.t, 'risk_report_progress');
    expect((await act(id, 'accept', '郑磊')).statusCode).toBe(403);
    expect((await act(id, 'accept', '赵敏')).statusCode).toBe(403);
    expect((await act(id, 'accept', '孙立新')).statusCode).toBe(404);
    expect((await get(id, '孙立新')).statusCode).toBe(404);
    expect((await get(id, '郑磊')).json()).toMatchObject({ canAct: false });
    const bad = await act('not-a-uuid', 'accept', '王海峰');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await countRows(h.t, 'risk_report_progress')).toBe(before);
  });

  it('the list filters by jurisdiction, stage, severity and overdue, with counts by stage; out-of-scope filters are 404', async () => {
    const all = (await list('limit=200')).json();
    expect(all.total).toBe(all.items.length);
    expect(all.counts.pending + all.counts.accepted + all.counts.in_progress + all.counts.closed).toBe(
      all.total,
    );
    const pending = (await list('stage=pending')).json();
    expect(pending.items.every((c: { stage: string }) => c.stage === 'pending')).toBe(true);
    expect(pending.total).toBe(all.counts.pending);
    const township = (await list(`jurisdiction=${own.jurisdictionCode}`, '刘芳')).json();
    expect(township.total).toBeGreaterThan(0);
    expect((await list('severity=major')).json().total).toBe(0);
    expect((await list('overdue=true')).json().total).toBe(0);
    expect((await list('jurisdiction=330106000000', '孙立新')).statusCode).toBe(404);
    for (const q of [
      'stage=done',
      'severity=apocalyptic',
      'jurisdiction=12',
      'limit=0',
      'overdue=maybe',
      'foo=1',
    ]) {
      const res = await list(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // Another county's supervisor sees none of 西湖区's cases.
    expect((await list('', '孙立新')).json().items.map((c: { id: string }) => c.id)).not.toContain(
      all.items[0].id,
    );
  });
});

describe('风险与纠纷: deadlines and escalation to the next level’s group', () => {
  it('seed §二(三) C4: a major dispute still reaches the county group at once, and the county answers for it', async () => {
    const county = await addGroup(h, '330106000000');
    const id = await report({ severity: 'major', riskKind: 'collective_dispute' });
    await h.composer.composeUrgent();
    const rows = await h.t.database.db.execute<{ rule: string; payload: unknown }>(
      sql`select rule from reminder_outbox where rule = 'major_risk'`,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect((await get(id)).json()).toMatchObject({
      stage: 'pending',
      handling: { code: '330106000000' },
    });
    expect(county.accessToken).toBeTruthy();
  });

  it('a county setting shortens the deadline; when it passes the case moves up one level once, and that level’s group is told', async () => {
    const put = await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { riskDeadlineHoursGeneral: 2 },
    });
    expect(put.statusCode).toBe(200);
    const id = await report();
    const before = (await get(id)).json();
    expect(before.deadlineAt).toBe(new Date(h.clock.now().getTime() + 2 * HOUR).toISOString());
    expect((await act(id, 'accept', '刘芳')).statusCode).toBe(200);

    h.clock.advance(2 * HOUR + 60_000);
    expect((await get(id)).json().overdue).toBe(true);
    expect((await list('overdue=true')).json().items.map((c: { id: string }) => c.id)).toContain(id);
    await h.composer.composeUrgent();
    // Twice in the same minute: still one move.
    await h.composer.composeUrgent();
    const after = (await get(id)).json();
    expect(after).toMatchObject({
      stage: 'accepted',
      acceptedBy: { name: '刘芳' },
      handling: { code: '330106000000' },
      escalations: 1,
      overdue: false,
    });
    expect(after.deadlineAt).toBe(new Date(h.clock.now().getTime() + 2 * HOUR).toISOString());
    const events = await h.t.database.db.execute<{ jurisdiction_code: string; n: number }>(sql`
      select jurisdiction_code, count(*)::int as n from escalation_events
       where kind = 'risk_report.overdue' and payload->>'logId' = ${id} group by 1`);
    expect(events.rows).toEqual([{ jurisdiction_code: '330106000000', n: 1 }]);
    const outbox = await h.t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from reminder_outbox where rule = 'risk_overdue'`,
    );
    expect(outbox.rows[0]!.n).toBeGreaterThan(0);
    // Now the county answers: the township coordinator can no longer move it, the county can.
    expect((await act(id, 'start', '刘芳')).statusCode).toBe(403);
    expect((await act(id, 'start', '王海峰')).statusCode).toBe(200);

    // A closed case never moves again.
    expect((await close(id, '王海峰')).statusCode).toBe(200);
    h.clock.advance(3 * HOUR);
    await h.composer.composeUrgent();
    expect((await get(id)).json()).toMatchObject({ stage: 'closed', escalations: 1 });
  });

  it('a bad deadline setting is a 400 with the limits in Chinese', async () => {
    const res = await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { riskDeadlineHoursMajor: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('办结期限至少 1 小时');
  });
});
