import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { workGroups } from '../../db/schema/reminders';
import { createDingTalkClient } from '../../integrations/dingtalk/client';
import type { FakeDingTalk } from '../../integrations/dingtalk/fake-server';
import type { DingTalkClient } from '../../integrations/dingtalk/types';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/secret-box';
import { recordRuns, robotMessages } from '../reminders/outbox';
import { secretContext, tokenContext, tokenFingerprint } from './robot';

/**
 * The offline demo's work groups (seed §二(三) 分层级组建工作群): one for 浙江省, 杭州市 and 西湖区 and
 * one for each township and park of 西湖区, with robots on the in-process fake DingTalk, so the
 * reminders can be seen under 提醒记录. Run once, right after the demo county was loaded.
 */
export async function seedDemoWorkGroups(
  db: Db,
  deps: { clock: Clock; secretBox: SecretBox; secretsKey: string },
): Promise<number> {
  const places = await db.execute(sql`
    select code, name from jurisdictions
     where code in ('330000000000', '330100000000', '330106000000')
        or (parent_code = '330106000000' and level in ('township', 'park'))
     order by depth, code`);
  const now = deps.clock.now();
  const rows = rowsOf(z.object({ code: z.string(), name: z.string() }), places).map(({ code, name }) => {
    const id = randomUUID();
    const token = `demorobot${code}`;
    return {
      id,
      jurisdictionCode: code,
      name: `${name}劳动关系协调员工作群`,
      accessTokenSealed: deps.secretBox.seal(token, tokenContext(id)),
      tokenFingerprint: tokenFingerprint(deps.secretsKey, token),
      secretSealed: deps.secretBox.seal(`SECdemo${code}`, secretContext(id)),
      createdAt: now,
      updatedAt: now,
    };
  });
  if (rows.length === 0) return 0;
  // Each group says hello, so 提醒记录 shows deliveries from the first minute of the demo.
  const period = now.toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    await tx.insert(workGroups).values(rows);
    await recordRuns(
      tx,
      rows.map((group) => ({
        run: {
          runKey: `test:${group.id}:demo-welcome`,
          rule: 'test' as const,
          period,
          jurisdictionCode: group.jurisdictionCode,
          groupId: group.id,
        },
        messages: robotMessages(
          { id: group.id, jurisdictionCode: group.jurisdictionCode, keyword: null },
          {
            rule: 'test',
            period,
            key: 'demo-welcome',
            title: `${group.name}已接入 CoordNet`,
            lines: [
              '本群将收到本级的履职提醒：每月联络、每季度走访的待办和逾期名单，下级履职情况汇总，',
              '走访记录待审核提醒，以及重大劳动关系矛盾纠纷报告。',
              '',
              '（演示环境：消息发往内置的模拟钉钉，可在“提醒记录”中查看。）',
            ],
            routine: false,
          },
        ),
      })),
      now,
    );
  });
  return rows.length;
}

/**
 * A DingTalk client for the offline demo: robot messages and work notifications go to the fake,
 * which has a robot for every token it is sent to and the app robot in every group it is told
 * about (a group registered in the demo just works);
 * sign-in stays as without DingTalk (the 演示登录 page).
 */
export function demoDingTalkClient(fake: FakeDingTalk, options: { clock: Clock; fallback: DingTalkClient }) {
  const messaging = createDingTalkClient({
    oapiUrl: fake.url,
    apiUrl: fake.url,
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    agentId: fake.agentId,
    timeoutMs: 5_000,
    clock: options.clock,
  });
  const robots = new Map<string, string | undefined>();
  const appGroups = new Set<string>();
  const client: DingTalkClient = {
    configured: options.fallback.configured,
    userByAuthCode: (code) => options.fallback.userByAuthCode(code),
    // Like sign-in, the JSAPI ticket is the real app's (the demo runs outside DingTalk).
    fetchJsapiTicket: () => options.fallback.fetchJsapiTicket(),
    async sendRobotMessage(input) {
      if (!robots.has(input.accessToken) || robots.get(input.accessToken) !== input.secret) {
        fake.addRobot({ accessToken: input.accessToken, ...(input.secret ? { secret: input.secret } : {}) });
        robots.set(input.accessToken, input.secret);
      }
      return messaging.sendRobotMessage(input);
    },
    sendWorkNotification: (input) => messaging.sendWorkNotification(input),
    async sendAppRobotGroupMessage(input) {
      // The demo's app robot is in every group it is told about.
      if (!appGroups.has(input.openConversationId)) {
        fake.addAppRobotGroup(input.openConversationId);
        appGroups.add(input.openConversationId);
      }
      return messaging.sendAppRobotGroupMessage(input);
    },
  };
  return client;
}
