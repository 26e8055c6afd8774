import { readFileSync } from 'node:fs';

/** spawner's version, from server/package.json (one folder up from src/ and dist/ alike). */
export const APP_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
