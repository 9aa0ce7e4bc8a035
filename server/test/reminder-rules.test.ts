import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitMarkdown } from '../src/integrations/dingtalk/messages';
import { createReminderComposer } from '../src/modules/reminders/composer';
import { mentionOf } from '../src/modules/reminders/messages';
import { createSettingsService } from '../src/modules/settings/service';
import { createJurisdictionRepository } from '../src/modules/jurisdictions/repository';
import { enterpriseOf, registerEnterprise, riskBody } from './helpers/duty-fixtures';
import {
  addGroup,
  createReminderHarness,
  cst,
  outboxRows,
  shown,
  tick,
  type ReminderHarness,
} from './helpers/reminders';

/**
 * The reminder rules' settings (county policy with province defaults), the province's work-day
 * corrections, the delivery history (提醒记录) and who may see it — seed §二(三) work groups.
 */

let h: ReminderHarness;
let sandun: Awaited<ReturnType<typeof addGroup>>;
let cuiyuan: Awaited<ReturnType<typeof addGroup>>;
let county: Awaited<ReturnType<typeof addGroup>>;

beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-11-16', '08:00').toISOString() });
  sandun = await addGroup(h, '330106109000');
  cuiyuan = await addGroup(h, '330106005000');
  county = await addGroup(h, '330106000000');
});
afterAll(() => h.close());

const get = (as: string, query = '') => h.t.request({ method: 'GET', url: `/api/v1/reminders${query}`, as });

describe('seed §二(三) province work-day corrections (dates the calendar package does not know yet)', () => {
  it('the province makes Friday 2026-11-20 a day off and Saturday the 21st a work day: the 20th reminder moves to the 21st', async () => {
    const res = await h.t.request({
      method: 'PUT',
      url: '/api/v1/reminders/workday-overrides',
      as: '陈建国',
      payload: {
        province: '330000000000',
        overrides: [
          { date: '2026-11-20', workday: false, note: '示例：临时调整' },
          { date: '2026-11-21', workday: true },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ province: '330000000000', provinceName: '浙江省', editable: true });
    expect(res.json().knownYears).toContain(2026);
    const read = await h.t.request({ method: 'GET', url: '/api/v1/reminders/workday-overrides', as: '刘芳' });
    expect(read.json()).toMatchObject({
      editable: false,
      overrides: [
        { date: '2026-11-20', workday: false },
        { date: '2026-11-21', workday: true },
      ],
    });

    await tick(h, cst('2026-11-20', '09:00'));
    expect(shown(h, sandun.accessToken)).toEqual([]);
    await tick(h, cst('2026-11-21', '09:00'));
    expect(shown(h, sandun.accessToken).map((m) => m.title)).toEqual([
      '三墩镇待完成的联络和走访（截至11月21日）',
    ]);
  });

  it('only the province manages them (403 for a city supervisor); a code that is not a province → 400', async () => {
    const city = await h.t.request({
      method: 'PUT',
      url: '/api/v1/reminders/workday-overrides',
      as: '林晓燕',
      payload: { province: '330000000000', overrides: [] },
    });
    expect(city.statusCode).toBe(403);
    const notProvince = await h.t.request({
      method: 'GET',
      url: '/api/v1/reminders/workday-overrides?province=330100000000',
      as: '陈建国',
    });
    expect(notProvince.statusCode).toBe(400);
    expect(notProvince.json().code).toBe('workday_overrides_province_only');
  });
});

describe('delivery history (提醒记录): GET /api/v1/reminders, scope-limited', () => {
  it('a township coordinator sees her township group’s reminders with status and errcode, not the county’s', async () => {
    const own = await enterpriseOf(h.t, '郑磊');
    h.clock.set(cst('2026-11-22', '02:00'));
    const risk = await h.t.request({
      method: 'POST',
      url: '/api/v1/risk-reports',
      as: '郑磊',
      payload: riskBody(own.id, cst('2026-11-22', '01:30').toISOString(), { severity: 'major' }),
    });
    expect(risk.statusCode).toBe(201);
    await tick(h, cst('2026-11-22', '02:00'));
    expect(shown(h, county.accessToken)).toHaveLength(1);

    const liuFang = await get('刘芳');
    expect(liuFang.statusCode).toBe(200);
    const items = liuFang.json().items as {
      rule: string;
      jurisdictionCode: string;
      status: string;
      errcode: number;
    }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.jurisdictionCode === '330106109000')).toBe(true);
    expect(items[0]).toMatchObject({
      rule: 'due',
      status: 'sent',
      statusLabel: '已发送',
      errcode: 0,
      part: 1,
      parts: 1,
    });

    const wang = (await get('王海峰')).json().items as { rule: string }[];
    expect(wang.map((i) => i.rule)).toEqual(expect.arrayContaining(['due', 'major_risk']));
    expect((await get('孙立新')).json().items).toEqual([]);
    expect((await get('郑磊')).json().items).toEqual([]);
    expect((await get('王海峰', '?rule=major_risk')).json().items).toHaveLength(1);
    expect((await get('王海峰', '?status=failed')).json().items).toEqual([]);
  });

  it('personal work notifications: seen by the recipient and the supervisors, not by colleagues', async () => {
    // Tuesday 1 December: November closed, every township/park coordinator has overdue enterprises.
    await tick(h, cst('2026-12-01', '09:00'));
    const liuFangId = await h.t.userId('刘芳');
    const mine = (await get('刘芳', '?channel=work_notification')).json().items as {
      recipient: { userId: string };
      text: string;
    }[];
    expect(mine).toHaveLength(1);
    expect(mine[0]!.recipient.userId).toBe(liuFangId);
    expect(mine[0]!.text).toContain('刘芳，您负责的企业有逾期未完成的履职事项');
    const zhouQiang = (await get('周强', '?channel=work_notification')).json().items as {
      recipient: { name: string };
    }[];
    expect(zhouQiang.map((i) => i.recipient.name)).toEqual(['周强']);
    const supervisor = (await get('王海峰', '?channel=work_notification&limit=200')).json()
      .items as unknown[];
    expect(supervisor.length).toBe(15); // 西湖区's township and park coordinators
    // …and DingTalk got each once.
    expect(h.fake.notifications().length).toBe(16); // with 拱墅区's one
  });

  it('pages newest first with a cursor', async () => {
    const first = (await get('王海峰', '?limit=5')).json();
    expect(first.items).toHaveLength(5);
    const second = (await get('王海峰', `?limit=5&cursor=${first.nextCursor}`)).json();
    const ids = [...first.items, ...second.items].map((i: { id: string }) => Number(i.id));
    expect(new Set(ids).size).toBe(10);
    const bad = await get('王海峰', '?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it('masks mobiles in what it shows (DOMAIN §6), though DingTalk needed them whole', async () => {
    await h.t.database.db.execute(sql`
      insert into reminder_runs (run_key, rule, period, jurisdiction_code, group_id, messages, created_at)
      values ('manual:mobile', 'due', '2026-12-01', '330106109000', ${sandun.group.id}::uuid, 1, '2026-12-01T02:00:00Z')`);
    await h.t.database.db.execute(sql`
      insert into reminder_outbox (run_id, channel, group_id, jurisdiction_code, rule, period, part, parts, title,
        message, msg_uuid, routine, status, next_attempt_at, created_at, updated_at)
      select id, 'robot', ${sandun.group.id}::uuid, '330106109000', 'due', '2026-12-01', 1, 1, '提醒',
        '{"msgtype":"markdown","markdown":{"title":"提醒","text":"请 @13957112345 跟进"}}',
        '00000000-0000-8000-8000-0000000000aa', true, 'sent', now(), '2026-12-01T02:00:00Z', now()
        from reminder_runs where run_key = 'manual:mobile'`);
    const items = (await get('刘芳', '?limit=200')).json().items as { text: string }[];
    const text = items.map((i) => i.text).join('\n');
    expect(text).toContain('@139****2345');
    expect(text).not.toContain('13957112345');
  });
});

describe('rules are county policy settings, with province defaults', () => {
  it('a county that reminds from the 10th, from 10:00: nothing at 09:00, the reminder at 10:00', async () => {
    const res = await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { reminderDayOfMonth: 10, reminderWindowStart: 1000, reminderLastWorkdays: 0 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().effective).toMatchObject({ reminderDayOfMonth: 10, reminderWindowEnd: 2000 });
    const before = shown(h, cuiyuan.accessToken).length;
    await tick(h, cst('2026-12-10', '09:00'));
    expect(shown(h, cuiyuan.accessToken).length).toBe(before);
    await tick(h, cst('2026-12-10', '10:00'));
    expect(shown(h, cuiyuan.accessToken).length).toBe(before + 1);
    // Without the last-work-days rule, nothing at the end of December.
    await tick(h, cst('2026-12-31', '10:00'));
    expect(shown(h, cuiyuan.accessToken).length).toBe(before + 1);
  });

  it('bad values → 400 with a Chinese message', async () => {
    const res = await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { reminderWindowStart: 875 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('分钟应小于 60');
  });

  it('an enterprise registered in a community is on its township’s list', async () => {
    h.clock.set(cst('2026-12-14', '08:00'));
    const community = await registerEnterprise(h.t, '330106005055', { name: '杭州翠苑社区样板企业有限公司' });
    await tick(h, cst('2026-12-14', '10:00')); // a work day after the 10th: not a reminder day
    await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { reminderDayOfMonth: 15, reminderWindowStart: 1000 },
    });
    await tick(h, cst('2026-12-15', '10:00'));
    const last = shown(h, cuiyuan.accessToken).at(-1)!;
    expect(last.text).toContain(community.name);
  });
});

