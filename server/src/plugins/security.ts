import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors';

export interface PersonAndAddressLimit {
  /** Requests one signed-in person may make per minute, from anywhere. */
  perPerson: number;
  /** Requests one client address may make per minute, whoever signs in there (a township's NAT). */
  perAddress: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A preHandler limiting a route per person and per address (429 rate_limited with Retry-After):
     * a person cannot escape it by changing address, nor an address by changing token.
     */
    limitPerPersonAndAddress(
      name: string,
      limit: PersonAndAddressLimit,
    ): (request: FastifyRequest) => Promise<void>;
  }
}

/** What a route may take per minute: reading whole mobiles, exporting ledgers, storing photos. */
export const SENSITIVE_LIMITS = {
  revealMobile: { perPerson: 30, perAddress: 600 },
  export: { perPerson: 60, perAddress: 600 },
  upload: { perPerson: 120, perAddress: 1_200 },
} satisfies Record<string, PersonAndAddressLimit>;

/** Security headers everywhere; rate limits only where a route asks for one (sign-in, sensitive reads). */
async function securityPlugin(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'connect-src': ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });

  app.decorate('limitPerPersonAndAddress', (name: string, limit: PersonAndAddressLimit) => {
    const perPerson = app.createRateLimit({
      max: limit.perPerson,
      timeWindow: 60_000,
      keyGenerator: (request) => `${name}:person:${request.principal?.user.id ?? request.ip}`,
    });
    const perAddress = app.createRateLimit({
      max: limit.perAddress,
      timeWindow: 60_000,
      keyGenerator: (request) => `${name}:address:${request.ip}`,
    });
    return async (request: FastifyRequest) => {
      for (const check of [perPerson, perAddress]) {
        const result = await check(request);
        if (!result.isAllowed && result.isExceeded)
          throw new AppError('rate_limited', undefined, undefined, {
            'retry-after': String(result.ttlInSeconds),
          });
      }
    };
  });
}

export default fp(securityPlugin, { name: 'security' });
