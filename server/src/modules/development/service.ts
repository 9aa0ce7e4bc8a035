import { z } from 'zod';
import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type {
  Award,
  AwardCreate,
  CoordinatorProfile,
  SignInSheetResult,
  TrainingAttendee,
  TrainingSession,
  TrainingSessionCreate,
} from '@coordnet/shared/api/development';
import {
  AWARD_KINDS,
  AWARD_LEVELS,
  HONOURS,
  type AwardLevel,
  type Honour,
} from '@coordnet/shared/api/development';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { shanghaiDate, shanghaiParts } from '@coordnet/shared/domain/period';
import { COORDINATOR_KINDS, SKILL_LEVELS } from '@coordnet/shared/domain/roles';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { coordinatorAwards, trainingAttendance, trainingSessions } from '../../db/schema/development';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, canRead, withinCodes } from '../../lib/scope';
import type { Actor, Principal } from '../auth/principal';
import { postColumns } from '../coordinators/repository';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import { heldOn, resolveTarget } from '../stats/target';
import { postHoldersQuery } from './queries';
import { matchLines, readSignInSheet, type Candidate } from './sign-in-sheet';

export type { Actor } from '../auth/principal';

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` });

/**
 * The coordinator database's training and award records (seed §二(三) 职业培训机制、技能比武,
 * §二(四)4, §三(二)): written by the manager supervisors of the organising level for people
 * holding posts under it; read within the reader's scope.
 */
/** A person who may sign a session's sheet. */
const signInCandidateSchema = z.object({
  user_id: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
});

export function createDevelopmentService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
}) {
  const { db, clock } = deps;

  async function assertRecorder(principal: Principal, code: string, what: string) {
    if (!canManage(principal.scope, code))
      throw forbidden(`只有该地区及以上人力社保局管理人员可以登记${what}`);
    if (!(await deps.jurisdictions.findByCode(code))) throw new AppError('jurisdiction_invalid');
  }

  /** Every id must hold a post under `code` today; otherwise 400 naming the ones that do not. */
  async function assertPostHolders(userIds: readonly string[], code: string) {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return unique;
    const rows = await db.execute(postHoldersQuery(unique, code, shanghaiDate(clock.now())));
    const found = new Set(rowsOf(z.object({ user_id: z.string() }), rows).map((r) => r.user_id));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length > 0) throw new AppError('person_not_in_jurisdiction', undefined, { userIds: missing });
    return unique;
  }

  function assertNotFuture(date: string, what: string) {
    if (date > shanghaiDate(clock.now())) throw new AppError('date_in_future', `${what}不能晚于今天`);
  }

  const sessionColumns = {
    id: trainingSessions.id,
    jurisdictionCode: trainingSessions.jurisdictionCode,
    jurisdictionName: jurisdictions.name,
    heldOn: trainingSessions.heldOn,
    topic: trainingSessions.topic,
    hours: trainingSessions.hours,
    trainer: trainingSessions.trainer,
    createdAt: trainingSessions.createdAt,
    attendees: sql<number>`(select count(*)::int from ${trainingAttendance} ta where ta.session_id = ${trainingSessions.id})`,
  };
  const toSession = (
    r: {
      createdAt: Date;
      attendees: number;
    } & Omit<TrainingSession, 'createdAt' | 'attendees'>,
  ): TrainingSession => ({
    ...r,
    attendees: Number(r.attendees),
    createdAt: r.createdAt.toISOString(),
  });

  async function findSession(principal: Principal, id: string) {
    const [row] = await db
      .select(sessionColumns)
      .from(trainingSessions)
      .innerJoin(jurisdictions, eq(jurisdictions.code, trainingSessions.jurisdictionCode))
      .where(
        and(
          eq(trainingSessions.id, id),
          withinCodes(trainingSessions.jurisdictionCode, principal.scope.rootCodes),
        ),
      );
    if (!row) throw notFound();
    return toSession(row);
  }

  /** One transaction: the rows (one per person, the hours replaced if already there) and the audit. */
  async function writeAttendance(
    actor: Actor,
    sessionId: string,
    rows: { userId: string; hours: number | null }[],
    action: string,
  ) {
    await db.transaction(async (tx) => {
      await tx
        .insert(trainingAttendance)
        .values(rows.map((r) => ({ sessionId, ...r })))
        .onConflictDoUpdate({
          target: [trainingAttendance.sessionId, trainingAttendance.userId],
          set: { hours: sql`excluded.hours` },
        });
      await writeAudit(tx, {
        actorUserId: actor.principal.user.id,
        action,
        entityType: 'training_session',
        entityId: sessionId,
        details: { attendees: rows },
        ip: actor.ip,
      });
    });
  }

  const awardColumns = {
    id: coordinatorAwards.id,
    userId: coordinatorAwards.userId,
    userName: users.name,
    kind: coordinatorAwards.kind,
    title: coordinatorAwards.title,
    result: coordinatorAwards.result,
    honour: sql<Honour | null>`${coordinatorAwards.honour}`,
    level: sql<AwardLevel | null>`${coordinatorAwards.level}`,
    year: coordinatorAwards.year,
    awardedOn: coordinatorAwards.awardedOn,
    issuer: coordinatorAwards.issuer,
    jurisdictionCode: coordinatorAwards.jurisdictionCode,
    jurisdictionName: jurisdictions.name,
  };
  const toAward = (r: Omit<Award, 'kindLabel' | 'levelLabel'>): Award => ({
    ...r,
    kindLabel: AWARD_KINDS[r.kind],
    levelLabel: r.level ? AWARD_LEVELS[r.level] : null,
  });
  const honourByTitle = new Map<string, Honour>(
    Object.entries(HONOURS).map(([key, title]) => [title, key as Honour]),
  );

  return {
    async createSession(actor: Actor, body: TrainingSessionCreate): Promise<TrainingSession> {
      await assertRecorder(actor.principal, body.jurisdictionCode, '培训记录');
      assertNotFuture(body.heldOn, '培训日期');
      const attendees = await assertPostHolders(body.attendeeUserIds, body.jurisdictionCode);
      const id = await db.transaction(async (tx) => {
        const { attendeeUserIds: _ids, ...session } = body;
        const [row] = await tx
          .insert(trainingSessions)
          .values({ ...session, createdByUserId: actor.principal.user.id, createdAt: clock.now() })
          .returning({ id: trainingSessions.id });
        if (attendees.length > 0)
          await tx
            .insert(trainingAttendance)
            .values(attendees.map((userId) => ({ sessionId: row!.id, userId })));
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'training_session.create',
          entityType: 'training_session',
          entityId: row!.id,
          after: { ...session, attendees: attendees.length },
          ip: actor.ip,
        });
        return row!.id;
      });
      return findSession(actor.principal, id);
    },

    /**
     * Adds people to a recorded session, idempotent per person: someone already recorded keeps one
     * row and gets the hours given now (`hours` omitted: the whole session).
     */
    async addAttendance(
      actor: Actor,
      sessionId: string,
      userIds: string[],
      hours?: number,
    ): Promise<TrainingSession> {
      const session = await findSession(actor.principal, sessionId);
      await assertRecorder(actor.principal, session.jurisdictionCode, '培训记录');
      if (hours !== undefined && hours > session.hours)
        throw new AppError('validation_failed', `参训学时不能超过本期培训的 ${session.hours} 学时`);
      const attendees = await assertPostHolders(userIds, session.jurisdictionCode);
      await writeAttendance(
        actor,
        session.id,
        attendees.map((userId) => ({ userId, hours: hours ?? null })),
        'training_session.attendance',
      );
      return findSession(actor.principal, sessionId);
    },

    /** Who attended a session I can read, with the hours each attended (mobiles masked). */
    async attendees(
      principal: Principal,
      sessionId: string,
    ): Promise<{ session: TrainingSession; items: TrainingAttendee[] }> {
      const session = await findSession(principal, sessionId);
      const rows = await db
        .select({
          userId: users.id,
          name: users.name,
          mobile: users.mobile,
          hours: sql<number>`coalesce(${trainingAttendance.hours}, ${session.hours})::float8`,
        })
        .from(trainingAttendance)
        .innerJoin(users, eq(users.id, trainingAttendance.userId))
        .where(eq(trainingAttendance.sessionId, sessionId))
        .orderBy(users.name, users.id);
      return {
        session,
        items: rows.map((r) => ({
          ...r,
          hours: Number(r.hours),
          mobile: r.mobile ? maskMobile(r.mobile) : null,
        })),
      };
    },

    /**
     * 签到表导入: reads the sheet and matches every row to a person holding a post under the
     * organising level. Without `confirm` it only previews. With `confirm` it writes every row in one
     * transaction, or nothing at all while any row is unmatched, ambiguous or wrong (400 listing them).
     */
    /** Whether I may import into the session: checked before the upload is read. */
    async assertCanImport(principal: Principal, sessionId: string): Promise<void> {
      const session = await findSession(principal, sessionId);
      await assertRecorder(principal, session.jurisdictionCode, '培训记录');
    },

    async importSignInSheet(
      actor: Actor,
      sessionId: string,
      file: Buffer,
      confirm: boolean,
    ): Promise<SignInSheetResult> {
      const session = await findSession(actor.principal, sessionId);
      await assertRecorder(actor.principal, session.jurisdictionCode, '培训记录');
      const lines = await readSignInSheet(file, session.hours);
      const [candidates, already] = await Promise.all([
        db
          .execute(
            sql`select distinct u.id as user_id, u.name, u.mobile
                  from ${coordinatorRoles} cr
                  join ${users} u on u.id = cr.user_id
                 where cr.jurisdiction_code like ${`${subtreePrefix(session.jurisdictionCode)}%`}
                   and ${heldOn(shanghaiDate(clock.now()))}`,
          )
          .then((r) =>
            rowsOf(signInCandidateSchema, r).map((c): Candidate => ({
              userId: c.user_id,
              name: c.name,
              mobile: c.mobile,
            })),
          ),
        db
          .select({ userId: trainingAttendance.userId })
          .from(trainingAttendance)
          .where(eq(trainingAttendance.sessionId, sessionId))
          .then((r) => new Set(r.map((a) => a.userId))),
      ]);
      const rows = matchLines(lines, candidates).map((r) => ({
        ...r,
        already: r.userId !== null && already.has(r.userId),
      }));
      const problems = rows.filter((r) => r.problem !== null);
      const matched = rows.length - problems.length;
      if (confirm && problems.length > 0)
        throw new AppError(
          'sign_in_sheet_invalid',
          `签到表有 ${problems.length} 行无法登记，未登记任何人员。请修改后重新上传：${problems
            .slice(0, 3)
            .map((p) => `第 ${p.rowNo} 行 ${p.problem}`)
            .join('；')}${problems.length > 3 ? ' …' : ''}`,
          { rows: problems.map((p) => ({ rowNo: p.rowNo, name: p.name, problem: p.problem })) },
        );
      if (confirm)
        await writeAttendance(
          actor,
          session.id,
          rows.map((r) => ({ userId: r.userId!, hours: r.hours })),
          'training_session.sign_in_sheet',
        );
      return {
        session: confirm ? await findSession(actor.principal, sessionId) : session,
        written: confirm,
        matched,
        problems: problems.length,
        rows,
      };
    },

    async listSessions(
      principal: Principal,
      query: {
        jurisdiction?: string | undefined;
        year?: number | undefined;
        limit: number;
        cursor?: string | undefined;
      },
    ) {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const conditions: (SQL | undefined)[] = [
        sql`${trainingSessions.jurisdictionCode} like ${`${target.prefix}%`}`,
        withinCodes(trainingSessions.jurisdictionCode, principal.scope.rootCodes),
      ];
      if (query.year) {
        const { from, to } = yearRange(query.year);
        conditions.push(gte(trainingSessions.heldOn, from), lt(trainingSessions.heldOn, to));
      }
      const after = decodeCursor(query.cursor, z.tuple([cursorPart.date, cursorPart.uuid]));
      if (after) {
        conditions.push(
          sql`(${trainingSessions.heldOn}, ${trainingSessions.id}) < (${after[0]}::date, ${after[1]}::uuid)`,
        );
      }
      const rows = await db
        .select(sessionColumns)
        .from(trainingSessions)
        .innerJoin(jurisdictions, eq(jurisdictions.code, trainingSessions.jurisdictionCode))
        .where(and(...conditions))
        .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toSession);
      const last = rows.length > query.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.heldOn, last.id]) : null };
    },

    async createAward(actor: Actor, body: AwardCreate): Promise<Award> {
      await assertRecorder(actor.principal, body.jurisdictionCode, '竞赛成绩和荣誉');
      assertNotFuture(body.awardedOn, '获得日期');
      await assertPostHolders([body.userId], body.jurisdictionCode);
      // An honour is one of the defined ones (seed §二(四)4), with its year and level.
      const honour = body.kind === 'honour' ? (body.honour ?? honourByTitle.get(body.title ?? '')!) : null;
      const recorder = (await deps.jurisdictions.findByCode(body.jurisdictionCode))!;
      const level =
        body.level ??
        (['province', 'city', 'county'].includes(recorder.level) ? (recorder.level as AwardLevel) : 'county');
      const year = body.kind === 'honour' ? (body.year ?? Number(body.awardedOn.slice(0, 4))) : null;
      if (year !== null && year > Number(body.awardedOn.slice(0, 4)))
        throw new AppError('validation_failed', '荣誉年度不能晚于授予日期的年份');
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(coordinatorAwards)
          .values({
            userId: body.userId,
            kind: body.kind,
            title: honour ? HONOURS[honour] : body.title!,
            honour,
            level,
            year,
            awardedOn: body.awardedOn,
            issuer: body.issuer,
            jurisdictionCode: body.jurisdictionCode,
            result: body.kind === 'competition' ? (body.result ?? null) : null,
            createdByUserId: actor.principal.user.id,
            createdAt: clock.now(),
          })
          .returning({ id: coordinatorAwards.id });
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'award.create',
          entityType: 'coordinator_award',
          entityId: row!.id,
          after: body,
          ip: actor.ip,
        });
        return row!.id;
      });
      const [row] = await db
        .select(awardColumns)
        .from(coordinatorAwards)
        .innerJoin(users, eq(users.id, coordinatorAwards.userId))
        .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorAwards.jurisdictionCode))
        .where(eq(coordinatorAwards.id, id));
      return toAward(row!);
    },

    /** Awards recorded under the jurisdiction or given to people holding posts under it. */
    async listAwards(
      principal: Principal,
      query: {
        jurisdiction?: string | undefined;
        kind?: Award['kind'] | undefined;
        year?: number | undefined;
        limit: number;
        cursor?: string | undefined;
      },
    ) {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const pattern = `${target.prefix}%`;
      const conditions: (SQL | undefined)[] = [
        or(
          and(
            sql`${coordinatorAwards.jurisdictionCode} like ${pattern}`,
            withinCodes(coordinatorAwards.jurisdictionCode, principal.scope.rootCodes),
          ),
          sql`exists (select 1 from ${coordinatorRoles} cr where cr.user_id = ${coordinatorAwards.userId}
                and cr.jurisdiction_code like ${pattern}
                and ${withinCodes(sql`cr.jurisdiction_code`, principal.scope.rootCodes)})`,
        ),
      ];
      if (query.kind) conditions.push(eq(coordinatorAwards.kind, query.kind));
      if (query.year) {
        const { from, to } = yearRange(query.year);
        conditions.push(gte(coordinatorAwards.awardedOn, from), lt(coordinatorAwards.awardedOn, to));
      }
      const after = decodeCursor(query.cursor, z.tuple([cursorPart.date, cursorPart.uuid]));
      if (after) {
        conditions.push(
          sql`(${coordinatorAwards.awardedOn}, ${coordinatorAwards.id}) < (${after[0]}::date, ${after[1]}::uuid)`,
        );
      }
      const rows = await db
        .select(awardColumns)
        .from(coordinatorAwards)
        .innerJoin(users, eq(users.id, coordinatorAwards.userId))
        .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorAwards.jurisdictionCode))
        .where(and(...conditions))
        .orderBy(desc(coordinatorAwards.awardedOn), desc(coordinatorAwards.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toAward);
      const last = rows.length > query.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.awardedOn, last.id]) : null };
    },

    /** A person's page in the database: my own, or anyone holding a post I can read (404 otherwise). */
    async profile(principal: Principal, userId: string): Promise<CoordinatorProfile> {
      const today = shanghaiDate(clock.now());
      const posts = await db
        .select(postColumns)
        .from(coordinatorRoles)
        .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorRoles.jurisdictionCode))
        .leftJoin(enterprises, eq(enterprises.id, coordinatorRoles.enterpriseId))
        .where(
          and(
            eq(coordinatorRoles.userId, userId),
            or(isNull(coordinatorRoles.validTo), gte(coordinatorRoles.validTo, today)),
          ),
        )
        .orderBy(coordinatorRoles.validFrom);
      const self = userId === principal.user.id;
      const inScope = (p: (typeof posts)[number]) =>
        canRead(principal.scope, p.jurisdictionCode) ||
        (p.enterpriseId !== null && principal.scope.enterpriseIds.includes(p.enterpriseId));
      // Someone else's page shows only what lies within my scope: their posts, the training sessions
      // and the awards of jurisdictions I may read (a county sees its county, not another county's).
      const shownPosts = self ? posts : posts.filter(inScope);
      if (shownPosts.length === 0 && !self) throw notFound();
      const sessionsInScope = self
        ? sql`true`
        : withinCodes(trainingSessions.jurisdictionCode, principal.scope.rootCodes);
      const awardsInScope = self
        ? sql`true`
        : withinCodes(coordinatorAwards.jurisdictionCode, principal.scope.rootCodes);
      const [[person], sessions, awards] = await Promise.all([
        db
          .select({ id: users.id, name: users.name, mobile: users.mobile })
          .from(users)
          .where(eq(users.id, userId)),
        db
          .select({
            id: trainingSessions.id,
            heldOn: trainingSessions.heldOn,
            topic: trainingSessions.topic,
            hours: sql<number>`coalesce(${trainingAttendance.hours}, ${trainingSessions.hours})::float8`,
            trainer: trainingSessions.trainer,
            organiser: jurisdictions.name,
          })
          .from(trainingAttendance)
          .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
          .innerJoin(jurisdictions, eq(jurisdictions.code, trainingSessions.jurisdictionCode))
          .where(and(eq(trainingAttendance.userId, userId), sessionsInScope))
          .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.id)),
        db
          .select(awardColumns)
          .from(coordinatorAwards)
          .innerJoin(users, eq(users.id, coordinatorAwards.userId))
          .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorAwards.jurisdictionCode))
          .where(and(eq(coordinatorAwards.userId, userId), awardsInScope))
          .orderBy(desc(coordinatorAwards.awardedOn), desc(coordinatorAwards.id)),
      ]);
      if (!person) throw notFound();
      const year = String(shanghaiParts(clock.now()).year);
      const sum = (list: { hours: number }[]) => Math.round(list.reduce((n, s) => n + s.hours, 0) * 10) / 10;
      return {
        userId: person.id,
        name: person.name,
        mobile: person.mobile ? maskMobile(person.mobile) : null,
        posts: shownPosts.map(({ enterpriseId: _e, ...p }) => ({
          ...p,
          kindLabel: COORDINATOR_KINDS[p.kind],
          skillLabel: p.skillLevel ? SKILL_LEVELS[p.skillLevel] : null,
        })),
        training: {
          hoursThisYear: sum(sessions.filter((s) => s.heldOn.startsWith(year))),
          hoursTotal: sum(sessions),
          sessions: sessions.map((x) => ({ ...x, hours: Number(x.hours) })),
        },
        awards: awards.map(toAward),
      };
    },
  };
}

export type DevelopmentService = ReturnType<typeof createDevelopmentService>;
