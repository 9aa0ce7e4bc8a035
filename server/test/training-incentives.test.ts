import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInSheetResult, TrainingSession } from '@coordnet/shared/api/development';
import type { IncentiveEntry, IncentivePage } from '@coordnet/shared/api/incentives';
import { XLSX_CONTENT_TYPE } from '@coordnet/shared/api/stats';
import { auditLog } from '../src/db/schema/audit';
import { incentiveClaims, trainingAttendance } from '../src/db/schema/development';
import { coordinatorRoles, users } from '../src/db/schema/people';
import { multipart } from './helpers/duty-fixtures';
import { csvOf, xlsxOf } from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
let liuFang: string;
let zhouQiang: string;
let zhengLei: string;
let mobileOf: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  liuFang = await t.userId('刘芳');
  zhouQiang = await t.userId('周强');
  zhengLei = await t.userId('郑磊');
  const rows = await t.database.db
    .select({ name: users.name, mobile: users.mobile })
    .from(users)
    .where(sql`${users.name} in ('刘芳', '周强', '郑磊', '孙立新')`);
  mobileOf = Object.fromEntries(rows.map((r) => [r.name, r.mobile!]));
});
afterAll(() => t.close());

const XIHU = '330106000000';

async function newSession(hours = 4): Promise<TrainingSession> {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/training-sessions',
    as: '王海峰',
    payload: {
      jurisdictionCode: XIHU,
      heldOn: '2026-11-10',
      topic: '劳动争议调解实务',
      hours,
      trainer: '西湖区仲裁院 王律师',
      attendeeUserIds: [],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const attendanceRows = async (sessionId: string) =>
  t.database.db.select().from(trainingAttendance).where(eq(trainingAttendance.sessionId, sessionId));

describe('adding attendees to a recorded session (seed §二(三) 职业培训机制: 培训学时)', () => {
  it('adds people with their hours, once each; adding again replaces the hours, never a second row', async () => {
    const s = await newSession(4);
    const add = (payload: object, as = '王海峰') =>
      t.request({ method: 'POST', url: `/api/v1/training-sessions/${s.id}/attendance`, as, payload });
    const first = await add({ userIds: [liuFang, zhouQiang], hours: 2.5 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().attendees).toBe(2);
    const again = await add({ userIds: [liuFang], hours: 3 });
    expect(again.json().attendees).toBe(2);
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/training-sessions/${s.id}/attendees`,
      as: '赵敏',
    });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { userId: string; hours: number; mobile: string }[];
    expect(items.find((i) => i.userId === liuFang)!.hours).toBe(3);
    expect(items.find((i) => i.userId === zhouQiang)!.hours).toBe(2.5);
    expect(items.every((i) => /^\d{3}\*{4}\d{4}$/.test(i.mobile))).toBe(true);
    // The profile counts the hours attended, not the session's.
    const profile = await t.request({
      method: 'GET',
      url: `/api/v1/coordinators/${liuFang}/profile`,
      as: '刘芳',
    });
    expect(profile.json().training.sessions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: s.id, hours: 3 })]),
    );
  });

  it('refuses a viewer (403), another county (404), more hours than the session and people outside (400), writing nothing', async () => {
    const s = await newSession(2);
    const add = (payload: object, as = '王海峰') =>
      t.request({ method: 'POST', url: `/api/v1/training-sessions/${s.id}/attendance`, as, payload });
    expect((await add({ userIds: [liuFang] }, '赵敏')).statusCode).toBe(403);
    expect((await add({ userIds: [liuFang] }, '孙立新')).statusCode).toBe(404);
    const tooLong = await add({ userIds: [liuFang], hours: 3 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().message).toBe('参训学时不能超过本期培训的 2 学时');
    const outsider = await t.userId('孙立新');
    const outside = await add({ userIds: [liuFang, outsider] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({
      code: 'person_not_in_jurisdiction',
      details: { userIds: [outsider] },
    });
    const empty = await add({ userIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/请选择参训人员/);
    expect(await attendanceRows(s.id)).toHaveLength(0);
  });
});

describe('签到表导入 (seed §二(三) 职业培训机制): preview, then all rows or none', () => {
  const upload = (
    sessionId: string,
    file: Buffer,
    confirm: boolean,
    as = '王海峰',
    filename = 'sign-in.csv',
  ) =>
    t.request({
      method: 'POST',
      url: `/api/v1/training-sessions/${sessionId}/sign-in-sheet?confirm=${confirm}`,
      as,
      ...multipart(file, { filename, contentType: 'text/csv' }),
    });

  it('previews a sheet with a title row: matched rows, and each unmatched or wrong row said in Chinese', async () => {
    const s = await newSession(3);
    const sheet = csvOf([
      ['劳动争议调解实务培训签到表', '', ''],
      ['姓名', '手机号', '学时'],
      ['周强', mobileOf['周强']!, 3],
      ['刘芳', '', '2'],
      ['张无此人', '', ''],
      ['郑磊', mobileOf['周强']!, ''],
      ['刘芳', '', ''],
      ['郑磊', '', '5'],
    ]);
    const res = await upload(s.id, sheet, false);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as SignInSheetResult;
    expect(body).toMatchObject({ written: false, matched: 2, problems: 4 });
    const problem = (rowNo: number) => body.rows.find((r) => r.rowNo === rowNo)!.problem;
    expect(problem(3)).toBeNull();
    expect(body.rows.find((r) => r.rowNo === 3)).toMatchObject({ userId: zhouQiang, hours: 3 });
    expect(problem(5)).toBe('本地区在岗的劳动关系协调员中没有“张无此人”');
    expect(problem(6)).toBe('姓名与手机号不符（该手机号登记的姓名是 周强）');
    expect(problem(7)).toBe('与第 4 行是同一人');
    expect(problem(8)).toBe('学时不能超过本期培训的 3 学时');
    expect(body.rows.every((r) => r.mobile === null || /^\d{3}\*{4}\d{4}$/.test(r.mobile))).toBe(true);
    expect(await attendanceRows(s.id)).toHaveLength(0);

    // Confirming a sheet with problems writes nobody (not even the matched rows) and says why.
    const refused = await upload(s.id, sheet, true);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'sign_in_sheet_invalid' });
    expect(refused.json().message).toMatch(/^签到表有 4 行无法登记，未登记任何人员/);
    expect(refused.json().details.rows).toHaveLength(4);
    expect(await attendanceRows(s.id)).toHaveLength(0);
  });

  it('confirms a clean .xlsx: every row written in one go, with its hours; uploading it again adds nobody twice', async () => {
    const s = await newSession(3);
    const file = await xlsxOf([
      ['姓名', '手机号码', '参训学时'],
      ['周强', mobileOf['周强']!, 1.5],
      ['刘芳', '', ''],
    ]);
    const res = await upload(s.id, file, true, '王海峰', 'sign-in.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ written: true, matched: 2, problems: 0, session: { attendees: 2 } });
    const rows = await attendanceRows(s.id);
    expect(rows.find((r) => r.userId === zhouQiang)!.hours).toBe(1.5);
    expect(rows.find((r) => r.userId === liuFang)!.hours).toBeNull();
    const again = await upload(s.id, file, true, '王海峰', 'sign-in.xlsx');
    expect(again.json().rows.every((r: { already: boolean }) => r.already)).toBe(true);
    expect(await attendanceRows(s.id)).toHaveLength(2);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'training_session.sign_in_sheet'))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(audit!.entityId).toBe(s.id);
  });

  it('asks for the mobile when two people under the county share a name', async () => {
    const s = await newSession(3);
    const [twin] = await t.database.db
      .insert(users)
      .values({ name: '刘芳', dingtalkUserId: 'twin-liufang', mobile: '13900009999' })
      .returning({ id: users.id });
    await t.database.db.insert(coordinatorRoles).values({
      userId: twin!.id,
      kind: 'community',
      jurisdictionCode: '330106109001',
      validFrom: '2025-01-01',
    });
    try {
      const res = await upload(
        s.id,
        csvOf([
          ['姓名', '手机号'],
          ['刘芳', ''],
          ['刘芳', '139 0000 9999'],
        ]),
        false,
      );
      expect(res.json().rows[0].problem).toBe('本地区有 2 名“刘芳”，请填写手机号以区分');
      expect(res.json().rows[1]).toMatchObject({ userId: twin!.id, problem: null });
    } finally {
      await t.database.db.delete(coordinatorRoles).where(eq(coordinatorRoles.userId, twin!.id));
    }
  });

  it('rejects what cannot be a sign-in sheet with a Chinese 400, and strangers with 403/404', async () => {
    const s = await newSession(3);
    const noHeader = await upload(
      s.id,
      csvOf([
        ['编号', '单位'],
        ['1', '三墩镇'],
      ]),
      false,
    );
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().message).toMatch(/缺少“姓名”列/);
    const empty = await upload(s.id, csvOf([['姓名', '手机号']]), false);
    expect(empty.json().message).toBe('签到表中没有参训人员');
    const binary = await upload(s.id, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), false);
    expect(binary.statusCode).toBe(400);
    expect(binary.json().message).toMatch(/旧版 \.xls/);
    const none = await t.request({
      method: 'POST',
      url: `/api/v1/training-sessions/${s.id}/sign-in-sheet`,
      as: '王海峰',
    });
    expect(none.statusCode).toBe(400);
    const sheet = csvOf([['姓名'], ['刘芳']]);
    expect((await upload(s.id, sheet, false, '赵敏')).statusCode).toBe(403);
    expect((await upload(s.id, sheet, false, '孙立新')).statusCode).toBe(404);
    // A township coordinator cannot read the county's session at all.
    expect((await upload(s.id, sheet, false, '刘芳')).statusCode).toBe(404);
  });
});

describe('技能提升补贴 and 金牌 lists (seed §二(四)2 四级、三级证书 → 技能提升补贴; §二(四)4 金牌劳动关系协调员)', () => {
  let zhengLeiLevel: string | null;
  beforeAll(async () => {
    const [post] = await t.database.db
      .select({ level: coordinatorRoles.skillLevel })
      .from(coordinatorRoles)
      .where(and(eq(coordinatorRoles.userId, zhengLei), eq(coordinatorRoles.kind, 'enterprise')));
    zhengLeiLevel = post!.level;
    await t.database.db
      .update(coordinatorRoles)
      .set({ skillLevel: 'level4', certificateNo: 'ZJ2025000001' })
      .where(and(eq(coordinatorRoles.userId, zhengLei), eq(coordinatorRoles.kind, 'enterprise')));
  });
  afterAll(async () => {
    await t.database.db
      .update(coordinatorRoles)
      .set({ skillLevel: zhengLeiLevel as never })
      .where(and(eq(coordinatorRoles.userId, zhengLei), eq(coordinatorRoles.kind, 'enterprise')));
  });

  const list = async (kind: string, query: string, as = '王海峰') => {
    const res = await t.request({ method: 'GET', url: `/api/v1/incentives/${kind}?limit=200&${query}`, as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as IncentivePage;
  };
  const advance = (kind: string, payload: object, as = '王海峰') =>
    t.request({ method: 'POST', url: `/api/v1/incentives/${kind}/advance`, as, payload });

  it('lists enterprise coordinators holding 四级 or 三级 (not 二级/一级, not grassroots posts), one entry per level, 待申领', async () => {
    const page = await list('subsidy', `jurisdiction=${XIHU}`);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.skillLevel === 'level4' || i.skillLevel === 'level3')).toBe(true);
    expect(page.items.every((i) => i.status === 'pending' && i.statusLabel === '待申领')).toBe(true);
    expect(page.items.every((i) => i.mobile === null || /^\d{3}\*{4}\d{4}$/.test(i.mobile))).toBe(true);
    expect(page.items.find((i) => i.userId === zhengLei)).toMatchObject({
      skillLabel: '四级/中级工',
      certificateNo: 'ZJ2025000001',
      kindLabel: '技能提升补贴',
    });
    expect(page.items.some((i) => i.userId === liuFang)).toBe(false);
    const keys = page.items.map((i) => `${i.userId}:${i.skillLevel}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(page.counts.pending).toBe(page.items.length);
  });

  it('moves an entry forward only, one step at a time, keeping the day and who did it', async () => {
    const subject = { userId: zhengLei, skillLevel: 'level4' };
    const skip = await advance('subsidy', { ...subject, to: 'paid' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({ code: 'incentive_status_not_forward' });
    expect(skip.json().message).toMatch(/待申领 → 已申领 → 已发放/);

    const claimed = await advance('subsidy', { ...subject, to: 'claimed', on: '2026-11-02' });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', claimedOn: '2026-11-02', claimedBy: '王海峰' });
    const twice = await advance('subsidy', { ...subject, to: 'claimed' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toMatch(/当前状态为「已申领」/);

    const early = await advance('subsidy', { ...subject, to: 'paid', on: '2026-11-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toBe('发放日期不能早于申领日期 2026-11-02');
    const future = await advance('subsidy', { ...subject, to: 'paid', on: '2026-12-01' });
    expect(future.json().message).toBe('日期不能晚于今天');

    const paid = await advance('subsidy', { ...subject, to: 'paid' }, '林晓燕');
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({
      status: 'paid',
      paidOn: '2026-11-16',
      paidBy: '林晓燕',
      claimedBy: '王海峰',
    });
    expect((await advance('subsidy', { ...subject, to: 'paid' })).statusCode).toBe(409);
    expect((await advance('subsidy', { ...subject, to: 'claimed' })).statusCode).toBe(409);

    const stored = await t.database.db
      .select()
      .from(incentiveClaims)
      .where(eq(incentiveClaims.userId, zhengLei));
    expect(stored).toHaveLength(1);
    const audits = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(sql`${auditLog.action} like 'incentive.%'`);
    expect(audits.map((a) => a.action)).toEqual(['incentive.claimed', 'incentive.paid']);

    const paidOnly = await list('subsidy', `jurisdiction=${XIHU}&status=paid`);
    expect(paidOnly.items.map((i) => i.userId)).toEqual([zhengLei]);
    expect(paidOnly.counts.paid).toBe(1);
  });

  it('refuses viewers, coordinators and another county; bad input is a Chinese 400; nothing is written', async () => {
    const [someone] = (await list('subsidy', `jurisdiction=${XIHU}&status=pending`)).items;
    const subject = { userId: someone!.userId, skillLevel: someone!.skillLevel!, to: 'claimed' };
    expect((await advance('subsidy', subject, '赵敏')).statusCode).toBe(403);
    expect((await advance('subsidy', subject, '孙立新')).statusCode).toBe(404);
    expect([403, 404]).toContain((await advance('subsidy', subject, '郑磊')).statusCode);
    const noLevel = await advance('subsidy', { userId: someone!.userId, to: 'claimed' });
    expect(noLevel.statusCode).toBe(400);
    expect(noLevel.json().message).toMatch(/证书等级/);
    const badTo = await advance('subsidy', { ...subject, to: 'pending' });
    expect(badTo.statusCode).toBe(400);
    expect(badTo.json().message).toMatch(/[\u4e00-\u9fa5]/);
    const badKind = await t.request({ method: 'GET', url: '/api/v1/incentives/bonus', as: '王海峰' });
    expect(badKind.statusCode).toBe(400);
    const badStatus = await t.request({
      method: 'GET',
      url: '/api/v1/incentives/subsidy?status=done',
      as: '王海峰',
    });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().message).toMatch(/待申领/);
    expect(
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/incentives/subsidy?jurisdiction=330105000000`,
          as: '王海峰',
        })
      ).statusCode,
    ).toBe(404);
    const stored = await t.database.db
      .select()
      .from(incentiveClaims)
      .where(eq(incentiveClaims.userId, someone!.userId));
    expect(stored).toHaveLength(0);
  });

  it('lists each recorded 金牌 honour; its holder sees her entries and their status under 我的', async () => {
    const award = await t.request({
      method: 'POST',
      url: '/api/v1/awards',
      as: '王海峰',
      payload: {
        userId: liuFang,
        kind: 'honour',
        honour: 'gold_coordinator',
        year: 2026,
        level: 'county',
        awardedOn: '2026-11-05',
        issuer: '西湖区人力资源和社会保障局',
        jurisdictionCode: XIHU,
      },
    });
    expect(award.statusCode, award.body).toBe(201);
    const awardId = award.json().id as string;
    const gold = await list('gold', `jurisdiction=${XIHU}`);
    expect(gold.items.find((i) => i.awardId === awardId)).toMatchObject({
      userId: liuFang,
      detail: '2026年度 县级',
      status: 'pending',
    });
    // A competition result or another honour is not on the list.
    expect(gold.items.every((i) => i.kind === 'gold')).toBe(true);
    const claimed = await advance('gold', { userId: liuFang, awardId, to: 'claimed' });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(
      (await advance('gold', { userId: liuFang, awardId, skillLevel: 'level4', to: 'paid' })).statusCode,
    ).toBe(400);

    const mine = await t.request({ method: 'GET', url: '/api/v1/incentives/mine', as: '刘芳' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([
      expect.objectContaining({ kind: 'gold', awardId, status: 'claimed', statusLabel: '已申领' }),
    ]);
    const his = (await t.request({ method: 'GET', url: '/api/v1/incentives/mine', as: '郑磊' })).json()
      .items as IncentiveEntry[];
    expect(his).toEqual([expect.objectContaining({ kind: 'subsidy', skillLevel: 'level4', status: 'paid' })]);
  });

  it("shows the province's 金牌 for a township coordinator in the county's list; only the province moves it", async () => {
    const award = await t.request({
      method: 'POST',
      url: '/api/v1/awards',
      as: '陈建国',
      payload: {
        userId: liuFang,
        kind: 'honour',
        honour: 'gold_coordinator',
        year: 2025,
        awardedOn: '2026-03-01',
        issuer: '浙江省人力资源和社会保障厅',
        jurisdictionCode: '330000000000',
      },
    });
    expect(award.statusCode, award.body).toBe(201);
    const awardId = award.json().id as string;
    const gold = await list('gold', `jurisdiction=${XIHU}`);
    expect(gold.items.find((i) => i.awardId === awardId)).toMatchObject({
      detail: '2025年度 省级',
      jurisdictionName: '浙江省',
    });
    expect((await advance('gold', { userId: liuFang, awardId, to: 'claimed' })).statusCode).toBe(403);
    expect((await advance('gold', { userId: liuFang, awardId, to: 'claimed' }, '陈建国')).statusCode).toBe(
      200,
    );
    // Another county sees none of it.
    expect((await list('gold', '', '孙立新')).items.some((i) => i.awardId === awardId)).toBe(false);
  });

  it('keeps a paid entry on the list after the post ends', async () => {
    await t.database.db
      .update(coordinatorRoles)
      .set({ validTo: '2026-11-10' })
      .where(and(eq(coordinatorRoles.userId, zhengLei), eq(coordinatorRoles.kind, 'enterprise')));
    try {
      const paid = await list('subsidy', `jurisdiction=${XIHU}&status=paid`);
      expect(paid.items).toEqual([expect.objectContaining({ userId: zhengLei, status: 'paid' })]);
      expect(paid.items[0]!.detail).toBeTruthy();
    } finally {
      await t.database.db
        .update(coordinatorRoles)
        .set({ validTo: null })
        .where(and(eq(coordinatorRoles.userId, zhengLei), eq(coordinatorRoles.kind, 'enterprise')));
    }
  });
});

describe('台账下载: 培训台账, 技能提升补贴台账, 金牌劳动关系协调员台账 (scope-limited, masked, audited)', () => {
  async function sheetOf(path: string, as: string) {
    const res = await t.request({ method: 'GET', url: `/api/v1/exports/${path}`, as });
    expect(res.statusCode, res.statusCode === 200 ? '' : res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
    });
    return { name: sheet.name, header, rows };
  }

  it('培训台账: one row per attendee with the hours attended; masked for a viewer; audited', async () => {
    const viewer = await sheetOf(`training.xlsx?jurisdiction=${XIHU}&year=2026`, '赵敏');
    expect(viewer.name).toBe('培训台账');
    expect(viewer.header).toEqual([
      '培训日期',
      '培训主题',
      '组织单位',
      '授课人',
      '培训学时',
      '参训人员',
      '手机号码',
      '参训学时',
    ]);
    const zhou = viewer.rows.filter((r) => r['参训人员'] === '周强');
    expect(zhou.map((r) => r['参训学时'])).toEqual(expect.arrayContaining([2.5, 1.5]));
    expect(
      viewer.rows.filter((r) => r['手机号码']).every((r) => /^\d{3}\*{4}\d{4}$/.test(String(r['手机号码']))),
    ).toBe(true);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, 'training'))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(audit).toMatchObject({ action: 'ledger.export' });
    expect(audit!.details).toMatchObject({ ledger: 'training', mobiles: 'masked', completed: true });
    // Another county's sessions are not in 拱墅区's ledger, and 西湖区's cannot be asked for.
    const other = await sheetOf('training.xlsx?year=2026', '孙立新');
    expect(other.rows.some((r) => r['组织单位'] === '西湖区')).toBe(false);
    const refused = await t.request({
      method: 'GET',
      url: `/api/v1/exports/training.xlsx?jurisdiction=${XIHU}`,
      as: '孙立新',
    });
    expect(refused.statusCode).toBe(404);
  });

  it('补贴 and 金牌 ledgers carry the status with days and who moved it; a single-use link opens once', async () => {
    const subsidy = await sheetOf(`subsidies.xlsx?jurisdiction=${XIHU}&status=paid`, '王海峰');
    expect(subsidy.name).toBe('技能提升补贴');
    expect(subsidy.rows).toEqual([
      expect.objectContaining({
        姓名: '郑磊',
        证书等级: '四级/中级工',
        状态: '已发放',
        申领登记人: '王海峰',
        发放登记人: '林晓燕',
      }),
    ]);
    const gold = await sheetOf(`gold-coordinators.xlsx?jurisdiction=${XIHU}`, '赵敏');
    expect(gold.rows.filter((r) => r['姓名'] === '刘芳')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 荣誉年度与级别: '2026年度 县级', 状态: '已申领', 申领登记人: '王海峰' }),
        expect.objectContaining({ 荣誉年度与级别: '2025年度 省级', 状态: '已申领', 申领登记人: '陈建国' }),
      ]),
    );
    expect(gold.rows.every((r) => /^\d{3}\*{4}\d{4}$/.test(String(r['手机号码'])))).toBe(true);

    const link = await t.request({
      method: 'POST',
      url: `/api/v1/exports/gold-coordinators/link?jurisdiction=${XIHU}`,
      as: '赵敏',
    });
    expect(link.statusCode, link.body).toBe(201);
    const path = link.json().path as string;
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(410);
    const bad = await t.request({
      method: 'GET',
      url: `/api/v1/exports/subsidies.xlsx?status=done`,
      as: '王海峰',
    });
    expect(bad.statusCode).toBe(400);
  });
});
