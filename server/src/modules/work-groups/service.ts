import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type {
  WorkGroup,
  WorkGroupCreate,
  WorkGroupListQuery,
  WorkGroupPatch,
  WorkGroupTestResult,
} from '@coordnet/shared/api/work-groups';
import { formatDateTimeCn } from '../reminders/text';
import type { Db } from '../../db/client';
import { workGroups } from '../../db/schema/reminders';
import type { RobotMessage } from '../../integrations/dingtalk/messages';
import type { DingTalkClient } from '../../integrations/dingtalk/types';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import type { SecretBox } from '../../lib/secret-box';
import { canManage, codeIsWithin } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import { cancelUnsent, recordRuns, requeueBlocked, robotMessages } from '../reminders/outbox';
import { createWorkGroupRepository, toWorkGroupDto, type WorkGroupRow } from './repository';
import {
  explainRobotResult,
  parseAccessToken,
  recordGroupOutcome,
  reserveRobotSlot,
  secretContext,
  sendToGroup,
  tokenContext,
  tokenFingerprint,
} from './robot';

export interface WorkGroupActor {
  principal: Principal;
  ip: string | null;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: string }).code === '23505' ||
    (error as { cause?: { code?: string } }).cause?.code === '23505');

/** What an audit row may say about a group: never its token or secret, sealed or not. */
const auditView = (
  g: Pick<WorkGroupRow, 'name' | 'jurisdictionCode' | 'keyword' | 'active' | 'secretSealed'> &
    Partial<Pick<WorkGroupRow, 'delivery' | 'openConversationId'>>,
) => ({
  name: g.name,
  delivery: g.delivery ?? 'webhook',
  openConversationId: g.openConversationId ?? null,
  jurisdictionCode: g.jurisdictionCode,
  keyword: g.keyword,
  hasSecret: g.secretSealed !== null,
  active: g.active,
});

/**
 * Layered work groups (seed §二(三)): supervisors of a level or above register, change, deactivate
 * and test the DingTalk groups of that level and the levels below. Tokens and secrets are sealed
 * before they touch the database and are never returned or audited.
 */
