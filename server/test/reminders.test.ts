import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/lib/secret-box';
import { createWorkdayCalendar } from '../src/lib/workdays';
import { seedDemoWorkGroups } from '../src/modules/work-groups/demo';
import {
  contactBody,
  coordinatorOf,
  enterpriseOf,
  enterprisesAt,
  requestAsUser,
  riskBody,
  uploadPhotoAsUser,
  visitBody,
} from './helpers/duty-fixtures';
import {
  createReminderHarness,
  cst,
  cstDate,
  DEMO_GROUP_CODES as G,
  PUBLIC_URL,
  shown,
  tick,
  type ReminderHarness,
} from './helpers/reminders';
import { testConfig } from './helpers/test-app';

/**
 * A whole quarter (2026 Q3) of the demo county 杭州市西湖区 on the fake DingTalk, walked day by day
 * on a fixed clock: the reminders of seed §二(三) (layered work groups) over the cadence of
 * seed §二(三) (C1 monthly contact, C2 quarterly visit, C4 major disputes at once).
 */

const calendar = createWorkdayCalendar();
const TOWNSHIPS = [G.beishan, G.xixi, G.cuiyuan, G.sandun, G.shuangpu, G.park];
const UPPER = [G.county, G.city, G.province];

/** Robot messages expected per Shanghai date: `code:rule`, sorted. */
function expected(): Map<string, string[]> {
  const days = new Map<string, string[]>();
  const add = (date: string, codes: readonly string[], rule: string) =>
    days.set(date, [...(days.get(date) ?? []), ...codes.map((c) => `${c}:${rule}`)].sort());
  const allButShuangpu = TOWNSHIPS.filter((c) => c !== G.shuangpu);
  // First work day after June and Q2 closed: overdue lists and summaries at every level.
  add('2026-07-01', TOWNSHIPS, 'overdue');
  add('2026-07-01', UPPER, 'summary');
  // From the 20th and on the last three work days: what is still due (双浦镇's C2 is still open).
  for (const d of ['2026-07-20', '2026-07-29', '2026-07-30', '2026-07-31']) add(d, TOWNSHIPS, 'due');
  // July closed: 双浦镇 contacted all its enterprises in July, so it has nothing overdue.
  add('2026-08-03', allButShuangpu, 'overdue');
  add('2026-08-03', UPPER, 'summary');
  // A major dispute on a Saturday night reaches the county group within the minute.
  add('2026-08-15', [G.county], 'major_risk');
  // Nobody closes it within the county's 24 hours (风险与纠纷): at the simulation's next dispatch
  // after each deadline the next level up is told — 杭州市, then 浙江省 a day later.
  add('2026-08-17', [G.city], 'risk_overdue');
  add('2026-08-18', [G.province], 'risk_overdue');
  for (const d of ['2026-08-20', '2026-08-27', '2026-08-28', '2026-08-31']) add(d, TOWNSHIPS, 'due');
  add('2026-09-01', TOWNSHIPS, 'overdue');
  add('2026-09-01', UPPER, 'summary');
  // 双浦镇's visits of Thursday 3 September wait for approval over the weekend: Monday's backlog note.
  add('2026-09-07', [G.county], 'approval_backlog');
  // Sunday 20 September is a 调休 work day (国庆); 双浦镇 has visited everything (approved on the 8th).
  for (const d of ['2026-09-20', '2026-09-28', '2026-09-29', '2026-09-30']) add(d, allButShuangpu, 'due');
  // 国庆 1–7 October: nothing routine. Thursday 8 October: September and Q3 overdue notices.
  add('2026-10-08', allButShuangpu, 'overdue');
  add('2026-10-08', UPPER, 'summary');
  return days;
}

let h: ReminderHarness;
let groupCodeById: Map<string, string>;

beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-06-30', '18:00').toISOString() });
  const db = h.t.database.db;
  const secretsKey = testConfig().secretsKey;
  await seedDemoWorkGroups(db, { clock: h.clock, secretBox: createSecretBox(secretsKey), secretsKey });
  const groups = await db.execute<{ id: string; jurisdiction_code: string }>(
    sql`select id, jurisdiction_code from work_groups`,
  );
  groupCodeById = new Map(groups.rows.map((g) => [g.id, g.jurisdiction_code]));
  for (const code of groupCodeById.values())
    h.fake.addRobot({ accessToken: `demorobot${code}`, secret: `SECdemo${code}` });
});
afterAll(() => h?.close());

