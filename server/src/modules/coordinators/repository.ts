import { z } from 'zod';
import { and, asc, eq, gt, gte, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type {
  Coordinator,
  CoordinatorEnd,
  CoordinatorQualification,
  PersonDeactivate,
  PersonDeactivated,
  PostEndReason,
} from '@coordnet/shared/api/registry';
import { COORDINATOR_KINDS, type CoordinatorKind } from '@coordnet/shared/domain/roles';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, supervisorRoles, users } from '../../db/schema/people';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError, notFound } from '../../lib/errors';
import { canManage, canRead, readableBy, withinCodes } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import { mayRevealMobile } from './mobile-policy';

export interface CoordinatorFilter {
  jurisdiction?: string | undefined;
  kind?: CoordinatorKind | undefined;
  enterpriseId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A coordinator post with its jurisdiction's and enterprise's names (joined by the caller). */
export const postColumns = {
  roleId: coordinatorRoles.id,
  kind: coordinatorRoles.kind,
  jurisdictionCode: coordinatorRoles.jurisdictionCode,
  jurisdictionName: jurisdictions.name,
  enterpriseId: coordinatorRoles.enterpriseId,
  enterpriseName: enterprises.name,
  organisation: coordinatorRoles.organisation,
  skillLevel: coordinatorRoles.skillLevel,
  certificateNo: coordinatorRoles.certificateNo,
  certificateDate: coordinatorRoles.certificateDate,
  validFrom: coordinatorRoles.validFrom,
  validTo: coordinatorRoles.validTo,
};

const columns = { ...postColumns, userId: users.id, name: users.name, mobile: users.mobile };

type CoordinatorRow = Omit<Coordinator, 'canRevealMobile' | 'canEditQualification' | 'kindLabel'>;

/** Mobiles masked, with what I may do with the post. */
function toDto(principal: Principal, row: CoordinatorRow): Coordinator {
  return {
    ...row,
    mobile: row.mobile ? maskMobile(row.mobile) : null,
    canRevealMobile: row.mobile !== null && mayRevealMobile(principal, row.jurisdictionCode),
    canEditQualification: canManage(principal.scope, row.jurisdictionCode),
    kindLabel: COORDINATOR_KINDS[row.kind],
  };
}

export function createCoordinatorRepository({ db, clock }: { db: Db; clock: Clock }) {
  /** Posts readable in the scope that are current (or start later) and held by an active person. */
  const visible = (principal: Principal): (SQL | undefined)[] => [
    readableBy(principal.scope, coordinatorRoles.jurisdictionCode, coordinatorRoles.enterpriseId),
    or(isNull(coordinatorRoles.validTo), gte(coordinatorRoles.validTo, shanghaiDate(clock.now()))),
    eq(users.active, true),
  ];

  /** One current post readable in my scope, or null. */
  async function findVisible(principal: Principal, roleId: string): Promise<Coordinator | null> {
    const [row] = await db
      .select(columns)
      .from(coordinatorRoles)
      .innerJoin(users, eq(users.id, coordinatorRoles.userId))
      .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorRoles.jurisdictionCode))
      .leftJoin(enterprises, eq(enterprises.id, coordinatorRoles.enterpriseId))
      .where(and(eq(coordinatorRoles.id, roleId), ...visible(principal)));
    return row ? toDto(principal, row) : null;
  }

  return {
    /** Current posts readable in my scope; mobiles masked, with whether I may reveal each. */
    async list(
      principal: Principal,
      filter: CoordinatorFilter,
    ): Promise<{ items: Coordinator[]; nextCursor: string | null }> {
      const conditions = visible(principal);
      if (filter.jurisdiction)
        conditions.push(withinCodes(coordinatorRoles.jurisdictionCode, [filter.jurisdiction]));
      if (filter.kind) conditions.push(eq(coordinatorRoles.kind, filter.kind));
      if (filter.enterpriseId) conditions.push(eq(coordinatorRoles.enterpriseId, filter.enterpriseId));
      if (filter.q) conditions.push(ilike(users.name, `%${escapeLike(filter.q)}%`));
      const after = decodeCursor(filter.cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
      if (after) {
        const [code, id] = after;
        conditions.push(
          or(
            gt(coordinatorRoles.jurisdictionCode, code),
            and(eq(coordinatorRoles.jurisdictionCode, code), gt(coordinatorRoles.id, id)),
          ),
        );
      }
      const rows = await db
        .select(columns)
        .from(coordinatorRoles)
        .innerJoin(users, eq(users.id, coordinatorRoles.userId))
        .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorRoles.jurisdictionCode))
        .leftJoin(enterprises, eq(enterprises.id, coordinatorRoles.enterpriseId))
        .where(and(...conditions))
        .orderBy(asc(coordinatorRoles.jurisdictionCode), asc(coordinatorRoles.id))
        .limit(filter.limit + 1);
      const items = rows.slice(0, filter.limit).map((row) => toDto(principal, row));
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > filter.limit && last ? encodeCursor([last.jurisdictionCode, last.roleId]) : null,
      };
    },

    /**
     * The whole mobile of a post readable in my scope (404 otherwise), for those who need it (403
     * otherwise); each reveal is written to the audit log with who, when and whose number.
     */
    async revealMobile(actor: { principal: Principal; ip: string | null }, roleId: string) {
      const [row] = await db
        .select({
          roleId: coordinatorRoles.id,
          userId: users.id,
          name: users.name,
          mobile: users.mobile,
          kind: coordinatorRoles.kind,
          jurisdictionCode: coordinatorRoles.jurisdictionCode,
          enterpriseId: coordinatorRoles.enterpriseId,
        })
        .from(coordinatorRoles)
        .innerJoin(users, eq(users.id, coordinatorRoles.userId))
        .where(and(eq(coordinatorRoles.id, roleId), ...visible(actor.principal)));
      if (!row) throw notFound();
      if (!mayRevealMobile(actor.principal, row.jurisdictionCode))
        throw new AppError('mobile_reveal_forbidden');
      if (row.mobile) {
        await writeAudit(db, {
          actorUserId: actor.principal.user.id,
          action: 'coordinator.mobile_revealed',
          entityType: 'user',
          entityId: row.userId,
          details: {
            roleId: row.roleId,
            kind: row.kind,
            jurisdictionCode: row.jurisdictionCode,
            enterpriseId: row.enterpriseId,
          },
          ip: actor.ip,
        });
      }
      return { roleId: row.roleId, userId: row.userId, name: row.name, mobile: row.mobile };
    },

    findVisible,

    /**
     * Changes a post's skill level and certificate (seed §二(三) 信息库): supervisors managing the
     * post's jurisdiction (403 for other readers, 404 outside my scope). The certificate is
     * personal data, so the change is audited with its before and after, in the same transaction.
     */
    async updateQualification(
      actor: { principal: Principal; ip: string | null },
      roleId: string,
      patch: CoordinatorQualification,
    ): Promise<Coordinator> {
      const before = await findVisible(actor.principal, roleId);
      if (!before) throw notFound();
      if (!before.canEditQualification) throw new AppError('coordinator_edit_forbidden');
      if (patch.certificateDate && patch.certificateDate > shanghaiDate(clock.now()))
        throw new AppError('date_in_future', '发证日期不能晚于今天', { field: 'certificateDate' });
      const pick = (c: Pick<Coordinator, 'skillLevel' | 'certificateNo' | 'certificateDate'>) => ({
        skillLevel: c.skillLevel,
        certificateNo: c.certificateNo,
        certificateDate: c.certificateDate,
      });
      const after = { ...pick(before), ...patch };
      await db.transaction(async (tx) => {
        await tx.update(coordinatorRoles).set(after).where(eq(coordinatorRoles.id, roleId));
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'coordinator.qualification_update',
          entityType: 'coordinator_role',
          entityId: roleId,
          before: pick(before),
          after,
          details: { userId: before.userId, kind: before.kind, jurisdictionCode: before.jurisdictionCode },
          ip: actor.ip,
        });
      });
      return (await findVisible(actor.principal, roleId))!;
    },

    /**
     * 结束任职: the post ends the day before `endedOn` (the first day out of post), so from then
     * on it no longer counts for staffing, compliance, reminders or the person's scope.
     */
    async endPost(
      actor: { principal: Principal; ip: string | null },
      roleId: string,
      body: CoordinatorEnd,
    ): Promise<{ roleId: string; validTo: string; reason: PostEndReason }> {
      const post = await findVisible(actor.principal, roleId);
      if (!post) throw notFound();
      if (!post.canEditQualification)
        throw new AppError('coordinator_edit_forbidden', '只有该地区及以上人力社保局管理人员可以结束任职');
      const problem = postEndProblem(body.endedOn, post.validFrom, shanghaiDate(clock.now()), '离任日期');
      if (problem)
        throw new AppError(problem.code, problem.message, {
          field: 'endedOn',
        });
      const validTo = await db.transaction((tx) =>
        writePostEnd(tx, actor.principal.user.id, actor.ip, { ...post, roleId }, body),
      );
      return { roleId, validTo, reason: body.reason };
    },

    /**
     * 停用人员: a manager of every jurisdiction the person serves ends all his current posts (离任,
     * the day before `endedOn`) and deactivates him, so he can no longer sign in and no count,
     * compliance figure or reminder includes him from now on; one audit row, in the same transaction.
     */
    async deactivatePerson(
      actor: { principal: Principal; ip: string | null },
      userId: string,
      body: PersonDeactivate,
    ): Promise<PersonDeactivated> {
      const { principal } = actor;
      const today = shanghaiDate(clock.now());
      const posts = await db
        .select({
          id: coordinatorRoles.id,
          kind: coordinatorRoles.kind,
          jurisdictionCode: coordinatorRoles.jurisdictionCode,
          validFrom: coordinatorRoles.validFrom,
          validTo: coordinatorRoles.validTo,
          name: users.name,
        })
        .from(coordinatorRoles)
        .innerJoin(users, eq(users.id, coordinatorRoles.userId))
        .where(
          and(
            eq(coordinatorRoles.userId, userId),
            eq(users.active, true),
            or(isNull(coordinatorRoles.validTo), gte(coordinatorRoles.validTo, today)),
          ),
        );
      const readable = posts.filter((p) => canRead(principal.scope, p.jurisdictionCode));
      if (readable.length === 0) throw notFound();
      if (userId === principal.user.id) throw new AppError('self_deactivate', '不能停用自己');
      if (!posts.every((p) => canManage(principal.scope, p.jurisdictionCode)))
        throw new AppError(
          'coordinator_edit_forbidden',
          '只有管理该人员所有任职地区的人力社保局管理人员可以停用',
        );
      const [supervisor] = await db
        .select({ id: supervisorRoles.id })
        .from(supervisorRoles)
        .where(and(eq(supervisorRoles.userId, userId), isNull(supervisorRoles.validTo)))
        .limit(1);
      if (supervisor) throw new AppError('person_is_supervisor', '人力社保局工作人员不能在此停用');
      if (body.endedOn > today)
        throw new AppError('date_in_future', '停用日期不能晚于今天', { field: 'endedOn' });
      const ids = posts.map((p) => p.id);
      await db.transaction((tx) =>
        writeDeactivation(tx, principal.user.id, actor.ip, clock.now(), {
          userId,
          name: posts[0]!.name,
          posts,
          endedOn: body.endedOn,
          note: body.note ?? null,
        }),
      );
      return { userId, active: false, endedRoleIds: ids };
    },
  };
}

