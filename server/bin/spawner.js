#!/usr/bin/env node
// The `spawner` command (`npx spawner …` at the repository root). It runs the built CLI
// (server/dist, made by `npm run build -w server` or `npm start`) when that is at least as new
// as the sources, and otherwise the sources themselves through tsx, so that a checkout never runs
// an out-of-date build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const server = fileURLToPath(new URL('..', import.meta.url));
const built = join(server, 'dist/cli/main.js');
const sources = join(server, 'src');
const source = join(sources, 'cli/main.ts');

/** The latest modification time of any file under a folder. */
function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined; // an installation without dev dependencies
  }
}

const haveBuild = existsSync(built);
const haveSource = existsSync(source);
const buildIsFresh = haveBuild && (!haveSource || statSync(built).mtimeMs >= newestIn(sources));
const tsx = buildIsFresh || !haveSource ? undefined : await loadTsx();

if (tsx) {
  tsx.register();
  await import(pathToFileURL(source).href);
} else if (haveBuild) {
  if (!buildIsFresh) {
    process.stderr.write(
      'spawner: warning: server/dist is older than server/src (npm run build -w server)\n',
    );
  }
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(built).href);
} else {
  process.stderr.write('spawner: no build and no tsx: run `npm run build -w server` first\n');
  process.exit(1);
}
