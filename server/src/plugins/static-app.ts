import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Serves the built mini-app: hashed assets cached for a year, the HTML entry never cached, and
 * client-side routes falling back to index.html; Brotli or gzip copies made at build time are sent
 * to browsers that accept them. API and docs paths keep their JSON 404s.
 */
async function staticAppPlugin(app: FastifyInstance, opts: { root: string }) {
  if (!existsSync(path.join(opts.root, 'index.html'))) {
    app.log.warn({ root: opts.root }, 'mini-app not built; run npm run build');
    return;
  }
  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: false,
    index: false,
    // The build writes .br and .gz copies of every text asset (miniapp/scripts/compress.ts).
    preCompressed: true,
    setHeaders(res, filePath) {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url;
    if (url.startsWith('/api/') || url.startsWith('/docs') || path.extname(url.split('?')[0] ?? '') !== '') {
      return reply.callNotFound();
    }
    return sendIndex(reply);
  });
}

export default fp(staticAppPlugin, { name: 'static-app' });
