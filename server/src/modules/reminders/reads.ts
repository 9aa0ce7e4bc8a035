import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { JurisdictionLevel } from '@coordnet/shared/domain/jurisdiction-code';
import type { Tx } from '../../db/client';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { reminderRuns, workGroups } from '../../db/schema/reminders';
import type { RobotTarget } from './outbox';
import { codeArray, textArray } from './sql-arrays';

/** The composer's simple reads, through Drizzle (typed by the schema, nothing asserted). */

export interface GroupRow extends RobotTarget {
  name: string;
  level: JurisdictionLevel;
  jurisdictionName: string;
}

/** Active groups whose robot is not known to be broken, of these jurisdictions or all. */
export async function healthyGroups(tx: Pick<Tx, 'select'>, codes?: readonly string[]): Promise<GroupRow[]> {
  return tx
    .select({
      id: workGroups.id,
      jurisdictionCode: workGroups.jurisdictionCode,
      keyword: workGroups.keyword,
      delivery: workGroups.delivery,
      name: workGroups.name,
      level: jurisdictions.level,
      jurisdictionName: jurisdictions.name,
    })
    .from(workGroups)
    .innerJoin(jurisdictions, eq(jurisdictions.code, workGroups.jurisdictionCode))
    .where(
      and(
        eq(workGroups.active, true),
        ne(workGroups.status, 'misconfigured'),
        codes ? sql`${workGroups.jurisdictionCode} = any(${textArray(codes)})` : undefined,
      ),
    )
    .orderBy(asc(workGroups.jurisdictionCode), asc(workGroups.createdAt), asc(workGroups.id));
}

/** The codes of every jurisdiction of a level, in code order. */
export async function codesAtLevel(tx: Pick<Tx, 'select'>, level: JurisdictionLevel): Promise<string[]> {
  const rows = await tx
    .select({ code: jurisdictions.code })
    .from(jurisdictions)
    .where(eq(jurisdictions.level, level))
    .orderBy(asc(jurisdictions.code));
  return rows.map((r) => r.code);
}

/** The names of these jurisdictions, by code. */
export async function jurisdictionNames(
  tx: Pick<Tx, 'select'>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const rows = await tx
    .select({ code: jurisdictions.code, name: jurisdictions.name })
    .from(jurisdictions)
    .where(sql`${jurisdictions.code} = any(${textArray(codes)})`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Townships and parks of these counties (personal notices go out where no group exists too). */
export async function townshipsOf(db: Pick<Tx, 'select'>, counties: readonly string[]) {
  if (counties.length === 0) return [];
  return db
    .select({ code: jurisdictions.code, name: jurisdictions.name })
    .from(jurisdictions)
    .where(
      and(
        sql`${jurisdictions.parentCode} = any(${codeArray(counties)})`,
        inArray(jurisdictions.level, ['township', 'park']),
      ),
    )
    .orderBy(asc(jurisdictions.code));
}

/** The run keys among these that exist already. */
export async function existingRunKeys(db: Pick<Tx, 'select'>, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ runKey: reminderRuns.runKey })
    .from(reminderRuns)
    .where(sql`${reminderRuns.runKey} = any(${textArray(keys)})`);
  return new Set(rows.map((r) => r.runKey));
}
