import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { LedgerKey } from '@coordnet/shared/api/stats';
import type { Db } from '../../db/client';
import { exportLinks } from '../../db/schema/export-links';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { loadPrincipal, type Principal } from '../auth/principal';
import type { LedgerQueries } from './ledger';
import type { ExportService, LedgerFile } from './service';

/** How long a download link lives: long enough to tap it, short enough not to be passed around. */
export const LINK_TTL_SECONDS = 300;

const linkInvalid = () => new AppError('export_link_invalid');
const linkUsed = () => new AppError('export_link_used');

/**
 * 台账下载 by link: DingTalk's file viewer (and a phone browser) opens a URL without our
 * Authorization header, so a signed-in person asks for a short-lived, single-use link to one ledger
 * export: `<row id>.<HMAC-SHA256 of id and expiry>`. The row keeps who asked and the validated
 * filter; opening it claims the row in one statement (so a second open gets 410), re-loads that
 * person's principal (a deactivated person's links die with him) and streams the ledger through
 * the same export path — scope-limited, masked and audited, with `via: 'link'`.
 */
export function createExportLinkService(deps: {
  db: Db;
  clock: Clock;
  secret: string;
  exports: ExportService;
}) {
  const key = createHash('sha256').update(`coordnet export links\n${deps.secret}`).digest();
  const sign = (id: string, expiresAt: Date) =>
    createHmac('sha256', key).update(`${id}.${expiresAt.getTime()}`).digest('base64url');

  return {
    /** Checks the request as the export would (scope, filter) and issues the link; expired rows go. */
    async issue<K extends LedgerKey>(ledger: K, principal: Principal, query: LedgerQueries[K]) {
      await deps.exports.check(ledger, principal, query);
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + LINK_TTL_SECONDS * 1000);
      const [row] = await deps.db
        .insert(exportLinks)
        .values({ userId: principal.user.id, ledger, query, expiresAt })
        .returning({ id: exportLinks.id });
      await deps.db
        .delete(exportLinks)
        .where(lt(exportLinks.expiresAt, new Date(now.getTime() - 86_400_000)));
      return {
        path: `/api/v1/exports/download/${row!.id}.${sign(row!.id, expiresAt)}`,
        expiresAt: expiresAt.toISOString(),
      };
    },

    /** Claims the link (once, before it expires) and opens the export as the person who asked. */
    async open(token: string, ip: string | null): Promise<LedgerFile> {
      const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) throw linkInvalid();
      const [, id, signature] = match as unknown as [string, string, string];
      const [row] = await deps.db.select().from(exportLinks).where(eq(exportLinks.id, id));
      if (!row) throw linkInvalid();
      const expected = Buffer.from(sign(id, row.expiresAt));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw linkInvalid();
      const now = deps.clock.now();
      const claimed = await deps.db
        .update(exportLinks)
        .set({ usedAt: now, usedIp: ip })
        .where(and(eq(exportLinks.id, id), isNull(exportLinks.usedAt), gt(exportLinks.expiresAt, now)))
        .returning({ id: exportLinks.id });
      if (claimed.length === 0) throw linkUsed();
      const principal = await loadPrincipal(deps.db, row.userId, now);
      if (!principal) throw linkUsed();
      return deps.exports.open(
        row.ledger as LedgerKey,
        principal,
        row.query as LedgerQueries[LedgerKey],
        ip,
        'link',
      );
    },
  };
}

export type ExportLinkService = ReturnType<typeof createExportLinkService>;
