#!/bin/sh
# Writes the welcome page and info.json from the environment that spawner
# gives every container, then runs nginx in the foreground.
set -eu

WWW=/tmp/www
mkdir -p "$WWW" /tmp/nginx

started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
user_slug=${USER_SLUG:-unknown}
user_id=${USER_ID:-}
container_type=${CONTAINER_TYPE:-dev}
base_path=${BASE_PATH:-}
public_url=${PUBLIC_URL:-}

html() {
    printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}
json() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

cat > "$WWW/info.json.tmp" <<JSON
{"user_slug":"$(json "$user_slug")","user_id":"$(json "$user_id")","container_type":"$(json "$container_type")","base_path":"$(json "$base_path")","started_at":"$started_at"}
JSON
mv "$WWW/info.json.tmp" "$WWW/info.json"

cat > "$WWW/index.html.tmp" <<HTML
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$(html "$user_slug") · $(html "$container_type")</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
  <header>
    <img src="logo.svg" alt="" width="56" height="56">
    <div>
      <p class="kicker">spawner · $(html "$container_type") container</p>
      <h1>Welcome, <span id="user-slug">$(html "$user_slug")</span></h1>
    </div>
  </header>
  <p>This container is yours alone. It serves this page with nginx; replace it with whatever you build.</p>
  <dl>
    <dt>User</dt><dd>$(html "$user_slug")</dd>
    <dt>Container type</dt><dd id="container-type">$(html "$container_type")</dd>
    <dt>Started</dt><dd><time id="started-at" datetime="$started_at">$started_at</time> (UTC)</dd>
    <dt>Path prefix</dt><dd><code>$(html "${base_path:-/}")</code></dd>
  </dl>
  <nav>
    <a href="about.html">About this template</a>
    <a href="data/">Your files in /data</a>
    <a href="info.json">info.json</a>
    <a href="healthz">Health check</a>
  </nav>
</main>
</body>
</html>
HTML
mv "$WWW/index.html.tmp" "$WWW/index.html"

exec nginx -e stderr -c /etc/nginx/nginx.conf -g 'daemon off;'
