import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { baseSlug, slugCandidate } from './slug.js';

const MAX_SLUG_ATTEMPTS = 1000;

export class UserStore {
  constructor(private readonly db: Db) {}

  findById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** The user with this (lower-cased) email, registered now if new. Safe to race. */
  async findOrCreate(email: string): Promise<UserRow> {
    const existing = await this.findByEmail(email);
    if (existing) return existing;
    const base = baseSlug(email);
    for (let attempt = 1; attempt <= MAX_SLUG_ATTEMPTS; attempt++) {
      const inserted = await this.db
        .insertInto('users')
        .values({ email, slug: slugCandidate(base, attempt), created_at: new Date().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return inserted;
      // Nothing inserted: either the email was registered meanwhile, or the slug is taken.
      const raced = await this.findByEmail(email);
      if (raced) return raced;
    }
    throw new Error(`no free slug for ${base}`);
  }

  /** Grants or revokes the administrator flag. */
  async setAdmin(id: number, isAdmin: boolean): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ is_admin: isAdmin ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  /** Makes these (lower-cased) addresses administrators, registering the ones not yet known. */
  async grantAdmins(emails: Iterable<string>): Promise<void> {
    for (const email of emails) {
      const user = await this.findOrCreate(email);
      if (user.is_admin !== 1) await this.setAdmin(user.id, true);
    }
  }

  /** Administrators who can act: not blocked. */
  async countActiveAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('is_admin', '=', 1)
      .where('blocked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Blocks (with the time) or unblocks (null). */
  async setBlocked(id: number, at: string | null): Promise<void> {
    await this.db.updateTable('users').set({ blocked_at: at }).where('id', '=', id).execute();
  }

  /** Records that an administrator let this address in (the first time only). */
  async markInvited(id: number, at: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ invited_at: at })
      .where('id', '=', id)
      .where('invited_at', 'is', null)
      .execute();
  }

  /** Removes the account; its sessions and container rows go with it (foreign keys cascade). */
  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }
}
