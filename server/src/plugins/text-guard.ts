import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasInvalidText } from '@coordnet/shared/api/text';
import { AppError } from '../lib/errors';

/** Where in a request the first string with a NUL or a lone surrogate is (as `body.name`), or null. */
export function findInvalidText(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): string | null {
  const stack: [unknown, string][] = [
    [request.params, 'params'],
    [request.query, 'query'],
    [request.body, 'body'],
  ];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (hasInvalidText(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}.${i}`]));
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (hasInvalidText(key)) return path;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/**
 * Every string a request brings (path parameters, query, JSON body) is checked once before the
 * route's schema: a NUL character or a lone surrogate is a 400 text_invalid, never a failed query.
 */
async function textGuardPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const path = findInvalidText(request);
    if (path !== null) throw new AppError('text_invalid', undefined, { path });
  });
}

export default fp(textGuardPlugin, { name: 'text-guard' });
