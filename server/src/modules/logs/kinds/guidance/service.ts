import type { GuidanceCreate } from '@coordnet/shared/api/logs';
import type { Db } from '../../../../db/client';
import type { Clock } from '../../../../lib/clock';
import { AppError, forbidden } from '../../../../lib/errors';
import { canManage } from '../../../../lib/scope';
import { hasEnterpriseCoordinators, requireEnterpriseCoordinators } from '../../authorization';
import type { Actor, LogWriter } from '../../writer';

/**
 * C3 (seed §二(三) 岗位责任制: 每年至少对企业劳动关系协调员工作进行一次指导服务): the county HRSS staff
 * guide and serve each enterprise's coordinators at least once a year, on the topics the guidance
 * lists. Written by supervisors with manager access over the enterprise, naming at least one of its
 * coordinators; an enterprise without a coordinator of its own has no one to guide.
 */
export function createGuidanceService(deps: { db: Db; clock: Clock; writer: LogWriter }) {
  return {
    async create(actor: Actor, body: GuidanceCreate) {
      const occurredAt = new Date(body.occurredAt);
      return deps.writer.create(actor, {
        kind: 'guidance',
        clientId: body.clientId,
        enterpriseId: body.enterpriseId,
        occurredAt,
        body: { ...body, occurredAt },
        authorize: (enterprise) => {
          if (!canManage(actor.principal.scope, enterprise.jurisdictionCode))
            throw forbidden('只有县(市、区)及以上人力社保局管理人员可以记录对企业劳动关系协调员的指导服务');
        },
        prepare: async (enterprise, _settings, tx) => {
          const now = deps.clock.now();
          if (!(await hasEnterpriseCoordinators(tx, enterprise.id, now)))
            throw new AppError('enterprise_without_coordinator');
          await requireEnterpriseCoordinators(tx, enterprise.id, body.coordinatorUserIds, now);
        },
        values: () => ({
          status: 'recorded',
          channel: body.method,
          topics: body.topics,
          notes: body.notes,
          counterpartUserIds: body.coordinatorUserIds,
        }),
      });
    },
  };
}

export type GuidanceService = ReturnType<typeof createGuidanceService>;
