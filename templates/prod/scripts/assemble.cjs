#!/usr/bin/env node
'use strict';
/**
 * Puts the built app together in one folder that runs by itself:
 *   node scripts/assemble.cjs OUT_DIR
 * OUT_DIR gets Next.js's standalone server, its static files, public/, and
 * serve.cjs. Every file that holds the base-path placeholder is listed in
 * OUT_DIR/.spawner/base-path.json, so that serve.cjs can write the real
 * prefix into copies of them at each start (OUT_DIR itself stays as built).
 * Used by the Dockerfile and by scripts/build-images.sh alike.
 */
const fs = require('node:fs');
const path = require('node:path');

const TOKEN = '__SPAWNER_BASE_PATH__';
// How the placeholder may appear: as a path, or URL-encoded inside a query
// (next/image's ?url=). Any other form would be left unreplaced.
const KNOWN_FORMS = /(\/|%2F)__SPAWNER_BASE_PATH__/gi;

const appDir = path.resolve(__dirname, '..');
const outArg = process.argv[2];
if (!outArg) {
  console.error('usage: node scripts/assemble.cjs OUT_DIR');
  process.exit(2);
}
const outDir = path.resolve(outArg);
const standalone = path.join(appDir, '.next', 'standalone');
if (!fs.existsSync(path.join(standalone, 'server.js'))) {
  console.error(`${standalone}/server.js is missing: run "next build" first`);
  process.exit(1);
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.cpSync(standalone, outDir, { recursive: true });
fs.cpSync(path.join(appDir, '.next', 'static'), path.join(outDir, '.next', 'static'), {
  recursive: true,
});
fs.cpSync(path.join(appDir, 'public'), path.join(outDir, 'public'), { recursive: true });
fs.copyFileSync(path.join(__dirname, 'serve.cjs'), path.join(outDir, 'serve.cjs'));
// Next's own server.js is replaced by serve.cjs; keeping it would only invite
// starting the app without its base path.
fs.rmSync(path.join(outDir, 'server.js'));

/** Relative paths of the files under dir, skipping node_modules. */
function walk(dir, rel = '') {
  const files = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...walk(dir, child));
    } else if (entry.isFile()) {
      files.push(child);
    }
  }
  return files;
}

const templated = [];
for (const rel of walk(outDir)) {
  // latin1 maps every byte to one character, so text and binary files
  // round-trip unchanged.
  const text = fs.readFileSync(path.join(outDir, rel), 'latin1');
  if (!text.includes(TOKEN)) continue;
  const total = text.split(TOKEN).length - 1;
  const known = (text.match(KNOWN_FORMS) ?? []).length;
  if (known !== total) {
    console.error(`${rel}: the placeholder ${TOKEN} appears in a form serve.cjs cannot replace`);
    process.exit(1);
  }
  templated.push(rel);
}
if (templated.length === 0) {
  console.error(
    'no built file holds the base-path placeholder: was basePath changed in next.config.mjs?',
  );
  process.exit(1);
}
fs.mkdirSync(path.join(outDir, '.spawner'));
fs.writeFileSync(
  path.join(outDir, '.spawner', 'base-path.json'),
  `${JSON.stringify({ placeholder: `/${TOKEN}`, files: templated }, null, 2)}\n`,
);
console.log(`assembled ${outDir}: ${templated.length} files take the base path at start`);
