import { eq } from 'drizzle-orm';
import type { EnterpriseCreate, EnterprisePatch } from '@coordnet/shared/api/registry';
import { classifyEnterprise } from '@coordnet/shared/domain/enterprise-size';
import { normalizeUscc, usccProblem } from '@coordnet/shared/domain/uscc';
import type { Db } from '../../db/client';
import { enterprises } from '../../db/schema/enterprises';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, type Scope } from '../../lib/scope';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { EnterpriseRepository, EnterpriseRow } from './repository';
import type { Actor } from '../auth/principal';

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: string }).code === '23505' ||
    (error as { cause?: { code?: string } }).cause?.code === '23505');

export function createEnterpriseService(deps: {
  db: Db;
  clock: Clock;
  enterprises: EnterpriseRepository;
  jurisdictions: JurisdictionRepository;
}) {
  const { db, clock } = deps;

  async function assertManageable(scope: Scope, jurisdictionCode: string) {
    if (!canManage(scope, jurisdictionCode))
      throw forbidden('只有所在县(市、区)及以上人力社保局管理人员可以维护企业信息');
    const jurisdiction = await deps.jurisdictions.findByCode(jurisdictionCode);
    if (!jurisdiction) throw new AppError('jurisdiction_invalid');
  }

  return {
    async create(actor: Actor, input: EnterpriseCreate): Promise<EnterpriseRow> {
      // Full-width characters and spaces as typed with a Chinese input method are forgiven.
      const body = { ...input, uscc: normalizeUscc(input.uscc) };
      const problem = usccProblem(body.uscc);
      if (problem) throw new AppError('uscc_invalid', problem, { uscc: body.uscc });
      await assertManageable(actor.principal.scope, body.jurisdictionCode);
      if (await deps.enterprises.findByUscc(body.uscc)) throw new AppError('uscc_duplicate');
      const now = clock.now();
      try {
        const id = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(enterprises)
            .values({ ...body, computedSize: classifyEnterprise(body), createdAt: now, updatedAt: now })
            .returning();
          if (!row) throw new Error('insert returned nothing');
          await writeAudit(tx, {
            actorUserId: actor.principal.scope.userId,
            action: 'enterprise.create',
            entityType: 'enterprise',
            entityId: row.id,
            after: row,
            ip: actor.ip,
          });
          return row.id;
        });
        return (await deps.enterprises.findReadable(actor.principal.scope, id))!;
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('uscc_duplicate');
        throw error;
      }
    },

    async update(actor: Actor, id: string, patch: EnterprisePatch): Promise<EnterpriseRow> {
      const before = await deps.enterprises.findReadable(actor.principal.scope, id);
      if (!before) throw notFound();
      await assertManageable(actor.principal.scope, before.jurisdictionCode);
      if (patch.jurisdictionCode && patch.jurisdictionCode !== before.jurisdictionCode) {
        await assertManageable(actor.principal.scope, patch.jurisdictionCode);
      }
      const merged = { ...before, ...patch };
      const computedSize = classifyEnterprise({
        industry: merged.industry,
        employees: merged.employees,
        revenue: merged.revenue,
        assets: merged.assets,
      });
      await db.transaction(async (tx) => {
        const [after] = await tx
          .update(enterprises)
          .set({ ...patch, computedSize, updatedAt: clock.now() })
          .where(eq(enterprises.id, id))
          .returning();
        if (!after) throw new AppError('conflict');
        const { jurisdictionName: _name, ...beforeRow } = before;
        await writeAudit(tx, {
          actorUserId: actor.principal.scope.userId,
          action: 'enterprise.update',
          entityType: 'enterprise',
          entityId: id,
          before: beforeRow,
          after,
          ip: actor.ip,
        });
      });
      return (await deps.enterprises.findReadable(actor.principal.scope, id))!;
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
