import { asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { JurisdictionRef } from '@coordnet/shared/api/stats';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { rollupSql } from '../../db/rules-sql';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { AppError, notFound } from '../../lib/errors';
import { canRead } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';

/**
 * The jurisdiction a report is about, and how its records fall into its children. Reports, staffing
 * and ledgers of the stats, compliance, assessment and exports modules all start here.
 */
export interface ReportTarget extends JurisdictionRef {
  /** Significant prefix: everything under the jurisdiction is `code LIKE prefix%`. */
  prefix: string;
  /** Digits of a child's significant prefix (4 for a city under the province … 12 for a community). */
  childDigits: number;
}

const NEXT_SEGMENT_END: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/** In scope, or 404 without saying whether it exists; people with no jurisdiction of their own get 403. */
export async function resolveTarget(
  repository: JurisdictionRepository,
  principal: Principal,
  requested: string | undefined,
): Promise<ReportTarget> {
  const code = requested ?? principal.scope.rootCodes[0];
  if (!code) throw new AppError('stats_scope_required');
  if (!canRead(principal.scope, code)) throw notFound();
  const row = await repository.findByCode(code);
  if (!row) throw notFound();
  const prefix = subtreePrefix(code);
  return { code, name: row.name, level: row.level, prefix, childDigits: NEXT_SEGMENT_END[prefix.length]! };
}

/** The child a code belongs to: its first `digits` digits padded back to 12 (the code itself for "self"). */
export const childOf = (column: SQL, digits: number): SQL => rollupSql(column, digits);

/** A post (coordinator_roles `cr` joined to users `u`) held on the given Shanghai date. */
export const heldOn = (date: string): SQL =>
  sql`(cr.valid_from <= ${date}::date and (cr.valid_to is null or cr.valid_to >= ${date}::date) and u.active)`;

/** The children of the jurisdiction in code order, then the jurisdiction itself (its "本级" row). */
export async function targetAndChildren(
  db: Db,
  target: ReportTarget,
): Promise<(JurisdictionRef & { self: boolean })[]> {
  const rows = await db
    .select({ code: jurisdictions.code, name: jurisdictions.name, level: jurisdictions.level })
    .from(jurisdictions)
    .where(or(eq(jurisdictions.parentCode, target.code), eq(jurisdictions.code, target.code)))
    .orderBy(asc(jurisdictions.code));
  return rows
    .map((row) => ({ ...row, self: row.code === target.code }))
    .sort((a, b) => Number(a.self) - Number(b.self));
}

/** `num / den` to four decimals, null when there is nothing to divide by. */
export const rate = (num: number, den: number): number | null =>
  den > 0 ? Math.round((Math.min(num, den) / den) * 10_000) / 10_000 : null;

/** `(本级)` after the name of the row that counts what is registered at the jurisdiction itself. */
export const selfName = (name: string) => `${name}(本级)`;
