import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoordinatorProfile, TrainingSession } from '@coordnet/shared/api/development';
import type { CoordinatorStats } from '@coordnet/shared/api/stats';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
let liuFang: string;
let zhouQiang: string;
let zhengLei: string;
beforeAll(async () => {
  t = await createTestApp();
  liuFang = await t.userId('刘芳');
  zhouQiang = await t.userId('周强');
  zhengLei = await t.userId('郑磊');
});
afterAll(() => t.close());

const XIHU = '330106000000';
const SANDUN = '330106109000';
const GONGSHU = '330105000000';

const session = (overrides: object = {}) => ({
  jurisdictionCode: XIHU,
  heldOn: '2026-10-20',
  topic: '劳动合同管理与集体协商实务',
  hours: 6.5,
  trainer: '浙江工业大学 李教授',
  attendeeUserIds: [] as string[],
  ...overrides,
});

async function profile(userId: string, as: string): Promise<CoordinatorProfile> {
  const res = await t.request({ method: 'GET', url: `/api/v1/coordinators/${userId}/profile`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('training records (seed §二(三) 职业培训机制, §三(二) 技能等级培训)', () => {
  let recorded: TrainingSession;

  it('a county manager records a session with its attendees; it counts in their profiles', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '王海峰',
      payload: session({ attendeeUserIds: [liuFang, zhouQiang, liuFang] }),
    });
    expect(res.statusCode, res.body).toBe(201);
    recorded = res.json();
    expect(recorded).toMatchObject({ jurisdictionName: '西湖区', hours: 6.5, attendees: 2 });

    const mine = await profile(liuFang, '刘芳');
    expect(mine.training.sessions).toEqual([
      expect.objectContaining({ topic: '劳动合同管理与集体协商实务', hours: 6.5, organiser: '西湖区' }),
    ]);
    expect(mine.training.hoursThisYear).toBe(6.5);
    expect(mine.posts[0]).toMatchObject({ kind: 'township', jurisdictionName: '三墩镇' });
  });

  it('adds attendees later, once each, and lists the county sessions newest first', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/training-sessions/${recorded.id}/attendance`,
      as: '王海峰',
      payload: { userIds: [liuFang, zhengLei] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().attendees).toBe(3);
    await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '王海峰',
      payload: session({ heldOn: '2026-11-02', topic: '劳动争议调解技巧', hours: 3 }),
    });
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/training-sessions?jurisdiction=${XIHU}`,
      as: '赵敏',
    });
    expect(list.json().items.map((s: TrainingSession) => s.topic)).toEqual([
      '劳动争议调解技巧',
      '劳动合同管理与集体协商实务',
    ]);
  });

  it('refuses a viewer, another county, someone without a post there, a future date and bad hours', async () => {
    const viewer = await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '赵敏',
      payload: session(),
    });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().message).toContain('管理人员');
    const other = await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '孙立新',
      payload: session({ jurisdictionCode: GONGSHU, attendeeUserIds: [liuFang] }),
    });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({
      code: 'person_not_in_jurisdiction',
      details: { userIds: [liuFang] },
    });
    const future = await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '王海峰',
      payload: session({ heldOn: '2026-12-01' }),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toBe('培训日期不能晚于今天');
    const hours = await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '王海峰',
      payload: session({ hours: 0 }),
    });
    expect(hours.statusCode).toBe(400);
    expect(hours.json().message).toMatch(/学时/);
  });
});

