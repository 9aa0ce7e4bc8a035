import { pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Short-lived credentials DingTalk hands the app (the JSAPI ticket), kept in the database so every
 * server instance signs with the same one: DingTalk answers get_jsapi_ticket with the current ticket
 * until it expires, and a ticket fetched by one instance must not make another's signatures stale.
 */
export const platformTickets = pgTable('platform_tickets', {
  /** e.g. `dingtalk_jsapi` */
  kind: varchar('kind', { length: 40 }).primaryKey(),
  value: text('value').notNull(),
  /** when DingTalk said it runs out (fetched at + expires_in) */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
});
