import { sql, type Column, type SQL } from 'drizzle-orm';
import {
  PROVINCE_DEFAULT_SETTINGS,
  type PolicySettingKey,
  type PolicySettings,
  type SettingsOverrides,
  type SettingsResponse,
} from '@coordnet/shared/api/settings';
import { ancestorCodes, subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { policySettings } from '../../db/schema/settings';
import { rollupSql } from '../../db/rules-sql';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, canRead, type Scope } from '../../lib/scope';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import { createSettingsRepository, parseOverrides, type SettingsRow } from './repository';
import type { Actor } from '../auth/principal';

const SETTABLE_LEVELS = new Set(['province', 'city', 'county']);

/** The settings in force at `code`: defaults overlaid by the rows on its path, nearest last. */
function overlay(code: string, rows: ReadonlyMap<string, SettingsOverrides>) {
  const effective: PolicySettings = { ...PROVINCE_DEFAULT_SETTINGS };
  const sources: Partial<Record<PolicySettingKey, string | null>> = {};
  for (const key of Object.keys(PROVINCE_DEFAULT_SETTINGS) as PolicySettingKey[]) sources[key] = null;
  for (const node of [...ancestorCodes(code), code]) {
    const overrides = rows.get(node);
    if (!overrides) continue;
    for (const [key, value] of Object.entries(overrides) as [PolicySettingKey, never][]) {
      if (value === undefined) continue;
      effective[key] = value;
      sources[key] = node;
    }
  }
  return { effective, sources: sources as Record<PolicySettingKey, string | null> };
}

/** The ranks above a 12-digit code, whose rolled-up codes are its ancestors (parentCode). */
const ANCESTOR_RANKS = ['province', 'city', 'county', 'township'] as const;

/**
 * The overrides that apply at the jurisdiction code in `column` (its own row and its ancestors'),
 * as one JSON subquery, so a statement that reads a row can bring its settings along; resolve
 * them with `effectiveFromRows`. The ancestors of a 12-digit code are its prefixes of 2, 4, 6 and
 * 9 digits padded with zeros (parentCode), and padding the code at its own depth gives itself.
 */
export const applicableSettingsSql = (column: Column | SQL) =>
  sql<{ jurisdictionCode: string; overrides: unknown }[]>`(select coalesce(json_agg(json_build_object(
      'jurisdictionCode', s.jurisdiction_code, 'overrides', s.overrides)), '[]'::json)
    from ${policySettings} s
    where s.jurisdiction_code in (${sql.join(
      ANCESTOR_RANKS.map((rank) => rollupSql(sql`${column}`, rank)),
      sql`, `,
    )}, ${column}))`;

/** The settings in force at `code` from the rows `applicableSettingsSql` returned for it. */
export const effectiveFromRows = (
  code: string,
  rows: readonly { jurisdictionCode: string; overrides: unknown }[],
): PolicySettings =>
  overlay(code, new Map(rows.map((r) => [r.jurisdictionCode, parseOverrides(r.overrides)]))).effective;

/**
 * Effective settings for every code under some roots, resolved once. `caseOver` turns a per-setting
 * condition into one SQL CASE on a jurisdiction column, so a query over many counties with
 * different policies stays a single statement.
 */
export interface SettingsResolver {
  effectiveFor(code: string): PolicySettings;
  caseOver<T>(column: Column | SQL, pick: (s: PolicySettings) => T, toSql: (value: T) => SQL): SQL;
}

function resolverOf(rows: readonly SettingsRow[]): SettingsResolver {
  const byCode = new Map(rows.map((r) => [r.jurisdictionCode, r.overrides]));
  // Longest prefix first, so a code takes the branch of the nearest row above it.
  const nodes = rows
    .map((r) => ({ code: r.jurisdictionCode, prefix: subtreePrefix(r.jurisdictionCode) }))
    .sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix));
  return {
    effectiveFor: (code) => overlay(code, byCode).effective,
    caseOver(column, pick, toSql) {
      const fallback = pick(PROVINCE_DEFAULT_SETTINGS);
      const branches = nodes.map((n) => ({
        prefix: n.prefix,
        value: pick(overlay(n.code, byCode).effective),
      }));
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      if (branches.every((b) => same(b.value, fallback))) return toSql(fallback);
      return sql`(case ${sql.join(
        branches.map((b) => sql`when ${column} like ${`${b.prefix}%`} then ${toSql(b.value)}`),
        sql` `,
      )} else ${toSql(fallback)} end)`;
    },
  };
}