describe('competition results and honours (seed §二(三) 技能比武, §二(四)4 金牌劳动关系协调员)', () => {
  it('the province records a 金牌 honour for a township coordinator; the county sees it in its list', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/awards',
      as: '陈建国',
      payload: {
        userId: liuFang,
        kind: 'honour',
        title: '金牌劳动关系协调员',
        awardedOn: '2026-09-10',
        issuer: '浙江省人力资源和社会保障厅',
        jurisdictionCode: '330000000000',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kindLabel: '荣誉称号', result: null, userName: '刘芳' });
    const county = await t.request({
      method: 'GET',
      url: `/api/v1/awards?jurisdiction=${XIHU}`,
      as: '王海峰',
    });
    expect(county.json().items.map((a: { title: string }) => a.title)).toContain('金牌劳动关系协调员');
    const other = await t.request({
      method: 'GET',
      url: `/api/v1/awards?jurisdiction=${GONGSHU}`,
      as: '孙立新',
    });
    expect(other.json().items).toEqual([]);
  });

  it('a competition result needs its result; it appears in the profile', async () => {
    const base = {
      userId: zhouQiang,
      kind: 'competition',
      title: '西湖区劳动关系协调师职业技能竞赛',
      awardedOn: '2026-06-18',
      issuer: '西湖区人力资源和社会保障局',
      jurisdictionCode: XIHU,
    };
    const missing = await t.request({ method: 'POST', url: '/api/v1/awards', as: '王海峰', payload: base });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('竞赛成绩');
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/awards',
      as: '王海峰',
      payload: { ...base, result: '一等奖' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const page = await profile(zhouQiang, '王海峰');
    expect(page.awards).toEqual([expect.objectContaining({ title: base.title, result: '一等奖' })]);
    expect(page.mobile).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('a profile is 404 outside my scope', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/coordinators/${liuFang}/profile`,
      as: '孙立新',
    });
    expect(res.statusCode).toBe(404);
    const park = await t.request({
      method: 'GET',
      url: `/api/v1/coordinators/${liuFang}/profile`,
      as: '周强',
    });
    expect(park.statusCode).toBe(404);
  });
});

describe('the database counts training and awards (seed §二(三) 工作联络机制)', () => {
  it('per child jurisdiction and overall, for the period', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${XIHU}&period=2026`,
      as: '王海峰',
    });
    const body: CoordinatorStats = res.json();
    // The October session: 刘芳, 周强 and 郑磊 (三墩镇) at 6.5 hours each; nobody attended the November one.
    expect(body.total.development).toEqual({
      trainedPeople: 3,
      trainingHours: 19.5,
      honours: 1,
      competitions: 1,
    });
    const sanDun = body.items.find((i) => i.code === SANDUN)!;
    expect(sanDun.development).toEqual({ trainedPeople: 2, trainingHours: 13, honours: 1, competitions: 0 });
    const month = await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${XIHU}&period=2026-11`,
      as: '王海峰',
    });
    expect(month.json().total.development).toEqual({
      trainedPeople: 0,
      trainingHours: 0,
      honours: 0,
      competitions: 0,
    });
  });
});

describe('honours are defined, with year and level (seed §二(四)4 金牌劳动关系协调员)', () => {
  const gold = (overrides: object = {}) => ({
    userId: liuFang,
    kind: 'honour',
    honour: 'gold_coordinator',
    year: 2025,
    level: 'city',
    awardedOn: '2026-03-01',
    issuer: '杭州市人力资源和社会保障局',
    jurisdictionCode: XIHU,
    ...overrides,
  });
  const post = (payload: object, as = '王海峰') =>
    t.request({ method: 'POST', url: '/api/v1/awards', as, payload });

  it('seed §二(四)4: a 金牌 honour is recorded by key with its year and level, and shows on the person’s page', async () => {
    const res = await post(gold());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      title: '金牌劳动关系协调员',
      honour: 'gold_coordinator',
      year: 2025,
      level: 'city',
      levelLabel: '市级',
    });
    const page = await profile(liuFang, '刘芳');
    expect(page.awards).toContainEqual(expect.objectContaining({ honour: 'gold_coordinator', year: 2025 }));
  });

  it('an honour by its title alone still maps to the defined one, with the recording level and the year given', async () => {
    const res = await post({
      ...gold(),
      honour: undefined,
      year: undefined,
      level: undefined,
      title: '技术能手',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ honour: 'skill_expert', level: 'county', year: 2026 });
  });

  it('free text is not an honour; a bad key, level or year is a 400 with a Chinese message; nothing is written', async () => {
    const before = await countAwards();
    for (const payload of [
      { ...gold(), honour: undefined, title: '优秀协调员' },
      gold({ honour: 'platinum' }),
      gold({ level: 'galactic' }),
      gold({ year: 2019 }),
      gold({ year: 2027 }),
      gold({ year: 2025.5 }),
    ]) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await countAwards()).toBe(before);
  });
});

async function countAwards(): Promise<number> {
  const rows = await t.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from coordinator_awards`,
  );
  return rows.rows[0]!.n;
}
