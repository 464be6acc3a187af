#!/usr/bin/env bash
# `berth up` from a fresh data dir to the app serving (target ≤ 20 s with a
# warm Go cache), then a second `berth up` on the same data dir (≤ 3 s).
# Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/berth" ./cmd/berth
mkdir -p "$tmp/home"

up_once() {
  local out=$1 start end
  start=$(date +%s.%N)
  (cd "$tmp/home" && BERTH_HOME="$tmp/home/.berth" exec "$tmp/berth" up --listen 127.0.0.1:0 \
      --ingress-http 127.0.0.1:0 --ingress-https 127.0.0.1:0 >"$out" 2>&1) &
  pid=$!
  for _ in $(seq 1200); do
    grep -q 'the app is serving' "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s.%N)
  kill -INT "$pid"; wait "$pid" || true; pid=
  echo "$end - $start" | bc -l
}

first=$(up_once "$tmp/up1.out")
second=$(up_once "$tmp/up2.out")
printf '| measurement | seconds | target |\n|---|---|---|\n'
printf '| berth up, fresh data dir → app serving (host Go cache) | %.1f | ≤ 20 |\n' "$first"
printf '| second berth up → app serving | %.1f | ≤ 3 |\n' "$second"
