import type { MemberId } from '../core/ids.ts';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The web console's sign-in (web/, docs/design.md, The web console). Times are epoch milliseconds, as in schema.ts. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * One-time sign-in links to the web console, sent by /web in a private chat. Only the token's
 * SHA-256 is kept, so a copy of the database signs nobody in (docs/design.md, The web console).
 */
export const webLinks = sqliteTable('web_links', {
  tokenHash: text('token_hash').primaryKey(),
  memberId: text('member_id').$type<MemberId>().notNull(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  usedAt: ms('used_at'),
});

/** Signed-in browsers: the session cookie's SHA-256, whose member it carries, and its CSRF token. */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    memberId: text('member_id').$type<MemberId>().notNull(),
    csrf: text('csrf').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('web_sessions_expiry').on(t.expiresAt)],
);
