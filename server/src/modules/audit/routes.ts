import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditListQuerySchema, auditPageSchema } from '@coordnet/shared/api/audit';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { AuditService } from './service';

/** 操作日志: the audit trail for manager supervisors (audit/service.ts). */
export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  app.addHook('onRequest', app.authenticate);
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        security: [{ bearer: [] }],
        summary:
          'Who did what, when and from where, newest first, for manager supervisors over the people of their area; unmasked reads and exports flagged',
        querystring: auditListQuerySchema,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (request) => audit.list(request.principal, request.query),
  );
};