/**
 * Why `endedOn` (the first day out of post) cannot end a post that began on `validFrom`, or null:
 * not in the future, and after the post began. Shared by the screen and the coordinator import.
 */
export function postEndProblem(
  endedOn: string,
  validFrom: string,
  today: string,
  label: string,
): { code: 'date_in_future' | 'validation_failed'; message: string } | null {
  if (endedOn > today) return { code: 'date_in_future', message: `${label}不能晚于今天` };
  if (endedOn <= validFrom)
    return { code: 'validation_failed', message: `${label}应晚于任职日期(${validFrom})` };
  return null;
}

/** A database or a transaction: what the shared writes need. */
type Writer = Pick<Db, 'insert' | 'update'>;

/**
 * 结束任职 (one home for the screen and the import): the post ends the day before `endedOn` with
 * the reason, and the audit row says who, inside the caller's transaction. Returns the last day.
 */
export async function writePostEnd(
  tx: Writer,
  actorUserId: string,
  ip: string | null,
  post: {
    roleId: string;
    userId: string;
    kind: CoordinatorKind;
    jurisdictionCode: string;
    validTo: string | null;
  },
  end: { endedOn: string; reason: PostEndReason; note?: string | null | undefined },
): Promise<string> {
  const validTo = previousDay(end.endedOn);
  await tx
    .update(coordinatorRoles)
    .set({ validTo, endReason: end.reason })
    .where(eq(coordinatorRoles.id, post.roleId));
  await writeAudit(tx, {
    actorUserId,
    action: 'coordinator.post_end',
    entityType: 'coordinator_role',
    entityId: post.roleId,
    before: { validTo: post.validTo },
    after: { validTo, reason: end.reason, note: end.note ?? null },
    details: { userId: post.userId, kind: post.kind, jurisdictionCode: post.jurisdictionCode },
    ip,
  });
  return validTo;
}

