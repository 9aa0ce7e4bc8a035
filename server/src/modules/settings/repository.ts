import { eq, inArray, or, type SQL } from 'drizzle-orm';
import {
  policySettingsSchema,
  settingsOverridesSchema,
  type PolicySettingKey,
  type SettingsOverrides,
} from '@coordnet/shared/api/settings';
import type { Db } from '../../db/client';
import { policySettings } from '../../db/schema/settings';
import { withinCodes } from '../../lib/scope';

export interface SettingsRow {
  jurisdictionCode: string;
  overrides: SettingsOverrides;
  updatedAt: Date;
}

/**
 * Stored overrides are validated when read too: a key that no longer fits the schema (an older
 * release, a hand edit) is ignored and inherited instead of failing every request that needs it.
 */
export function parseOverrides(raw: unknown): SettingsOverrides {
  const whole = settingsOverridesSchema.safeParse(raw);
  if (whole.success) return whole.data;
  if (typeof raw !== 'object' || raw === null) return {};
  const shape = policySettingsSchema.shape;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key as PolicySettingKey];
    const parsed = field?.safeParse(value);
    if (parsed?.success) kept[key] = parsed.data;
  }
  return kept as SettingsOverrides;
}

export function createSettingsRepository(db: Pick<Db, 'select'>) {
  return {
    /** Rows stored at any of `codes` or anywhere under `roots`. */
    async rows(codes: readonly string[], roots: readonly string[] = []): Promise<SettingsRow[]> {
      const conditions: SQL[] = [];
      if (codes.length > 0) conditions.push(inArray(policySettings.jurisdictionCode, [...codes]));
      if (roots.length > 0) conditions.push(withinCodes(policySettings.jurisdictionCode, roots));
      if (conditions.length === 0) return [];
      const rows = await db
        .select()
        .from(policySettings)
        .where(or(...conditions));
      return rows.map((row) => ({
        jurisdictionCode: row.jurisdictionCode,
        overrides: parseOverrides(row.overrides),
        updatedAt: row.updatedAt,
      }));
    },

    async row(code: string): Promise<SettingsRow | null> {
      const [row] = await db.select().from(policySettings).where(eq(policySettings.jurisdictionCode, code));
      return row
        ? {
            jurisdictionCode: row.jurisdictionCode,
            overrides: parseOverrides(row.overrides),
            updatedAt: row.updatedAt,
          }
        : null;
    },
  };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
