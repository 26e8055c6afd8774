// Preloaded (`node --import`) into the Node 24 test run by scripts/test-node24.sh: every import
// or require that resolves into node_modules/better-sqlite3 (whose addon is built for Node 20)
// is sent to the copy whose addon is built for Node 24. The copy's own `require('bindings')`
// then finds the Node 24 addon next to it.
//
// Why a resolve hook: NODE_PATH is read only after node_modules has no match (and never for
// ES modules), and vitest resolves the package to its absolute path before importing it, so
// the path is what must be redirected. module.registerHooks (Node >= 22.15) covers both
// import and require, in every vitest worker, since workers inherit NODE_OPTIONS.
//
// Only a process of the ABI the copy was built for (SPAWNER_SQLITE_ABI) is redirected: a Node 20
// child that inherits NODE_OPTIONS keeps node_modules' own addon, which is the right one for it.
import { realpathSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';

const { SPAWNER_SQLITE_FROM: from, SPAWNER_SQLITE_TO: to, SPAWNER_SQLITE_ABI: abi } = process.env;
if (!from || !to || !abi) {
  throw new Error(
    'node24-sqlite-hook: set SPAWNER_SQLITE_FROM, SPAWNER_SQLITE_TO and SPAWNER_SQLITE_ABI',
  );
}

if (process.versions.modules === abi) {
  const fromUrl = pathToFileURL(realpathSync(from)).href + '/';
  const toUrl = pathToFileURL(realpathSync(to)).href + '/';
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      if (!result.url.startsWith(fromUrl)) return result;
      return { ...result, url: toUrl + result.url.slice(fromUrl.length) };
    },
  });
}
