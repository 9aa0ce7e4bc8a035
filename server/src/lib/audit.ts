import type { Db } from '../db/client';
import { auditLog } from '../db/schema/audit';

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  ip?: string | null;
}

/** Writes audit rows; pass the transaction so the audit row commits or rolls back with the change. */
export async function writeAudit(db: Pick<Db, 'insert'>, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry);
}

/** The INSERT of an audit row, not yet run: to send it in one statement with other writes. */
export function auditInsert(db: Pick<Db, 'insert'>, entry: AuditEntry) {
  return db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    details: entry.details ?? null,
    ip: entry.ip ?? null,
  });
}
