import type { ContactCreate } from '@coordnet/shared/api/logs';
import type { Db } from '../../../../db/client';
import type { Clock } from '../../../../lib/clock';
import { requireEnterpriseCoordinators, requireResponsible } from '../../authorization';
import type { Actor, LogWriter } from '../../writer';

/** C1 (seed §二(三)): a township/park coordinator's monthly contact with an enterprise coordinator. */
export function createContactService(deps: { db: Db; clock: Clock; writer: LogWriter }) {
  return {
    async create(actor: Actor, body: ContactCreate) {
      const contacted = body.contactedUserId ? [body.contactedUserId] : [];
      return deps.writer.create(actor, {
        kind: 'contact',
        clientId: body.clientId,
        enterpriseId: body.enterpriseId,
        occurredAt: new Date(body.occurredAt),
        body: {
          ...body,
          occurredAt: new Date(body.occurredAt),
          contactedUserId: body.contactedUserId ?? null,
        },
        authorize: (enterprise) =>
          requireResponsible(actor.principal, enterprise.jurisdictionCode, '记录联络'),
        prepare: (enterprise, _settings, tx) =>
          requireEnterpriseCoordinators(tx, enterprise.id, contacted, deps.clock.now()),
        values: () => ({
          status: 'recorded',
          channel: body.channel,
          duties: body.duties,
          notes: body.notes,
          counterpartUserIds: contacted,
          riskFlags: body.riskFlags,
        }),
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