describe('several server instances', () => {
  it('two composers ticking at once compose every reminder once', async () => {
    const db = h.t.database.db;
    const settings = createSettingsService({
      db,
      clock: h.clock,
      jurisdictions: createJurisdictionRepository(db),
    });
    const other = createReminderComposer({ db, clock: h.clock, settings, workNotifications: true });
    // The county now reminds from the 16th: Wednesday 16 December is a reminder day.
    const at = cst('2026-12-16', '10:00');
    await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { reminderDayOfMonth: 16 },
    });
    const before = (await outboxRows(h)).length;
    const [a, b] = await Promise.all([h.composer.runReminderTick(at), other.runReminderTick(at)]);
    const added = (await outboxRows(h)).length - before;
    expect(a.messages + b.messages).toBe(added);
    expect(added).toBe(2); // 三墩镇 and 翠苑街道
  });
});

describe('message shapes', () => {
  it('@ by DingTalk userid; by mobile (atMobiles and @mobile in the text) only when no userid is known', () => {
    const at = mentionOf([
      { code: 'x', user_id: 'u1', name: '甲', mobile: '13900000001', dingtalk_user_id: 'ding1' },
      { code: 'x', user_id: 'u2', name: '乙', mobile: '13900000002', dingtalk_user_id: null },
    ])!;
    expect(at).toEqual({ atUserIds: ['ding1'], atMobiles: ['13900000002'] });
    const [message] = splitMarkdown('标题', ['内容'], { at });
    expect(message!.markdown.text).toContain('@13900000002');
    expect(message!.markdown.text).toContain('@ding1');
  });
});