describe('seed §二(三) a simulated quarter of reminders for 西湖区 (2026 Q3)', () => {
  const sent: { date: string; hhmm: string; code: string; rule: string; routine: boolean }[] = [];
  const notifications: { date: string; userId: string }[] = [];
  let majorRiskDelay = -1;

  it('walks 2026-07-01 … 2026-10-12 at 07:00, 09:00, 13:00 and 21:00 with the duty work in between', async () => {
    const t = h.t;
    const shuangpu = await enterprisesAt(t, G.shuangpu);
    const shuangpuCoordinator = await coordinatorOf(t, G.shuangpu);
    const zhengLei = await enterpriseOf(t, '郑磊');
    const visitIds: string[] = [];

    const events: { at: Date; run: () => Promise<void> }[] = [
      {
        // 双浦镇's coordinator contacts all 8 of its enterprises in July (C1 done for July).
        at: cst('2026-07-06', '10:00'),
        run: async () => {
          for (const e of shuangpu) {
            const res = await requestAsUser(t, shuangpuCoordinator.id, {
              method: 'POST',
              url: '/api/v1/contacts',
              payload: contactBody(e.id, cst('2026-07-06', '10:00').toISOString()),
            });
            expect(res.statusCode).toBe(201);
          }
        },
      },
      {
        // A major dispute reported on Saturday night (C4).
        at: cst('2026-08-15', '23:10'),
        run: async () => {
          const res = await t.request({
            method: 'POST',
            url: '/api/v1/risk-reports',
            as: '郑磊',
            payload: riskBody(zhengLei.id, cst('2026-08-15', '22:40').toISOString(), {
              riskKind: 'collective_dispute',
              severity: 'major',
              peopleAffected: 120,
              amountInvolved: 350.5,
              description: '约120名员工聚集反映加班费问题',
            }),
          });
          expect(res.statusCode).toBe(201);
        },
      },
      {
        // …and the dispatcher's next look, 40 seconds later.
        at: cst('2026-08-15', '23:10'),
        run: async () => {
          const at = new Date(cst('2026-08-15', '23:10').getTime() + 40_000);
          await tick(h, at);
          const risk = shown(h).find((m) => m.title.startsWith('重大劳动关系矛盾纠纷'));
          majorRiskDelay = risk ? new Date(risk.at).getTime() - cst('2026-08-15', '23:10').getTime() : -1;
        },
      },
      {
        // 双浦镇 visits all 8 enterprises on Thursday 3 September (C2 awaiting approval, C1 done).
        at: cst('2026-09-03', '10:00'),
        run: async () => {
          for (const e of shuangpu) {
            const photo = await uploadPhotoAsUser(t, shuangpuCoordinator.id);
            const res = await requestAsUser(t, shuangpuCoordinator.id, {
              method: 'POST',
              url: '/api/v1/visits',
              payload: visitBody(e.id, cst('2026-09-03', '10:00').toISOString(), [photo]),
            });
            expect(res.statusCode).toBe(201);
            visitIds.push(res.json().id);
          }
        },
      },
      {
        // The county approves them on Tuesday 8 September before the morning's reminders.
        at: cst('2026-09-08', '08:00'),
        run: async () => {
          const res = await t.request({
            method: 'POST',
            url: '/api/v1/visits/bulk-approve',
            as: '王海峰',
            payload: { ids: visitIds },
          });
          expect(res.statusCode).toBe(200);
        },
      },
    ];

    const seenUuids = new Set<string>();
    const collect = async () => {
      const rows = await t.database.db.execute<{
        msg_uuid: string;
        channel: string;
        group_id: string | null;
        recipient_user_id: string | null;
        rule: string;
        routine: boolean;
        sent_at: string | Date;
      }>(sql`select msg_uuid, channel, group_id, recipient_user_id, rule, routine, sent_at
               from reminder_outbox where status = 'sent' and rule <> 'test' order by id`);
      for (const row of rows.rows) {
        if (seenUuids.has(row.msg_uuid)) continue;
        seenUuids.add(row.msg_uuid);
        const at = new Date(row.sent_at);
        const local = new Date(at.getTime() + 8 * 3_600_000).toISOString();
        if (row.channel === 'robot')
          sent.push({
            date: local.slice(0, 10),
            hhmm: local.slice(11, 16),
            code: groupCodeById.get(row.group_id!)!,
            rule: row.rule,
            routine: row.routine,
          });
        else notifications.push({ date: local.slice(0, 10), userId: row.recipient_user_id! });
      }
    };

    const start = cst('2026-07-01', '00:00').getTime();
    const end = cst('2026-10-12', '00:00').getTime();
    for (let day = start; day <= end; day += 86_400_000) {
      const date = cstDate(new Date(day));
      for (const hhmm of ['07:00', '09:00', '13:00', '21:00']) {
        const at = cst(date, hhmm);
        for (const event of events.filter((e) => e.at.getTime() <= at.getTime())) {
          h.clock.set(event.at);
          await event.run();
          events.splice(events.indexOf(event), 1);
        }
        await tick(h, at);
        await collect();
      }
    }
    expect(events).toEqual([]);
  }, 240_000);

  it('sends exactly the expected messages on the expected days, and nothing else', () => {
    const actual = new Map<string, string[]>();
    for (const m of sent) actual.set(m.date, [...(actual.get(m.date) ?? []), `${m.code}:${m.rule}`].sort());
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected()));
  });

  it('the 20th-of-month reminder goes out on Sunday 2026-09-20, an adjusted work day (调休)', () => {
    expect(sent.filter((m) => m.date === '2026-09-20' && m.rule === 'due')).toHaveLength(5);
  });

  it('nothing routine 2026-10-01 … 10-07 (国庆); the Q3 overdue notices on Thursday 2026-10-08', () => {
    expect(sent.filter((m) => m.date >= '2026-10-01' && m.date <= '2026-10-07')).toEqual([]);
    const october8 = sent.filter((m) => m.date === '2026-10-08');
    expect(october8.filter((m) => m.rule === 'overdue')).toHaveLength(5);
    expect(october8.filter((m) => m.rule === 'summary')).toHaveLength(3);
  });

  it('routine reminders only on work days between 08:30 and 20:00; the C4 report at 23:10 on a Saturday', () => {
    for (const m of sent.filter((s) => s.routine)) {
      expect(m.hhmm >= '08:30' && m.hhmm < '20:00').toBe(true);
      expect(calendar.isWorkday(m.date)).toBe(true);
    }
    const risk = sent.filter((m) => m.rule === 'major_risk');
    expect(risk).toEqual([
      { date: '2026-08-15', hhmm: '23:10', code: G.county, rule: 'major_risk', routine: false },
    ]);
  });

  it('seed §二(三) C4: the major dispute reached the county group within one minute', () => {
    expect(majorRiskDelay).toBeGreaterThanOrEqual(0);
    expect(majorRiskDelay).toBeLessThanOrEqual(60_000);
    const risk = shown(h).find((m) => m.title.startsWith('重大劳动关系矛盾纠纷'))!;
    expect(risk.token).toBe(`demorobot${G.county}`);
    expect(risk.text).toContain('涉及人数**：120 人');
    expect(risk.text).toContain(`](${PUBLIC_URL}/enterprises/`);
  });

  it('every message was shown in its DingTalk group exactly once (after the demo groups’ hello)', async () => {
    const received = h.fake.received();
    const hello = received.filter((m) =>
      String((m.body.markdown as { title: string }).title).endsWith('已接入 CoordNet'),
    );
    expect(hello).toHaveLength(9);
    expect(received).toHaveLength(sent.length + hello.length);
    expect(new Set(received.map((m) => m.body.msgUuid)).size).toBe(received.length);
    const states = await h.t.database.db.execute<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from reminder_outbox group by status`,
    );
    expect(states.rows).toEqual([{ status: 'sent', n: sent.length + notifications.length + hello.length }]);
  });

  it('personal work notifications on the days after a close, at most once a day per person', async () => {
    const byDate = new Map<string, string[]>();
    for (const n of notifications) byDate.set(n.date, [...(byDate.get(n.date) ?? []), n.userId]);
    // 16 township/park coordinators in 西湖区 and 拱墅区; 双浦镇's one had nothing overdue in July and Q3.
    expect(Object.fromEntries([...byDate].map(([d, ids]) => [d, ids.length]))).toEqual({
      '2026-07-01': 16,
      '2026-08-03': 15,
      '2026-09-01': 16,
      '2026-10-08': 15,
    });
    for (const ids of byDate.values()) expect(new Set(ids).size).toBe(ids.length);
    expect(byDate.get('2026-10-08')).toContain(await h.t.userId('刘芳'));
    expect(h.fake.notifications()).toHaveLength(notifications.length);
    expect(h.fake.droppedNotifications()).toEqual([]);
  });
});
