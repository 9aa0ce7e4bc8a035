import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientConfigSchema,
  devLoginBodySchema,
  devUsersResponseSchema,
  dingtalkLoginBodySchema,
  meSchema,
  sessionSchema,
} from '@coordnet/shared/api/auth';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { Config } from '../../config';
import type { AuthService } from './service';

/**
 * Sign-in is the one place a stranger can hammer. A township office signs in from behind one NAT
 * address at nine in the morning, so the limit per address is generous but finite.
 */
const signInRateLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };

export const authRoutes: FastifyPluginAsyncZod<{ config: Config; auth: AuthService }> = async (
  app,
  { config, auth },
) => {
  app.get(
    '/client-config',
    {
      schema: {
        tags: ['auth'],
        summary: 'Public settings the mini-app needs before sign-in',
        response: { 200: clientConfigSchema },
      },
    },
    async () => ({
      corpId: config.dingtalk.corpId ?? null,
      devLogin: config.devLogin,
      appName: '劳动关系协调员网络',
    }),
  );

  app.post(
    '/auth/dingtalk',
    {
      config: signInRateLimit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a DingTalk 免登 auth code',
        body: dingtalkLoginBodySchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = await auth.signInWithDingTalk(request.body.authCode);
      return { ...app.signSession(principal.user.id), user: auth.me(principal) };
    },
  );

  if (config.devLogin) {
    app.get(
      '/auth/dev-users',
      {
        config: signInRateLimit,
        schema: {
          tags: ['auth'],
          summary: 'Demo users (development sign-in only)',
          response: { 200: devUsersResponseSchema },
        },
      },
      async () => ({ items: await auth.devUsers() }),
    );
    app.post(
      '/auth/dev-login',
      {
        config: signInRateLimit,
        schema: {
          tags: ['auth'],
          summary: 'Sign in as a demo user (development sign-in only)',
          body: devLoginBodySchema,
          response: { 200: sessionSchema, ...errorResponses },
        },
      },
      async (request) => {
        const principal = await auth.signInAsDevUser(request.body.userId);
        return { ...app.signSession(principal.user.id), user: auth.me(principal) };
      },
    );
  }

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who I am, my posts and my scope',
        security: [{ bearer: [] }],
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => auth.me(request.principal),
  );
};
