import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  reminderListQuerySchema,
  reminderPageSchema,
  workdayOverridesPutBodySchema,
  workdayOverridesQuerySchema,
  workdayOverridesSchema,
} from '@coordnet/shared/api/reminders';
import type { CalendarService } from './calendar';
import type { ReminderRepository } from './repository';

export const reminderRoutes: FastifyPluginAsyncZod<{
  reminders: ReminderRepository;
  calendar: CalendarService;
}> = async (app, { reminders, calendar }) => {
  const common = { tags: ['reminders'], security: [{ bearer: [] }] };

  app.get(
    '/reminders',
    {
      schema: {
        ...common,
        summary:
          'Delivery history (提醒记录): reminders to the work groups and people in my scope, newest first, with status and errcode',
        querystring: reminderListQuerySchema,
        response: { 200: reminderPageSchema, ...errorResponses },
      },
    },
    async (request) => reminders.list(request.principal, request.query),
  );

  app.get(
    '/reminders/workday-overrides',
    {
      schema: {
        ...common,
        summary:
          "The province's corrections to the official work-day calendar (dates the package does not know yet)",
        querystring: workdayOverridesQuerySchema,
        response: { 200: workdayOverridesSchema, ...errorResponses },
      },
    },
    async (request) => calendar.get(request.principal.scope, request.query.province),
  );

  app.put(
    '/reminders/workday-overrides',
    {
      schema: {
        ...common,
        summary: "Replace the province's work-day corrections (province manager supervisors)",
        body: workdayOverridesPutBodySchema,
        response: { 200: workdayOverridesSchema, ...errorResponses },
      },
    },
    async (request) =>
      calendar.put(request.actor, request.body.province, request.body.overrides, request.body.confirmedYears),
  );
};
