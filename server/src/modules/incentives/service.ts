import { z } from 'zod';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { AWARD_LEVELS, type AwardLevel } from '@coordnet/shared/api/development';
import {
  INCENTIVE_KINDS,
  INCENTIVE_STATUSES,
  type IncentiveAdvance,
  type IncentiveEntry,
  type IncentiveKind,
  type IncentiveListQuery,
  type IncentivePage,
  type IncentiveStatus,
} from '@coordnet/shared/api/incentives';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import { SKILL_LEVELS } from '@coordnet/shared/domain/roles';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { incentiveClaims } from '../../db/schema/development';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, withinCodes } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import { resolveTarget } from '../stats/target';
import {
  incentiveCountsQuery,
  incentivePageQuery,
  type EntryFilter,
  type IncentiveRow,
  incentiveRowSchema,
  incentiveStatusSchema,
} from './queries';

export interface Actor {
  principal: Principal;
  ip: string | null;
}

/** The status an entry must be in to move to `to` (forward, one step). */
const FROM: Record<'claimed' | 'paid', IncentiveStatus> = { claimed: 'pending', paid: 'claimed' };

export function toIncentiveEntry(kind: IncentiveKind, r: IncentiveRow): IncentiveEntry {
  const level = r.level as AwardLevel | null;
  return {
    kind,
    kindLabel: INCENTIVE_KINDS[kind],
    userId: r.user_id,
    name: r.name,
    mobile: r.mobile ? maskMobile(r.mobile) : null,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
    detail:
      kind === 'gold' ? `${r.year ?? ''}年度 ${level ? AWARD_LEVELS[level] : ''}`.trim() : (r.detail ?? null),
    skillLevel: r.skill_level,
    skillLabel: r.skill_level ? SKILL_LEVELS[r.skill_level] : null,
    certificateNo: r.certificate_no,
    awardId: r.award_id,
    year: r.year,
    status: r.status,
    statusLabel: INCENTIVE_STATUSES[r.status],
    claimedOn: r.claimed_on,
    claimedBy: r.claimed_by,
    paidOn: r.paid_on,
    paidBy: r.paid_by,
  };
}

/**
 * 技能提升补贴 and 金牌 lists (seed §二(四)2, 4): read within the reader's scope; an entry moves
 * 待申领 → 已申领 → 已发放 by the manager supervisors of the jurisdiction managing it, forward only,
 * one step at a time (a second tap on the same step gets 409, nothing written).
 */
const incentiveCountRowSchema = z.object({
  status: incentiveStatusSchema,
  n: z.coerce.number(),
});

