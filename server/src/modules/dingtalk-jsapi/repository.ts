import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { platformTickets } from '../../db/schema/platform-tickets';

export interface StoredTicket {
  value: string;
  expiresAt: Date;
  fetchedAt: Date;
}

/** The tickets every instance shares (platform_tickets), one row per kind. */
export function createTicketRepository(db: Db) {
  return {
    async get(kind: string): Promise<StoredTicket | null> {
      const [row] = await db
        .select({
          value: platformTickets.value,
          expiresAt: platformTickets.expiresAt,
          fetchedAt: platformTickets.fetchedAt,
        })
        .from(platformTickets)
        .where(eq(platformTickets.kind, kind));
      return row ?? null;
    },

    async put(kind: string, ticket: StoredTicket): Promise<void> {
      await db
        .insert(platformTickets)
        .values({ kind, ...ticket })
        .onConflictDoUpdate({ target: platformTickets.kind, set: { ...ticket } });
    },
  };
}

export type TicketRepository = ReturnType<typeof createTicketRepository>;