/**
 * 停用人员 (one home for the screen and the import): all the person's current `posts` end (离任)
 * the day before `endedOn` and he is deactivated; one audit row, inside the caller's transaction.
 */
export async function writeDeactivation(
  tx: Writer,
  actorUserId: string,
  ip: string | null,
  now: Date,
  person: {
    userId: string;
    name: string;
    posts: { id: string; kind: CoordinatorKind; jurisdictionCode: string; validTo: string | null }[];
    endedOn: string;
    note: string | null;
  },
): Promise<void> {
  const { userId, posts } = person;
  const validTo = previousDay(person.endedOn);
  if (posts.length > 0)
    // A post that had not begun by then ends on its first day (valid_to >= valid_from).
    await tx
      .update(coordinatorRoles)
      .set({
        validTo: sql`greatest(${coordinatorRoles.validFrom}, ${validTo}::date)`,
        endReason: 'departed',
      })
      .where(
        inArray(
          coordinatorRoles.id,
          posts.map((p) => p.id),
        ),
      );
  await tx.update(users).set({ active: false, updatedAt: now }).where(eq(users.id, userId));
  await writeAudit(tx, {
    actorUserId,
    action: 'person.deactivate',
    entityType: 'user',
    entityId: userId,
    before: { active: true, posts: posts.map((p) => ({ roleId: p.id, validTo: p.validTo })) },
    after: { active: false, validTo, note: person.note },
    details: {
      name: person.name,
      posts: posts.map((p) => ({ roleId: p.id, kind: p.kind, jurisdictionCode: p.jurisdictionCode })),
    },
    ip,
  });
}

/** The calendar day before an ISO date. */
function previousDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export type CoordinatorRepository = ReturnType<typeof createCoordinatorRepository>;
