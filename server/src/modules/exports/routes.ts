import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { assessmentQuerySchema } from '@coordnet/shared/api/assessment';
import { auditLedgerQuerySchema } from '@coordnet/shared/api/audit';
import { evaluationQuerySchema } from '@coordnet/shared/api/evaluations';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  LEDGER_KEYS,
  LEDGERS,
  XLSX_CONTENT_TYPE,
  coordinatorLedgerQuerySchema,
  exportLinkParamsSchema,
  exportLinkSchema,
  enterpriseLedgerQuerySchema,
  incentiveLedgerQuerySchema,
  logLedgerQuerySchema,
  staffingLedgerQuerySchema,
  trainingLedgerQuerySchema,
  xlsxBodySchema,
  type LedgerKey,
} from '@coordnet/shared/api/stats';
import { SENSITIVE_LIMITS } from '../../plugins/security';
import type { LedgerQueries } from './ledger';
import type { ExportLinkService } from './links';
import type { ExportService } from './service';

const QUERY_SCHEMAS = {
  enterprises: enterpriseLedgerQuerySchema,
  coordinators: coordinatorLedgerQuerySchema,
  contacts: logLedgerQuerySchema,
  visits: logLedgerQuerySchema,
  'risk-reports': logLedgerQuerySchema,
  guidance: logLedgerQuerySchema,
  staffing: staffingLedgerQuerySchema,
  assessment: assessmentQuerySchema,
  evaluations: evaluationQuerySchema,
  'audit-log': auditLedgerQuerySchema,
  training: trainingLedgerQuerySchema,
  subsidies: incentiveLedgerQuerySchema,
  'gold-coordinators': incentiveLedgerQuerySchema,
} satisfies { [K in LedgerKey]: z.ZodType<LedgerQueries[K]> };

export const exportRoutes: FastifyPluginAsyncZod<{
  exports: ExportService;
  links: ExportLinkService;
}> = async (app, { exports, links }) => {
  const limit = app.limitPerPersonAndAddress('export', SENSITIVE_LIMITS.export);
  // The download link is opened without a header (DingTalk's file viewer): its token is the credential.
  app.get(
    '/exports/download/:token',
    {
      schema: {
        tags: ['exports'],
        summary:
          'Opens a ledger by its single-use link (no Authorization header): the export of the person who asked for it, audited',
        params: exportLinkParamsSchema,
        response: {
          200: {
            description: '台账 Excel 文件',
            content: { [XLSX_CONTENT_TYPE]: { schema: xlsxBodySchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await links.open(request.params.token, request.ip);
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', file.contentDisposition)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(file.stream as never);
    },
  );

  for (const key of LEDGER_KEYS) {
    app.post(
      `/exports/${key}/link`,
      {
        preHandler: limit,
        schema: {
          tags: ['exports'],
          security: [{ bearer: [] }],
          summary: `A short-lived single-use download link of ${LEDGERS[key]} with this filter (checked now)`,
          querystring: QUERY_SCHEMAS[key],
          response: { 201: exportLinkSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await links.issue(key, request.principal, request.query as LedgerQueries[typeof key])),
    );
  }

  for (const key of LEDGER_KEYS) {
    app.get(
      `/exports/${key}.xlsx`,
      {
        preHandler: limit,
        schema: {
          tags: ['exports'],
          security: [{ bearer: [] }],
          summary: `${LEDGERS[key]} (.xlsx, streamed): scope-limited, mobiles masked unless the caller manages the jurisdiction, audited`,
          querystring: QUERY_SCHEMAS[key],
          response: {
            200: {
              description: `${LEDGERS[key]} Excel 文件`,
              content: { [XLSX_CONTENT_TYPE]: { schema: xlsxBodySchema } },
            },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const file = await exports.open(
          key,
          request.principal,
          request.query as LedgerQueries[typeof key],
          request.ip,
        );
        return reply
          .type(XLSX_CONTENT_TYPE)
          .header('content-disposition', file.contentDisposition)
          .header('cache-control', 'no-store')
          .send(file.stream as never); // bytes, not JSON: the 200 schema only documents them
      },
    );
  }
};
