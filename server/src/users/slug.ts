const MAX_SLUG_LENGTH = 32;

/**
 * The base slug of an email: its local part, lower-cased, each run of characters outside
 * [a-z0-9] made one `-`, trimmed of `-`, cut to 32 characters. `test@example.com` → `test`.
 */
export function baseSlug(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase();
  const slug = local
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return slug || 'user';
}

/** The nth candidate for a base slug: the base itself, then `-2`, `-3`, ... kept within 32 characters. */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt <= 1) return base;
  const suffix = `-${attempt}`;
  return base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, '') + suffix;
}
