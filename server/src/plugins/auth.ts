import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { uuidSchema } from '@coordnet/shared/api/common';
import type { Config } from '../config';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { loadPrincipal, type Actor, type Principal } from '../modules/auth/principal';

interface TokenPayload {
  sub: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenPayload;
    user: TokenPayload;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: verifies the bearer token and loads the caller's principal (401 otherwise). */
    authenticate(request: FastifyRequest): Promise<void>;
    signSession(userId: string): { token: string; expiresAt: string };
  }
  interface FastifyRequest {
    principal: Principal;
    /** The principal and the client's address, set with it: what a route hands its service. */
    actor: Actor;
  }
}

export interface AuthOptions {
  config: Config;
  clock: Clock;
  /** How long a loaded principal is reused; role changes take effect after at most this long. */
  principalTtlMs?: number;
}

async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
  const { jwt } = opts.config;
  await app.register(fastifyJwt, {
    secret: jwt.secret,
    sign: { algorithm: 'HS256', expiresIn: jwt.ttlSeconds, iss: jwt.issuer, aud: jwt.audience },
    verify: {
      algorithms: ['HS256'],
      allowedIss: jwt.issuer,
      allowedAud: jwt.audience,
      // A token we signed always has all four; one without an issuer or audience was not made here.
      requiredClaims: ['sub', 'exp', 'iss', 'aud'],
    },
  });

  const ttl = opts.principalTtlMs ?? 5_000;
  const cache = new Map<string, { principal: Principal; until: number }>();

  async function principalFor(userId: string): Promise<Principal | null> {
    const now = opts.clock.now();
    const hit = cache.get(userId);
    if (hit && hit.until > now.getTime()) return hit.principal;
    const principal = await loadPrincipal(app.db, userId, now);
    if (cache.size > 10_000) cache.clear();
    if (principal && ttl > 0) cache.set(userId, { principal, until: now.getTime() + ttl });
    return principal;
  }

  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    if (request.principal) return; // already done for this request (a route that asks again)
    let payload: TokenPayload;
    try {
      payload = await request.jwtVerify<TokenPayload>();
    } catch (error) {
      // Whatever is wrong with a token (expired, not valid yet, badly signed, malformed) is a 401.
      const code = (error as { code?: string }).code;
      if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') throw new AppError('token_expired');
      throw new AppError('unauthorized');
    }
    // Only a token signed with our key gets here; still, a subject that is no user id is no one.
    if (!uuidSchema.safeParse(payload.sub).success) throw new AppError('unauthorized');
    const principal = await principalFor(payload.sub);
    if (!principal) throw new AppError('session_user_inactive');
    request.principal = principal;
    request.actor = { principal, ip: request.ip };
  });
  app.decorate('signSession', (userId: string) => {
    const token = app.jwt.sign({ sub: userId });
    const { exp } = app.jwt.decode<{ exp: number }>(token) ?? { exp: 0 };
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  });
}

/**
 * The onRequest hook for a whole prefix (/api/v1): every route requires a valid token except the
 * listed ones (`METHOD /full/url`), so a new module cannot forget to ask for one.
 */
export function authenticateAllBut(app: FastifyInstance, publicRoutes: ReadonlySet<string>) {
  return async (request: FastifyRequest) => {
    if (publicRoutes.has(`${request.method} ${request.routeOptions.url}`)) return;
    await app.authenticate(request);
  };
}

export default fp(authPlugin, { name: 'auth', dependencies: ['database'] });
