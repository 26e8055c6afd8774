# Copies the shared libraries that the native addons (*.node) under a folder load into an image
# root, at the same paths as here; node's own (node_rootfs) do not cover them all (librt,
# libdl...). Usage: native_libs <root-dir> <folder-with-node_modules>
native_libs() {
  local root=$1 dir=$2 lib
  find "$dir" -name '*.node' -path '*node_modules*' -print0 | xargs -0 -r ldd 2>/dev/null |
    grep -o '/[^ ]*\.so[^ ]*' | sort -u | while read -r lib; do
      [ -e "$root$lib" ] && continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
}
