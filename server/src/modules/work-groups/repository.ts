import { and, asc, eq, type SQL } from 'drizzle-orm';
import { WORK_GROUP_STATUSES, type WorkGroup } from '@coordnet/shared/api/work-groups';
import type { Db } from '../../db/client';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { workGroups } from '../../db/schema/reminders';
import { withinCodes } from '../../lib/scope';

const columns = {
  id: workGroups.id,
  jurisdictionCode: workGroups.jurisdictionCode,
  jurisdictionName: jurisdictions.name,
  jurisdictionLevel: jurisdictions.level,
  name: workGroups.name,
  delivery: workGroups.delivery,
  openConversationId: workGroups.openConversationId,
  accessTokenSealed: workGroups.accessTokenSealed,
  tokenFingerprint: workGroups.tokenFingerprint,
  secretSealed: workGroups.secretSealed,
  keyword: workGroups.keyword,
  active: workGroups.active,
  status: workGroups.status,
  lastDeliveryAt: workGroups.lastDeliveryAt,
  lastErrcode: workGroups.lastErrcode,
  lastErrmsg: workGroups.lastErrmsg,
  createdAt: workGroups.createdAt,
  updatedAt: workGroups.updatedAt,
};

export type WorkGroupRow = {
  id: string;
  jurisdictionCode: string;
  jurisdictionName: string;
  jurisdictionLevel: WorkGroup['jurisdictionLevel'];
  name: string;
  delivery: WorkGroup['delivery'];
  openConversationId: string | null;
  accessTokenSealed: string | null;
  tokenFingerprint: string | null;
  secretSealed: string | null;
  keyword: string | null;
  active: boolean;
  status: WorkGroup['status'];
  lastDeliveryAt: Date | null;
  lastErrcode: number | null;
  lastErrmsg: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The API shape: the sealed token and secret never leave this module. */
export function toWorkGroupDto(row: WorkGroupRow): WorkGroup {
  return {
    id: row.id,
    jurisdictionCode: row.jurisdictionCode,
    jurisdictionName: row.jurisdictionName,
    jurisdictionLevel: row.jurisdictionLevel,
    name: row.name,
    delivery: row.delivery,
    openConversationId: row.openConversationId,
    keyword: row.keyword,
    hasSecret: row.secretSealed !== null,
    active: row.active,
    status: row.status,
    statusLabel: WORK_GROUP_STATUSES[row.status],
    lastDeliveryAt: row.lastDeliveryAt?.toISOString() ?? null,
    lastErrcode: row.lastErrcode,
    lastErrmsg: row.lastErrmsg,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Work groups are read by supervisors of their level or above (`supervisorCodes`: the jurisdictions
 * of the caller's supervisor posts); the codes go into the WHERE clause.
 */
export function createWorkGroupRepository(db: Pick<Db, 'select'>) {
  function select(where: SQL | undefined) {
    return db
      .select(columns)
      .from(workGroups)
      .innerJoin(jurisdictions, eq(jurisdictions.code, workGroups.jurisdictionCode))
      .where(where);
  }

  return {
    async list(
      supervisorCodes: readonly string[],
      filter: { jurisdiction?: string | undefined; includeInactive?: boolean | undefined },
    ): Promise<WorkGroupRow[]> {
      const conditions: SQL[] = [withinCodes(workGroups.jurisdictionCode, supervisorCodes)];
      if (filter.jurisdiction)
        conditions.push(withinCodes(workGroups.jurisdictionCode, [filter.jurisdiction]));
      if (!filter.includeInactive) conditions.push(eq(workGroups.active, true));
      return select(and(...conditions)).orderBy(
        asc(jurisdictions.depth),
        asc(workGroups.jurisdictionCode),
        asc(workGroups.name),
        asc(workGroups.id),
      );
    },

    async findVisible(supervisorCodes: readonly string[], id: string): Promise<WorkGroupRow | null> {
      const [row] = await select(
        and(eq(workGroups.id, id), withinCodes(workGroups.jurisdictionCode, supervisorCodes)),
      );
      return row ?? null;
    },

    /** For the dispatcher and jobs, which act for nobody in particular. */
    async findById(id: string): Promise<WorkGroupRow | null> {
      const [row] = await select(eq(workGroups.id, id));
      return row ?? null;
    },
  };
}

export type WorkGroupRepository = ReturnType<typeof createWorkGroupRepository>;
