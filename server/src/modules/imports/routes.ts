import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  IMPORT_KINDS,
  IMPORT_KIND_KEYS,
  IMPORT_MAX_BYTES,
  IMPORT_TEMPLATE_FILE_NAMES,
  importListSchema,
  importSchema,
  importUploadQuerySchema,
} from '@coordnet/shared/api/imports';
import { XLSX_CONTENT_TYPE, xlsxBodySchema } from '@coordnet/shared/api/stats';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { contentDisposition } from '../../lib/xlsx';
import { errorReport, importTemplate } from './report';
import type { ImportService } from './service';

const xlsxResponse = (description: string) => ({
  200: { description, content: { [XLSX_CONTENT_TYPE]: { schema: xlsxBodySchema } } },
  ...errorResponses,
});

export const importRoutes: FastifyPluginAsyncZod<{ imports: ImportService; clock: Clock }> = async (
  app,
  { imports, clock },
) => {
  await app.register(multipart, {
    limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 4, parts: 5, headerPairs: 100 },
  });
  const common = { tags: ['imports'], security: [{ bearer: [] }] };
  for (const kind of IMPORT_KIND_KEYS) {
    app.get(
      `/imports/templates/${kind}.xlsx`,
      {
        schema: {
          ...common,
          summary: `The ${kind} import template (${IMPORT_KINDS[kind]}): Chinese headers, an example row, 填写说明`,
          response: xlsxResponse(`${IMPORT_KINDS[kind]}导入模板`),
        },
      },
      async (_request, reply) =>
        reply
          .type(XLSX_CONTENT_TYPE)
          .header(
            'content-disposition',
            contentDisposition(IMPORT_TEMPLATE_FILE_NAMES[kind], `${kind}-template.xlsx`),
          )
          .send((await importTemplate(kind, clock.now())) as never),
    );
  }

  app.post(
    '/imports',
    {
      schema: {
        ...common,
        summary:
          'Upload an .xlsx or .csv (UTF-8 or GBK; multipart field `file`) for a dry run: county or higher managers, rows limited to their scope',
        consumes: ['multipart/form-data'],
        querystring: importUploadQuerySchema,
        response: { 202: importSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.principal.scope.manageCodes.length === 0) throw new AppError('import_forbidden');
      let file;
      try {
        file = await request.file();
      } catch {
        throw new AppError('import_file_missing');
      }
      if (!file) throw new AppError('import_file_missing');
      const created = await imports.upload(request.actor, request.query.kind, file.filename, file.file);
      return reply.code(202).send(created);
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        ...common,
        summary: 'My 20 latest imports',
        response: { 200: importListSchema, ...errorResponses },
      },
    },
    async (request) => imports.list(request.principal),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        ...common,
        summary: 'An import of mine: state, progress, dry-run counts and the first errors',
        params: idParamsSchema,
        response: { 200: importSchema, ...errorResponses },
      },
    },
    async (request) => imports.get(request.principal, request.params.id),
  );

  app.post(
    '/imports/:id/commit',
    {
      schema: {
        ...common,
        summary:
          'Write a validated import, all or nothing, in the background (409 unless validated; import_expired once the dry run expired)',
        params: idParamsSchema,
        response: { 202: importSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await imports.commit(request.actor, request.params.id)),
  );

  app.get(
    '/imports/:id/errors.xlsx',
    {
      schema: {
        ...common,
        summary: 'The error report: row, column, cell, Chinese message and the original row',
        params: idParamsSchema,
        response: xlsxResponse('导入错误报告'),
      },
    },
    async (request, reply) => {
      const { row, errors: rowErrors } = await imports.errorsOf(request.principal, request.params.id);
      const base = row.fileName.replace(/\.[^.]*$/, '');
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', contentDisposition(`${base}-错误报告.xlsx`, 'import-errors.xlsx'))
        .header('cache-control', 'no-store')
        .send(errorReport(row, rowErrors, clock.now()) as never);
    },
  );
};
