import { createHash } from 'node:crypto';

/**
 * PostgreSQL's two-integer advisory lock keys: the first names what the lock is for, so that
 * spawner's keys never meet another program's locks on the same database (nor each other's).
 * 0x5350574e is "SPWN".
 */
export const LOCK_NAMESPACE = 0x5350574e;
export const LEADER_NAMESPACE = LOCK_NAMESPACE + 1;
export const LEADER_KEY = 0;

/**
 * A key as a signed 32-bit integer (the first four bytes of its SHA-256). Two keys that meet
 * on one number only wait for each other: slower, never wrong.
 */
export function hash32(key: string): number {
  return createHash('sha256').update(key).digest().readInt32BE(0);
}
