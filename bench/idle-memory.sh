#!/usr/bin/env bash
# Idle memory of `berth server` (target < 40 MB RSS): start it on a fresh
# data dir, make a few API calls, let it settle, read VmRSS from /proc.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/berth" ./cmd/berth
"$tmp/berth" server --listen 127.0.0.1:0 --ingress-http 127.0.0.1:0 --ingress-https 127.0.0.1:0 --data "$tmp/data" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q 'berth ready' "$tmp/out" 2>/dev/null && break; sleep 0.05; done
endpoint=$(sed -n 's/.*endpoint=\([^ ]*\).*/\1/p' "$tmp/out")
rss_ready=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
if command -v aws >/dev/null; then
  for _ in 1 2 3; do
    AWS_SHARED_CREDENTIALS_FILE="$tmp/data/credentials" AWS_PROFILE=berth AWS_CONFIG_FILE=/dev/null \
      AWS_ENDPOINT_URL="$endpoint" AWS_DEFAULT_REGION=us-east-1 aws sts get-caller-identity >/dev/null
  done
fi
sleep 2
rss_idle=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
printf '| metric | value | target |\n|---|---|---|\n'
printf '| RSS at ready | %.1f MB | |\n' "$(echo "$rss_ready/1024" | bc -l)"
printf '| RSS idle after 3 API calls | %.1f MB | < 40 MB |\n' "$(echo "$rss_idle/1024" | bc -l)"
