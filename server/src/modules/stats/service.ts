import { z } from 'zod';
import type {
  DevelopmentCounts,
  CoordinatorCounts,
  CoordinatorStats,
  CoordinatorStatsQuery,
  SkillBucket,
  SubsidyPage,
  SubsidyQuery,
  WorkCounts,
} from '@coordnet/shared/api/stats';
import { SKILL_BUCKETS } from '@coordnet/shared/api/stats';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { formatPeriod, periodOf, periodRange, shanghaiDate } from '@coordnet/shared/domain/period';
import { COORDINATOR_KIND_KEYS, SKILL_LEVELS, type CoordinatorKind } from '@coordnet/shared/domain/roles';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import type { Clock } from '../../lib/clock';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import type { Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import {
  postCountsQuery,
  subsidyCountQuery,
  subsidyPageQuery,
  workCountsQuery,
  type WorkCountRow,
  postCountRowSchema,
  workCountRowSchema,
  subsidyRowSchema,
} from './queries';
import { resolveTarget, selfName, targetAndChildren } from './target';
import { developmentCountsQuery, developmentCountRowSchema } from '../development/queries';

const emptyCoordinators = (): CoordinatorCounts => ({
  posts: 0,
  people: 0,
  byKind: Object.fromEntries(COORDINATOR_KIND_KEYS.map((k) => [k, 0])) as Record<CoordinatorKind, number>,
  bySkill: Object.fromEntries(SKILL_BUCKETS.map((k) => [k, 0])) as Record<SkillBucket, number>,
});

const emptyDevelopment = (): DevelopmentCounts => ({
  trainedPeople: 0,
  trainingHours: 0,
  honours: 0,
  competitions: 0,
});

const emptyWork = (): WorkCounts => ({
  contacts: 0,
  visits: { submitted: 0, approved: 0, rejected: 0, withdrawn: 0 },
  guidance: 0,
  riskReports: { total: 0, open: 0, closed: 0, major: 0 },
});

function addWork(work: WorkCounts, row: WorkCountRow) {
  if (row.kind === 'contact') work.contacts += row.n;
  else if (row.kind === 'guidance') work.guidance += row.n;
  else if (row.kind === 'visit' && row.status in work.visits)
    work.visits[row.status as keyof WorkCounts['visits']] += row.n;
  else if (row.kind === 'risk_report') {
    work.riskReports.total += row.n;
    work.riskReports.major += row.major;
    if (row.status === 'open' || row.status === 'closed') work.riskReports[row.status] += row.n;
  }
}

/**
 * The coordinator database at any level (seed §二(三) 工作联络机制): posts by kind, skill level and
 * child jurisdiction, and the work logged in a period; the 技能提升补贴 list (seed §二(四)2).
 */
const countRowSchema = z.object({ n: z.coerce.number() });

export function createStatsService(deps: { db: Db; clock: Clock; jurisdictions: JurisdictionRepository }) {
  const { db, clock } = deps;

  return {
    async coordinators(principal: Principal, query: CoordinatorStatsQuery): Promise<CoordinatorStats> {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const now = clock.now();
      const period = query.period ?? periodOf(now, 'month');
      const { start, end } = periodRange(period);
      const asOf = shanghaiDate(now);
      const params = { target, scope: principal.scope, asOf };
      const [rows, posts, work, development] = await Promise.all([
        targetAndChildren(db, target),
        db.execute(postCountsQuery(params)).then((r) => rowsOf(postCountRowSchema, r)),
        db.execute(workCountsQuery({ ...params, start, end })).then((r) => rowsOf(workCountRowSchema, r)),
        db
          .execute(
            developmentCountsQuery({
              ...params,
              prefix: target.prefix,
              childDigits: target.childDigits,
              from: shanghaiDate(start),
              to: shanghaiDate(end),
            }),
          )
          .then((r) => rowsOf(developmentCountRowSchema, r)),
      ]);

      const empty = () => ({
        coordinators: emptyCoordinators(),
        work: emptyWork(),
        development: emptyDevelopment(),
      });
      const blocks = new Map(rows.map((r) => [r.code, empty()]));
      const total = empty();
      for (const row of development) {
        const block = row.child === null ? total : blocks.get(row.child);
        if (block)
          block.development = {
            trainedPeople: row.trained,
            trainingHours: Math.round(row.hours * 10) / 10,
            honours: row.honours,
            competitions: row.competitions,
          };
      }
      for (const row of posts) {
        const block = row.child ? blocks.get(row.child) : undefined;
        if (row.g === 7) total.coordinators.people = row.people;
        else if (row.g === 3) {
          if (block) block.coordinators.people = row.people;
        } else {
          for (const counts of block ? [total.coordinators, block.coordinators] : [total.coordinators]) {
            counts.posts += row.posts;
            counts.byKind[row.kind as CoordinatorKind] += row.posts;
            counts.bySkill[row.skill as SkillBucket] += row.posts;
          }
        }
      }
      for (const row of work) {
        addWork(total.work, row);
        const block = blocks.get(row.child);
        if (block) addWork(block.work, row);
      }

      return {
        jurisdiction: { code: target.code, name: target.name, level: target.level },
        period,
        periodLabel: formatPeriod(period),
        asOf,
        total,
        items: rows
          .map((r) => ({ ...r, name: r.self ? selfName(r.name) : r.name, ...blocks.get(r.code)! }))
          .filter((r) => !r.self || r.coordinators.posts > 0 || flatWork(r.work).some((n) => n > 0)),
      };
    },

    async subsidyCandidates(principal: Principal, query: SubsidyQuery): Promise<SubsidyPage> {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const cursor = decodeCursor(query.cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
      const params = { target, scope: principal.scope, asOf: shanghaiDate(clock.now()) };
      const [page, count] = await Promise.all([
        db
          .execute(subsidyPageQuery({ ...params, after: cursor, limit: query.limit }))
          .then((r) => rowsOf(subsidyRowSchema, r)),
        db.execute(subsidyCountQuery(params)).then((r) => rowsOf(countRowSchema, r)),
      ]);
      const items = page.slice(0, query.limit).map((r) => ({
        roleId: r.role_id,
        userId: r.user_id,
        name: r.name,
        mobile: r.mobile ? maskMobile(r.mobile) : null,
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        uscc: r.uscc,
        jurisdictionCode: r.jurisdiction_code,
        jurisdictionName: r.jurisdiction_name,
        skillLevel: r.skill_level,
        skillLabel: SKILL_LEVELS[r.skill_level],
        certificateNo: r.certificate_no,
        certificateDate: r.certificate_date,
      }));
      const last = page.length > query.limit ? items.at(-1) : undefined;
      return {
        items,
        nextCursor: last ? encodeCursor([last.jurisdictionCode, last.roleId]) : null,
        total: count[0]?.n ?? 0,
      };
    },
  };
}

function flatWork(work: WorkCounts): number[] {
  return [work.contacts, work.guidance, ...Object.values(work.visits), work.riskReports.total];
}

export type StatsService = ReturnType<typeof createStatsService>;
