import { z } from 'zod';
import { and, asc, eq, gt, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { Enterprise } from '@coordnet/shared/api/registry';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { readableBy, withinCodes, type Scope } from '../../lib/scope';
import { responsibleIsSql, responsibleJsonSql } from './responsible-sql';

export type EnterpriseRow = typeof enterprises.$inferSelect & {
  jurisdictionName: string;
  /** read by this repository; absent where an enterprise is loaded elsewhere (log writer) */
  responsible?: Enterprise['responsible'];
};

export interface EnterpriseFilter {
  jurisdiction?: string | undefined;
  q?: string | undefined;
  size?: Enterprise['size'] | undefined;
  status?: Enterprise['status'] | undefined;
  limit: number;
  cursor?: string | undefined;
  /** only those whose current 责任人 is the caller */
  mine?: boolean | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createEnterpriseRepository(db: Db, clock: Clock) {
  const today = () => shanghaiDate(clock.now());
  const base = () =>
    db
      .select({
        enterprise: enterprises,
        jurisdictionName: jurisdictions.name,
        responsible: sql<Enterprise['responsible']>`${responsibleJsonSql('enterprises', today())}`,
      })
      .from(enterprises)
      .innerJoin(jurisdictions, eq(jurisdictions.code, enterprises.jurisdictionCode));
  const toRow = (r: {
    enterprise: typeof enterprises.$inferSelect;
    jurisdictionName: string;
    responsible: Enterprise['responsible'];
  }): EnterpriseRow => ({
    ...r.enterprise,
    jurisdictionName: r.jurisdictionName,
    responsible: r.responsible ?? null,
  });

  return {
    async list(scope: Scope, filter: EnterpriseFilter) {
      const conditions: (SQL | undefined)[] = [
        readableBy(scope, enterprises.jurisdictionCode, enterprises.id),
      ];
      if (filter.jurisdiction)
        conditions.push(withinCodes(enterprises.jurisdictionCode, [filter.jurisdiction]));
      if (filter.size) conditions.push(eq(enterprises.size, filter.size));
      if (filter.status) conditions.push(eq(enterprises.status, filter.status));
      if (filter.mine) conditions.push(responsibleIsSql('enterprises', scope.userId, today()));
      if (filter.q) {
        const pattern = `%${escapeLike(filter.q)}%`;
        conditions.push(
          /^[0-9A-Za-z]{4,18}$/.test(filter.q)
            ? or(
                like(enterprises.uscc, `${escapeLike(filter.q.toUpperCase())}%`),
                ilike(enterprises.name, pattern),
              )
            : ilike(enterprises.name, pattern),
        );
      }
      const after = decodeCursor(filter.cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
      if (after) {
        const [name, id] = after;
        conditions.push(
          or(gt(enterprises.name, name), and(eq(enterprises.name, name), gt(enterprises.id, id))),
        );
      }
      const rows = await base()
        .where(and(...conditions))
        .orderBy(asc(enterprises.name), asc(enterprises.id))
        .limit(filter.limit + 1);
      const page = rows.slice(0, filter.limit).map(toRow);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor: rows.length > filter.limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    },

    async findReadable(scope: Scope, id: string): Promise<EnterpriseRow | null> {
      const [row] = await base().where(
        and(eq(enterprises.id, id), readableBy(scope, enterprises.jurisdictionCode, enterprises.id)),
      );
      return row ? toRow(row) : null;
    },

    async findByUscc(uscc: string) {
      const [row] = await db
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(eq(enterprises.uscc, uscc));
      return row ?? null;
    },
  };
}

export function toEnterpriseDto(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    jurisdictionCode: row.jurisdictionCode,
    jurisdictionName: row.jurisdictionName,
    industry: row.industry,
    employees: row.employees,
    revenue: row.revenue,
    assets: row.assets,
    declaredSize: row.declaredSize,
    computedSize: row.computedSize,
    size: row.size,
    contactName: row.contactName,
    contactMobile: row.contactMobile ? maskMobile(row.contactMobile) : null,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    inScope: row.inScope,
    isKey: row.isKey,
    status: row.status,
    responsible: row.responsible ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type EnterpriseRepository = ReturnType<typeof createEnterpriseRepository>;
