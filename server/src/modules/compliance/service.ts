import { z } from 'zod';
import { platformStatusOf, type Staffing, type StaffingQuery } from '@coordnet/shared/api/compliance';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import type { Clock } from '../../lib/clock';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import type { Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { SettingsService } from '../settings/service';
import { resolveTarget, selfName, targetAndChildren } from '../stats/target';
import {
  enterpriseDrillDownQuery,
  platformPageQuery,
  platformRowSchema,
  staffingEnterpriseRowSchema,
} from './queries';
import { isEmptyBlock, staffingByChild } from './summary';

/**
 * Staffing compliance (seed §二(一)): per child jurisdiction, enterprises against their minimum,
 * township/park platforms against 4 or 2 (the county's "many enterprises" threshold) and
 * communities against 1; a township or park drills down to its enterprises.
 */
export function createComplianceService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
  settings: SettingsService;
}) {
  const { db, clock } = deps;

  return {
    async staffing(principal: Principal, query: StaffingQuery): Promise<Staffing> {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const params = {
        prefix: target.prefix,
        scope: principal.scope,
        asOf: shanghaiDate(clock.now()),
        resolver: await deps.settings.resolver([target.code]),
        groupDigits: target.childDigits,
      };
      const children = await targetAndChildren(db, target);
      const { byCode, total } = await staffingByChild(
        db,
        params,
        children.map((c) => c.code),
      );
      const items = children
        .map((c) => ({ ...c, name: c.self ? selfName(c.name) : c.name, ...byCode.get(c.code)! }))
        .filter((row) => !row.self || !isEmptyBlock(row));

      const drillDown = target.level === 'township' || target.level === 'park';
      let platform: Staffing['platform'] = null;
      let enterprises: Staffing['enterprises'] = null;
      if (drillDown) {
        const after = decodeCursor(query.cursor, z.tuple([cursorPart.int, cursorPart.text, cursorPart.uuid]));
        const [platformRows, page] = await Promise.all([
          db
            .execute(platformPageQuery({ ...params, after: null, limit: 1 }))
            .then((r) => rowsOf(platformRowSchema, r)),
          db
            .execute(
              enterpriseDrillDownQuery({
                ...params,
                status: query.status,
                after,
                limit: query.limit,
              }),
            )
            .then((r) => rowsOf(staffingEnterpriseRowSchema, r)),
        ]);
        const row = platformRows[0];
        platform = row
          ? { ...row, below: row.coordinators < row.minimum, status: platformStatusOf(row) }
          : null;
        const list = page.slice(0, query.limit);
        const last = page.length > query.limit ? list.at(-1) : undefined;
        enterprises = {
          items: list.map((e) => ({
            id: e.id,
            name: e.name,
            uscc: e.uscc,
            jurisdictionCode: e.jurisdiction_code,
            jurisdictionName: e.jurisdiction_name,
            size: e.size,
            coordinators: e.coordinators,
            minimum: e.minimum,
            status: e.status,
          })),
          nextCursor: last ? encodeCursor([Number(last.rank), last.name, last.id]) : null,
        };
      }

      return {
        jurisdiction: { code: target.code, name: target.name, level: target.level },
        asOf: params.asOf,
        total,
        items,
        platform,
        enterprises,
      };
    },
  };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
