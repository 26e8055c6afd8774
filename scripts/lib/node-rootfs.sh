# Copies the machine's node binary and every shared library it loads into a root folder, so an
# image can be built FROM scratch with no registry. Usage: node_rootfs <root-dir>
node_rootfs() {
  local root=$1 node_bin
  node_bin=$(readlink -f "$(command -v node)")
  mkdir -p "$root/usr/bin" "$root/tmp" "$root/etc"
  cp "$node_bin" "$root/usr/bin/node"
  # ldd prints "name => /path (addr)" or "/path (addr)"; copy each path with its folders.
  ldd "$node_bin" | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/:/usr/bin/node\napp:x:10001:10001:app:/app:/usr/bin/node\n' > "$root/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\n' > "$root/etc/group"
}
