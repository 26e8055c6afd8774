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
}
