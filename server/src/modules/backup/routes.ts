import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { backupStatusSchema } from '@coordnet/shared/api/backups';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden } from '../../lib/errors';
import { STALE_AFTER_MS, type BackupService } from './service';

/**
 * The token `npm run backup` shows the running server (POST /ops/backup): derived from SECRETS_KEY,
 * which the command reads from the same environment. Whoever has it can read DATA_DIR anyway.
 */
export const opsToken = (secretsKey: string) =>
  createHmac('sha256', secretsKey).update('coordnet-ops-backup').digest('hex');

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /api/v1/backups/status for the province managers' home page. */
export const backupStatusRoutes: FastifyPluginAsyncZod<{
  backups: BackupService;
  clock: Clock;
  scheduled: boolean;
}> = async (app, { backups, clock, scheduled }) => {
  app.addHook('onRequest', app.authenticate);
  app.get(
    '/backups/status',
    {
      schema: {
        tags: ['ops'],
        security: [{ bearer: [] }],
        summary:
          'When the last good backup finished (province managers), and whether it is over two days old',
        response: { 200: backupStatusSchema, ...errorResponses },
      },
    },
    async (request) => {
      const province = request.principal.supervisorRoles.some(
        (r) => r.access === 'manager' && r.jurisdictionLevel === 'province',
      );
      if (!province) throw forbidden('只有省级管理人员可以查看备份情况');
      const last = await backups.lastGoodAt();
      return {
        lastGoodAt: last?.toISOString() ?? null,
        stale: !last || clock.now().getTime() - last.getTime() > STALE_AFTER_MS,
        scheduled,
      };
    },
  );
};

/**
 * POST /ops/backup: `npm run backup` on an embedded database the server holds open (PGlite is one
 * process's) asks the server for the archive, streamed back; the server records it like its own.
 */
export const opsBackupRoutes: FastifyPluginAsyncZod<{ backups: BackupService; secretsKey: string }> = async (
  app,
  { backups, secretsKey },
) => {
  const expected = opsToken(secretsKey);
  app.post('/ops/backup', { schema: { hide: true } }, async (request, reply) => {
    const auth = request.headers.authorization?.replace(/^Bearer /, '');
    if (!sameToken(auth, expected)) throw new AppError('unauthorized');
    const folder = await mkdtemp(path.join(tmpdir(), 'coordnet-ops-backup-'));
    const file = path.join(folder, 'backup.tar');
    try {
      await backups.run('cli', file);
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    const stream = createReadStream(file);
    stream.once('close', () => void rm(folder, { recursive: true, force: true }));
    return reply.type('application/x-tar').send(stream);
  });
};
