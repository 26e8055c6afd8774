/** The dashboard's own localStorage keys all start with this (language, page after sign-in). */
const OWN_PREFIX = 'spawner.';

/**
 * Runs a sign-in or sign-out call, whose answer clears this origin's storage
 * (`Clear-Site-Data`), and puts the dashboard's own keys back afterwards:
 * the language choice and the page to open next outlive it, whatever an app
 * left there does not.
 */
export async function keepingOwnStorage<T>(call: () => Promise<T>): Promise<T> {
  const kept = readOwn();
  try {
    return await call();
  } finally {
    for (const [key, value] of kept) {
      try {
        localStorage.setItem(key, value);
      } catch {
        // Storage disabled: there was nothing to keep.
      }
    }
  }
}

function readOwn(): Array<[string, string]> {
  try {
    return Object.keys(localStorage)
      .filter((key) => key.startsWith(OWN_PREFIX))
      .map((key) => [key, localStorage.getItem(key) ?? '']);
  } catch {
    return [];
  }
}
