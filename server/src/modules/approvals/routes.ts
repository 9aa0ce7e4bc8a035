import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { idParamsSchema } from '@coordnet/shared/api/common';
import {
  approvalListQuerySchema,
  approvalPageSchema,
  approveBodySchema,
  bulkApproveBodySchema,
  bulkApproveResponseSchema,
  logSchema,
  reasonBodySchema,
} from '@coordnet/shared/api/logs';
import { toLogDto } from '../logs/repository';
import type { ApprovalService } from './service';

export const approvalRoutes: FastifyPluginAsyncZod<{ approvals: ApprovalService }> = async (
  app,
  { approvals },
) => {
  const common = { tags: ['approvals'], security: [{ bearer: [] }] };
  app.get(
    '/approvals',
    {
      schema: {
        ...common,
        summary:
          'Visits waiting for my approval, oldest first (mock-location, far and duplicate flags shown), with the size of the whole queue',
        querystring: approvalListQuerySchema,
        response: { 200: approvalPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await approvals.queue(request.principal, request.query);
      return {
        items: page.items.map((row) => toLogDto(row, request.principal)),
        nextCursor: page.nextCursor,
        total: page.total,
      };
    },
  );

  app.post(
    '/visits/:id/approve',
    {
      schema: {
        ...common,
        summary: 'Approve a submitted visit; it is then locked',
        params: idParamsSchema,
        body: approveBodySchema,
        response: { 200: logSchema, ...errorResponses },
      },
    },
    async (request) =>
      toLogDto(
        await approvals.approve(request.actor, request.params.id, request.body?.revision),
        request.principal,
      ),
  );

  app.post(
    '/visits/:id/reject',
    {
      schema: {
        ...common,
        summary: 'Reject a submitted visit with a reason; its author may correct and resubmit it',
        params: idParamsSchema,
        body: reasonBodySchema,
        response: { 200: logSchema, ...errorResponses },
      },
    },
    async (request) =>
      toLogDto(
        await approvals.reject(request.actor, request.params.id, request.body.reason),
        request.principal,
      ),
  );

  app.post(
    '/visits/:id/reopen',
    {
      schema: {
        ...common,
        summary: 'Reopen an approved visit with a reason (audited); it waits for approval again',
        params: idParamsSchema,
        body: reasonBodySchema,
        response: { 200: logSchema, ...errorResponses },
      },
    },
    async (request) =>
      toLogDto(
        await approvals.reopen(request.actor, request.params.id, request.body.reason),
        request.principal,
      ),
  );

  app.post(
    '/visits/bulk-approve',
    {
      schema: {
        ...common,
        summary: 'Approve many visits at once: all or nothing, each checked for scope and approver',
        body: bulkApproveBodySchema,
        response: { 200: bulkApproveResponseSchema, ...errorResponses },
      },
    },
    async (request) => ({ approved: await approvals.bulkApprove(request.actor, request.body.ids) }),
  );
};
