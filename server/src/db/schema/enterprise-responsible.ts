import { index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { enterprises } from './enterprises';
import { coordinatorRoles, users } from './people';

/**
 * 责任人 (seed §二(三) 岗位责任制): the township/park coordinator post that answers for an
 * enterprise. It names the post, not the person: once the post ends (or the enterprise moves to
 * another township) every query resolves no one, and the enterprise falls back to all the
 * township's coordinators at once (`modules/enterprises/responsible-sql.ts`).
 */
export const enterpriseResponsible = pgTable(
  'enterprise_responsible',
  {
    enterpriseId: uuid('enterprise_id')
      .primaryKey()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => coordinatorRoles.id, { onDelete: 'cascade' }),
    assignedBy: uuid('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('enterprise_responsible_role_idx').on(t.roleId)],
);
