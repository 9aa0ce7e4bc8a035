import { maskMobile } from '@coordnet/shared/domain/personal-data';
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
    before: maskMobilesIn(entry.before ?? null),
    after: maskMobilesIn(entry.after ?? null),
    details: maskMobilesIn(entry.details ?? null),
    ip: entry.ip ?? null,
  });
}

const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/**
 * The audit trail says a mobile changed, never what it is (个人信息保护法): a field named like
 * `mobile` holding a number is stored masked (138****5678), and a mainland mobile inside any other text is masked too.
 */
export function maskMobilesIn(value: unknown, key = ''): unknown {
  if (typeof value === 'string')
    return /mobile/i.test(key) && /^[+\d][\d\s-]{6,}$/.test(value)
      ? maskMobile(value)
      : value.replace(MOBILE_IN_TEXT, '$1****$2');
  if (Array.isArray(value)) return value.map((item) => maskMobilesIn(item, key));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskMobilesIn(v, k)]));
}
