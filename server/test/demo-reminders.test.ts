import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/lib/secret-box';
import { seedDemoWorkGroups } from '../src/modules/work-groups/demo';
import { createReminderHarness, cst, shown, type ReminderHarness } from './helpers/reminders';
import { testConfig } from './helpers/test-app';

/**
 * The offline demo started on a day that is no reminder day (Wednesday 2026-11-25): 提醒记录 still
 * shows what the township groups would be told, labelled as a preview, and it is composed once.
 */

let h: ReminderHarness;
beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-11-25', '21:30').toISOString() });
  const db = h.t.database.db;
  const secretsKey = testConfig().secretsKey;
  await seedDemoWorkGroups(db, { clock: h.clock, secretBox: createSecretBox(secretsKey), secretsKey });
  const groups = await db.execute<{ jurisdiction_code: string }>(
    sql`select jurisdiction_code from work_groups`,
  );
  for (const { jurisdiction_code: code } of groups.rows)
    h.fake.addRobot({ accessToken: `demorobot${code}`, secret: `SECdemo${code}` });
});
afterAll(() => h.close());

describe('the demo’s first minute (npm start without DingTalk)', () => {
  it('nothing routine is due on 2026-11-25 at 21:30, yet the preview goes out at once, labelled 【演示预览】', async () => {
    expect(await h.composer.runReminderTick()).toEqual({ runs: 0, messages: 0 });
    const preview = await h.composer.composeDemoPreview();
    expect(preview.runs).toBe(6); // the five townships and the park of 西湖区
    await h.dispatcher.dispatchOnce();
    const previews = shown(h).filter((m) => m.title.startsWith('【演示预览】'));
    expect(previews.length).toBeGreaterThan(0);
    expect(previews.length).toBe(preview.messages);
    for (const m of previews) {
      expect(m.title).toMatch(/待完成的联络和走访/);
      expect(m.text).toContain('演示环境：启动演示时按当前数据生成的预览');
    }
  });

  it('刘芳 sees her township’s preview under 提醒记录, delivered (errcode 0)', async () => {
    const res = await h.t.request({ method: 'GET', url: '/api/v1/reminders?rule=due', as: '刘芳' });
    const items = res.json().items as {
      title: string;
      status: string;
      errcode: number;
      jurisdictionName: string;
    }[];
    expect(items.length).toBeGreaterThan(0);
    expect(
      items.every((r) => r.jurisdictionName === '三墩镇' && r.status === 'sent' && r.errcode === 0),
    ).toBe(true);
    expect(items[0]!.title).toMatch(/^【演示预览】三墩镇/);
  });

  it('a restart does not compose it again', async () => {
    expect(await h.composer.composeDemoPreview()).toEqual({ runs: 0, messages: 0 });
  });
});