export function createSettingsService(deps: { db: Db; clock: Clock; jurisdictions: JurisdictionRepository }) {
  const { db, clock } = deps;
  const repository = createSettingsRepository(db);

  async function respond(
    scope: Scope,
    code: string,
    name: string,
    level: SettingsResponse['jurisdictionLevel'],
  ) {
    const rows = await repository.rows([...ancestorCodes(code), code]);
    const byCode = new Map(rows.map((r) => [r.jurisdictionCode, r.overrides]));
    const own = rows.find((r) => r.jurisdictionCode === code);
    const { effective, sources } = overlay(code, byCode);
    return {
      jurisdictionCode: code,
      jurisdictionName: name,
      jurisdictionLevel: level,
      overrides: own?.overrides ?? {},
      effective,
      sources,
      editable: canManage(scope, code) && SETTABLE_LEVELS.has(level),
      updatedAt: own ? own.updatedAt.toISOString() : null,
    } satisfies SettingsResponse;
  }

  /** A jurisdiction the caller may see settings of: in their scope, or above it (they inherit from there). */
  async function visibleJurisdiction(scope: Scope, code: string) {
    const visible =
      canRead(scope, code) || scope.rootCodes.some((root) => ancestorCodes(root).includes(code));
    if (!visible) throw notFound();
    const jurisdiction = await deps.jurisdictions.findByCode(code);
    if (!jurisdiction) throw notFound();
    return jurisdiction;
  }

  return {
    /** Effective settings at one code (for a log write: the enterprise's jurisdiction). */
    async effectiveFor(code: string, tx: Pick<Db, 'select'> = db): Promise<PolicySettings> {
      const rows = await createSettingsRepository(tx).rows([...ancestorCodes(code), code]);
      return overlay(code, new Map(rows.map((r) => [r.jurisdictionCode, r.overrides]))).effective;
    },

    /** Loads every row that can apply under `roots` (their ancestors and their subtrees). */
    async resolver(roots: readonly string[], tx: Pick<Db, 'select'> = db): Promise<SettingsResolver> {
      const ancestors = [...new Set(roots.flatMap((root) => [...ancestorCodes(root), root]))];
      return resolverOf(await createSettingsRepository(tx).rows(ancestors, roots));
    },

    async get(scope: Scope, code: string): Promise<SettingsResponse> {
      const jurisdiction = await visibleJurisdiction(scope, code);
      return respond(scope, code, jurisdiction.name, jurisdiction.level);
    },

    async put(actor: Actor, code: string, overrides: SettingsOverrides): Promise<SettingsResponse> {
      const jurisdiction = await visibleJurisdiction(actor.principal.scope, code);
      if (!canManage(actor.principal.scope, code))
        throw forbidden('只有该地区人力社保局管理人员可以修改工作规则');
      if (!SETTABLE_LEVELS.has(jurisdiction.level)) throw new AppError('settings_level_invalid');
      const now = clock.now();
      await db.transaction(async (tx) => {
        const before = await createSettingsRepository(tx).row(code);
        if (Object.keys(overrides).length === 0) {
          await tx.delete(policySettings).where(sql`${policySettings.jurisdictionCode} = ${code}`);
        } else {
          await tx
            .insert(policySettings)
            .values({
              jurisdictionCode: code,
              overrides,
              updatedByUserId: actor.principal.scope.userId,
              updatedAt: now,
            })
            .onConflictDoUpdate({
              target: policySettings.jurisdictionCode,
              set: { overrides, updatedByUserId: actor.principal.scope.userId, updatedAt: now },
            });
        }
        await writeAudit(tx, {
          actorUserId: actor.principal.scope.userId,
          action: 'settings.update',
          entityType: 'policy_settings',
          entityId: code,
          before: before?.overrides ?? null,
          after: overrides,
          ip: actor.ip,
        });
      });
      return respond(actor.principal.scope, code, jurisdiction.name, jurisdiction.level);
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
