import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { assessmentQuerySchema } from '@coordnet/shared/api/assessment';
import { evaluationQuerySchema } from '@coordnet/shared/api/evaluations';
import { errorBodySchema } from '@coordnet/shared/api/errors';
import {
  LEDGER_KEYS,
  LEDGERS,
  XLSX_CONTENT_TYPE,
  coordinatorLedgerQuerySchema,
  enterpriseLedgerQuerySchema,
  logLedgerQuerySchema,
  staffingLedgerQuerySchema,
  xlsxBodySchema,
  type LedgerKey,
} from '@coordnet/shared/api/stats';
import { SENSITIVE_LIMITS } from '../../plugins/security';
import type { LedgerQueries } from './ledger';
import type { ExportService } from './service';

const QUERY_SCHEMAS = {
  enterprises: enterpriseLedgerQuerySchema,
  coordinators: coordinatorLedgerQuerySchema,
  contacts: logLedgerQuerySchema,
  visits: logLedgerQuerySchema,
  'risk-reports': logLedgerQuerySchema,
  staffing: staffingLedgerQuerySchema,
  assessment: assessmentQuerySchema,
  evaluations: evaluationQuerySchema,
} satisfies { [K in LedgerKey]: z.ZodType<LedgerQueries[K]> };

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  429: errorBodySchema,
};

export const exportRoutes: FastifyPluginAsyncZod<{ exports: ExportService }> = async (app, { exports }) => {
  const limit = app.limitPerPersonAndAddress('export', SENSITIVE_LIMITS.export);
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
            ...errors,
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