export function createWorkGroupService(deps: {
  db: Db;
  clock: Clock;
  dingtalk: DingTalkClient;
  secretBox: SecretBox;
  secretsKey: string;
  jurisdictions: JurisdictionRepository;
}) {
  const { db, clock, secretBox } = deps;
  const repository = createWorkGroupRepository(db);

  /** The jurisdictions the caller supervises (any access): the groups they may see. */
  function supervisorCodes(principal: Principal): string[] {
    const codes = principal.supervisorRoles.map((r) => r.jurisdictionCode);
    if (codes.length === 0) throw forbidden('只有县(市、区)及以上人力社保局人员可以查看和管理工作群');
    return codes;
  }

  async function visible(principal: Principal, id: string): Promise<WorkGroupRow> {
    const row = await repository.findVisible(supervisorCodes(principal), id);
    if (!row) throw notFound();
    return row;
  }

  function assertManager(principal: Principal, code: string) {
    if (!canManage(principal.scope, code))
      throw forbidden('只有该地区或上级人力社保局管理人员可以维护工作群');
  }

  function sealToken(id: string, input: string) {
    const token = parseAccessToken(input);
    if (!token) throw new AppError('work_group_token_invalid');
    return {
      accessTokenSealed: secretBox.seal(token, tokenContext(id)),
      tokenFingerprint: tokenFingerprint(deps.secretsKey, token),
    };
  }

  /** One robot (a webhook token, or the app robot in one group), one active work group. */
  async function assertTargetFree(
    target: { tokenFingerprint: string | null; openConversationId: string | null },
    exceptId?: string,
  ) {
    const same = target.tokenFingerprint
      ? eq(workGroups.tokenFingerprint, target.tokenFingerprint)
      : target.openConversationId
        ? eq(workGroups.openConversationId, target.openConversationId)
        : undefined;
    if (!same) return;
    const [other] = await db
      .select({ id: workGroups.id })
      .from(workGroups)
      .where(and(same, eq(workGroups.active, true), exceptId ? ne(workGroups.id, exceptId) : undefined));
    if (other) throw new AppError('work_group_duplicate');
  }

  const reload = async (principal: Principal, id: string) => toWorkGroupDto(await visible(principal, id));

  async function update(actor: WorkGroupActor, id: string, patch: WorkGroupPatch): Promise<WorkGroup> {
    const { principal } = actor;
    const before = await visible(principal, id);
    assertManager(principal, before.jurisdictionCode);
    const now = clock.now();
    const set: Partial<typeof workGroups.$inferInsert> = {
      updatedAt: now,
      updatedByUserId: principal.user.id,
    };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.accessToken !== undefined) Object.assign(set, sealToken(id, patch.accessToken));
    if (patch.secret !== undefined)
      set.secretSealed = patch.secret === null ? null : secretBox.seal(patch.secret, secretContext(id));
    if (patch.keyword !== undefined) set.keyword = patch.keyword;
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.openConversationId !== undefined) set.openConversationId = patch.openConversationId;
    const delivery = patch.delivery ?? before.delivery;
    if (patch.delivery !== undefined) set.delivery = delivery;
    // Switching the way of delivery needs what the new way sends with.
    if (delivery === 'webhook' && (set.accessTokenSealed ?? before.accessTokenSealed) === null)
      throw new AppError('validation_failed', '改为自定义机器人时请填写 Webhook 地址或 access_token');
    if (delivery === 'app_robot' && (set.openConversationId ?? before.openConversationId) === null)
      throw new AppError('validation_failed', '改为应用机器人时请填写群的 openConversationId');
    const reactivated = patch.active === true && !before.active;
    const activeAfter = set.active ?? before.active;
    if (
      activeAfter &&
      (set.tokenFingerprint !== undefined || set.openConversationId !== undefined || reactivated)
    )
      await assertTargetFree(
        delivery === 'webhook'
          ? { tokenFingerprint: set.tokenFingerprint ?? before.tokenFingerprint, openConversationId: null }
          : {
              tokenFingerprint: null,
              openConversationId: set.openConversationId ?? before.openConversationId,
            },
        id,
      );
    // New credentials or a group switched back on: try again, starting with what was held back.
    const retry =
      patch.accessToken !== undefined ||
      patch.secret !== undefined ||
      patch.keyword !== undefined ||
      patch.delivery !== undefined ||
      patch.openConversationId !== undefined ||
      reactivated;
    if (retry)
      Object.assign(set, { status: 'unknown', lastErrcode: null, lastErrmsg: null, throttledUntil: null });
    const deactivated = patch.active === false && before.active;
    try {
      await db.transaction(async (tx) => {
        await tx.update(workGroups).set(set).where(eq(workGroups.id, id));
        if (deactivated) await cancelUnsent(tx, id, now);
        else if (retry) await requeueBlocked(tx, id, now);
        await writeAudit(tx, {
          actorUserId: principal.user.id,
          action: deactivated ? 'work_group.deactivate' : 'work_group.update',
          entityType: 'work_group',
          entityId: id,
          before: auditView(before),
          after: auditView({
            name: set.name ?? before.name,
            jurisdictionCode: before.jurisdictionCode,
            keyword: set.keyword !== undefined ? set.keyword : before.keyword,
            delivery,
            openConversationId: set.openConversationId ?? before.openConversationId,
            secretSealed: set.secretSealed !== undefined ? set.secretSealed : before.secretSealed,
            active: set.active ?? before.active,
          }),
          details: {
            accessTokenChanged: patch.accessToken !== undefined,
            secretChanged: patch.secret !== undefined,
          },
          ip: actor.ip,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('work_group_duplicate');
      throw error;
    }
    return reload(principal, id);
  }

  return {
    async list(principal: Principal, query: WorkGroupListQuery): Promise<WorkGroup[]> {
      const codes = supervisorCodes(principal);
      if (query.jurisdiction && !codeIsWithin(query.jurisdiction, codes)) throw notFound();
      const rows = await repository.list(codes, query);
      return rows.map(toWorkGroupDto);
    },

    async create(actor: WorkGroupActor, body: WorkGroupCreate): Promise<WorkGroup> {
      const { principal } = actor;
      supervisorCodes(principal);
      const jurisdiction = await deps.jurisdictions.findByCode(body.jurisdictionCode);
      if (!jurisdiction) throw new AppError('jurisdiction_invalid');
      assertManager(principal, body.jurisdictionCode);
      const id = randomUUID();
      const delivery = body.delivery ?? 'webhook';
      const sealed =
        delivery === 'webhook'
          ? sealToken(id, body.accessToken ?? '')
          : { accessTokenSealed: null, tokenFingerprint: null };
      const openConversationId = delivery === 'app_robot' ? (body.openConversationId ?? null) : null;
      await assertTargetFree({ tokenFingerprint: sealed.tokenFingerprint, openConversationId });
      const now = clock.now();
      const values = {
        id,
        jurisdictionCode: body.jurisdictionCode,
        name: body.name,
        delivery,
        openConversationId,
        ...sealed,
        secretSealed:
          delivery === 'webhook' && body.secret ? secretBox.seal(body.secret, secretContext(id)) : null,
        keyword: body.keyword ?? null,
        createdByUserId: principal.user.id,
        updatedByUserId: principal.user.id,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await db.transaction(async (tx) => {
          await tx.insert(workGroups).values(values);
          await writeAudit(tx, {
            actorUserId: principal.user.id,
            action: 'work_group.create',
            entityType: 'work_group',
            entityId: id,
            after: auditView({ ...values, active: true }),
            ip: actor.ip,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('work_group_duplicate');
        throw error;
      }
      return reload(principal, id);
    },

    update,
    deactivate: (actor: WorkGroupActor, id: string) => update(actor, id, { active: false }),

    /** Sends a test message now (paced like any other) and reports DingTalk's errcode. */
    async test(actor: WorkGroupActor, id: string): Promise<WorkGroupTestResult> {
      const { principal } = actor;
      const group = await visible(principal, id);
      assertManager(principal, group.jurisdictionCode);
      if (!group.active) throw new AppError('work_group_inactive');
      const now = clock.now();
      const slot = await db.transaction((tx) => reserveRobotSlot(tx, id, now));
      if (!slot.ok) {
        const seconds = Math.ceil((slot.freeAt.getTime() - now.getTime()) / 1000);
        throw new AppError(
          'work_group_rate_limited',
          undefined,
          { retryAfterSeconds: seconds },
          {
            'retry-after': String(seconds),
          },
        );
      }
      const [message] = robotMessages(
        { id, jurisdictionCode: group.jurisdictionCode, keyword: group.keyword, delivery: group.delivery },
        {
          rule: 'test',
          period: now.toISOString().slice(0, 10),
          key: randomUUID(),
          title: '工作群连通测试',
          lines: [
            `这是 CoordNet 劳动关系协调员网络发送的测试消息，收到即表示机器人设置正确。`,
            '',
            `- 工作群：${group.name}（${group.jurisdictionName}）`,
            `- 发送人：${principal.user.name}`,
            `- 发送时间：${formatDateTimeCn(now)}`,
          ],
          routine: false,
        },
      );
      const outbox = message!;
      const result = await sendToGroup(
        deps.dingtalk,
        secretBox,
        group,
        outbox.message as RobotMessage,
        outbox.msgUuid,
      );
      const at = clock.now();
      await db.transaction(async (tx) => {
        await recordGroupOutcome(tx, id, result, at);
        if (result.ok) await requeueBlocked(tx, id, at);
        const runKey = `test:${id}:${outbox.msgUuid}`;
        await recordRuns(
          tx,
          [
            {
              run: {
                runKey,
                rule: 'test',
                period: outbox.period,
                jurisdictionCode: group.jurisdictionCode,
                groupId: id,
              },
              messages: [outbox],
            },
          ],
          now,
        );
        await tx.execute(sql`
          update reminder_outbox
             set status = ${result.ok ? 'sent' : 'failed'}::reminder_status, attempts = 1,
                 errcode = ${result.ok ? 0 : result.errcode}::int, errmsg = ${result.ok ? null : result.errmsg.slice(0, 500)},
                 sent_at = ${result.ok ? at.toISOString() : null}::timestamptz, updated_at = ${at.toISOString()}::timestamptz
           where msg_uuid = ${outbox.msgUuid}`);
        await writeAudit(tx, {
          actorUserId: principal.user.id,
          action: 'work_group.test',
          entityType: 'work_group',
          entityId: id,
          details: { ok: result.ok, errcode: result.ok ? 0 : result.errcode },
          ip: actor.ip,
        });
      });
      return {
        ok: result.ok,
        errcode: result.ok ? 0 : result.errcode,
        errmsg: result.ok ? 'ok' : result.errmsg,
        message: explainRobotResult(result),
        group: await reload(principal, id),
      };
    },
  };
}

export type WorkGroupService = ReturnType<typeof createWorkGroupService>;