export function createIncentiveService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
}) {
  const { db, clock } = deps;
  const readScope = (principal: Principal) => (column: SQL) => withinCodes(column, principal.scope.rootCodes);

  async function rows(kind: IncentiveKind, f: Parameters<typeof incentivePageQuery>[1]) {
    return rowsOf(incentiveRowSchema, await db.execute(incentivePageQuery(kind, f)));
  }

  return {
    async list(principal: Principal, kind: IncentiveKind, query: IncentiveListQuery): Promise<IncentivePage> {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const after = decodeCursor(query.cursor, z.tuple([cursorPart.text, z.string().max(100)]));
      const filter: EntryFilter = {
        prefix: target.prefix,
        scope: readScope(principal),
        asOf: shanghaiDate(clock.now()),
      };
      const [page, counts] = await Promise.all([
        rows(kind, { ...filter, status: query.status, after, limit: query.limit + 1 }),
        db.execute(incentiveCountsQuery(kind, filter)).then((r) => rowsOf(incentiveCountRowSchema, r)),
      ]);
      const items = page.slice(0, query.limit).map((r) => toIncentiveEntry(kind, r));
      const last = page.length > query.limit ? page[query.limit - 1] : undefined;
      const count = (s: IncentiveStatus) => counts.find((c) => c.status === s)?.n ?? 0;
      return {
        items,
        nextCursor: last ? encodeCursor([last.jurisdiction_code, last.sort_key]) : null,
        counts: { pending: count('pending'), claimed: count('claimed'), paid: count('paid') },
      };
    },

    /** My own entries on both lists (我的), wherever they are managed. */
    async mine(principal: Principal): Promise<{ items: IncentiveEntry[] }> {
      const filter = {
        prefix: '',
        scope: () => sql`true`,
        asOf: shanghaiDate(clock.now()),
        userId: principal.user.id,
        after: null,
        limit: 100,
      };
      const [subsidy, gold] = await Promise.all([rows('subsidy', filter), rows('gold', filter)]);
      return {
        items: [
          ...subsidy.map((r) => toIncentiveEntry('subsidy', r)),
          ...gold.map((r) => toIncentiveEntry('gold', r)),
        ],
      };
    },

    async advance(actor: Actor, kind: IncentiveKind, body: IncentiveAdvance): Promise<IncentiveEntry> {
      const { principal } = actor;
      if (kind === 'subsidy' && (!body.skillLevel || body.awardId))
        throw new AppError('validation_failed', '技能提升补贴请指明证书等级(四级或三级)');
      if (kind === 'gold' && (!body.awardId || body.skillLevel))
        throw new AppError('validation_failed', '金牌劳动关系协调员请指明荣誉记录');
      const today = shanghaiDate(clock.now());
      const filter = {
        prefix: '',
        scope: readScope(principal),
        asOf: today,
        userId: body.userId,
        skillLevel: kind === 'subsidy' ? body.skillLevel : undefined,
        awardId: kind === 'gold' ? body.awardId : undefined,
        after: null,
        limit: 1,
      };
      const [entry] = await rows(kind, filter);
      if (!entry) throw notFound();
      if (!canManage(principal.scope, entry.jurisdiction_code))
        throw forbidden('只有该地区及以上人力社保局管理人员可以登记申领和发放');
      const from = FROM[body.to];
      if (entry.status !== from)
        throw new AppError(
          'incentive_status_not_forward',
          `当前状态为「${INCENTIVE_STATUSES[entry.status]}」，状态只能依次前进：待申领 → 已申领 → 已发放`,
          { status: entry.status },
        );
      const on = body.on ?? today;
      if (on > today) throw new AppError('date_in_future', '日期不能晚于今天');
      if (body.to === 'paid' && entry.claimed_on && on < entry.claimed_on)
        throw new AppError('validation_failed', `发放日期不能早于申领日期 ${entry.claimed_on}`);

      const now = clock.now();
      const subject =
        kind === 'subsidy'
          ? and(
              eq(incentiveClaims.kind, 'subsidy'),
              eq(incentiveClaims.userId, body.userId),
              eq(incentiveClaims.skillLevel, body.skillLevel!),
            )
          : eq(incentiveClaims.awardId, body.awardId!);
      await db.transaction(async (tx) => {
        await tx
          .insert(incentiveClaims)
          .values({
            kind,
            userId: body.userId,
            skillLevel: kind === 'subsidy' ? body.skillLevel! : null,
            awardId: kind === 'gold' ? body.awardId! : null,
            jurisdictionCode: entry.jurisdiction_code,
            detail: entry.detail,
            status: 'pending',
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing();
        const step =
          body.to === 'claimed'
            ? { claimedOn: on, claimedByUserId: principal.user.id }
            : { paidOn: on, paidByUserId: principal.user.id };
        // Guarded by the status it must be in: of two taps at once, one moves it and one gets 409.
        const moved = await tx
          .update(incentiveClaims)
          .set({ status: body.to, ...step, updatedAt: now })
          .where(and(subject, eq(incentiveClaims.status, from)))
          .returning({ id: incentiveClaims.id });
        if (moved.length === 0)
          throw new AppError('incentive_status_not_forward', '该记录刚被他人更新，请刷新后再试');
        await writeAudit(tx, {
          actorUserId: principal.user.id,
          action: `incentive.${body.to}`,
          entityType: 'incentive_claim',
          entityId: moved[0]!.id,
          before: { status: from },
          after: {
            kind,
            userId: body.userId,
            skillLevel: body.skillLevel ?? null,
            awardId: body.awardId ?? null,
            status: body.to,
            on,
          },
          ip: actor.ip,
        });
      });
      const [after] = await rows(kind, filter);
      return toIncentiveEntry(kind, after!);
    },
  };
}

export type IncentiveService = ReturnType<typeof createIncentiveService>;
