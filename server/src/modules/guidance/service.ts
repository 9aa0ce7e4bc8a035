import type { GuidanceCreate } from '@coordnet/shared/api/logs';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { forbidden } from '../../lib/errors';
import { canManage } from '../../lib/scope';
import { requireEnterpriseCoordinators } from '../logs/authorization';
import type { Actor, LogWriter } from '../logs/writer';

/**
 * C3 (seed §二(三)): the county HRSS staff guide and serve each enterprise coordinator at least once
 * a year. Written by supervisors with manager access over the enterprise.
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
        prepare: (enterprise, _settings, tx) =>
          requireEnterpriseCoordinators(tx, enterprise.id, body.coordinatorUserIds, deps.clock.now()),
        values: () => ({
          status: 'recorded',
          channel: body.method,
          duties: body.duties,
          notes: body.notes,
          counterpartUserIds: body.coordinatorUserIds,
        }),
      });
    },
  };
}

export type GuidanceService = ReturnType<typeof createGuidanceService>;
