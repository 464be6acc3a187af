#!/usr/bin/env bash
# Traffic benchmarks of berth's ingress (issue 6), on loopback only, with
# bounded durations; prints ONE markdown table on stdout (progress on stderr).
#
#  1. The same hello-world Go backend (bench/cmd/hello) reached directly,
#     through berth's ingress (bench/cmd/proxy: internal/ingress in front of
#     it) and through nginx as an equivalent keep-alive reverse proxy, over
#     HTTP: req/s and p50/p99 with wrk at CONNS connections (throughput) and
#     at 1 connection (low load: added p99). Targets: berth ≥ 0.8× nginx's
#     req/s, added p99 ≤ 1 ms.
#  2. The same over HTTPS (berth's local CA; nginx and the direct baseline
#     get a leaf issued by that CA).
#  3. Failed requests across 3 back-to-back redeploys at ≥ 200 req/s
#     (bench/cmd/rollout; target 0).
#  4. Burst of 10× MaxConcurrency → first request served by a new instance
#     (bench/cmd/burst: ingress + internal/autoscale + instance launcher;
#     target ≤ 2 s).
#
# A/B interleaved: ROUNDS rounds, each running direct, berth and nginx in a
# different order (the 6 permutations in turn); the table shows medians over rounds, and the berth/nginx
# ratio is the median of the per-round ratios.
#
# Cores (2 vCPU): wrk (1 thread) is pinned to CPU 0; the backend and the
# proxy under test share CPU 1, each with one worker (GOMAXPROCS=1 for the
# Go programs, worker_processes 1 for nginx). The proxy is thus measured by
# what it costs next to the app it fronts, and the load generator never
# competes with it. On a 1-CPU machine everything shares CPU 0.
# The rollout and burst programs run unpinned.
#
# Environment: ROUNDS (5), DUR seconds per wrk run (4), CONNS (64),
# BURST_RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
dur=${DUR:-4}
conns=${CONNS:-64}
burst_runs=${BURST_RUNS:-3}
host=hello.localhost

log() { echo "traffic: $*" >&2; }

# --- what it needs -----------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y "${missing[@]}" >&2; }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

log "building"
mkdir -p "$tmp/bin"
for p in hello proxy rollout burst; do go build -o "$tmp/bin/$p" "./bench/cmd/$p"; done

if [ "$(nproc)" -ge 2 ]; then load_cpu=0 serve_cpu=1; else load_cpu=0 serve_cpu=0; fi

# freeport: a random loopback port nothing answers on.
freeport() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
# await PORT: wait until something listens on PORT (10 s at most).
await() {
  for _ in $(seq 200); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  log "nothing listens on port $1"; return 1
}

hp=$(freeport) hps=$(freeport) bp=$(freeport) bps=$(freeport) np=$(freeport) nps=$(freeport)

# --- the three configurations ------------------------------------------------
mkdir -p "$tmp/ca" "$tmp/certs" "$tmp/nginx"
"$tmp/bin/proxy" -ca "$tmp/ca" -host "$host" -export "$tmp/certs" -export-only

GOMAXPROCS=1 taskset -c "$serve_cpu" "$tmp/bin/hello" -name direct -addr "127.0.0.1:$hp" \
  -tls-addr "127.0.0.1:$hps" -cert "$tmp/certs/cert.pem" -key "$tmp/certs/key.pem" &
pids+=($!)
GOMAXPROCS=1 taskset -c "$serve_cpu" "$tmp/bin/proxy" -ca "$tmp/ca" -host "$host" \
  -http "127.0.0.1:$bp" -https "127.0.0.1:$bps" -backends "127.0.0.1:$hp" >"$tmp/proxy.out" &
pids+=($!)

# nginx as the same keep-alive reverse proxy: upstream keep-alive pool,
# HTTP/1.1 upstream, the same forwarded headers and request id as berth,
# no access log, no per-connection request cap (berth has none).
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
user root root;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  upstream hello {
    server 127.0.0.1:$hp;
    keepalive 128;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:$np;
    listen 127.0.0.1:$nps ssl http2;
    ssl_certificate $tmp/certs/cert.pem;
    ssl_certificate_key $tmp/certs/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://hello;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id;
    }
  }
}
EOF
taskset -c "$serve_cpu" "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" &
pids+=($!)
for p in "$hp" "$hps" "$bp" "$bps" "$np" "$nps"; do await "$p"; done

# --- wrk ---------------------------------------------------------------------
cat >"$tmp/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.0f %.0f %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
EOF
url() { # url CONFIG PROTO
  case "$1-$2" in
    direct-http) echo "http://127.0.0.1:$hp/" ;; direct-https) echo "https://127.0.0.1:$hps/" ;;
    berth-http) echo "http://127.0.0.1:$bp/" ;; berth-https) echo "https://127.0.0.1:$bps/" ;;
    nginx-http) echo "http://127.0.0.1:$np/" ;; nginx-https) echo "https://127.0.0.1:$nps/" ;;
  esac
}
# measure CONFIG PROTO CONNS SECONDS: one wrk run; prints "rps p50µs p99µs errors".
measure() {
  taskset -c "$load_cpu" wrk -t1 -c"$3" -d"$4"s --timeout 5s -H "Host: $host" -s "$tmp/report.lua" "$(url "$1" "$2")" |
    awk '/^RESULT/{print $2, $3, $4, $5}'
}

# Other work on this shared machine: CPU time the whole machine spent
# (/proc/stat) minus what this script's children spent (bash's `times`),
# over the wrk phase; steal is time the hypervisor gave to other VMs.
stat_cpu() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9}' /proc/stat; }
# (`times` must run in this shell, not a pipeline's subshell.)
children_cpu() { times >"$tmp/times"; tail -n1 "$tmp/times" | awk '{n=0; for (i=1;i<=2;i++) {split($i,a,/[ms]/); n+=a[1]*60+a[2]}; print n}'; }
mkdir -p "$tmp/res"
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
read -r busy0 steal0 < <(stat_cpu)
children_cpu >"$tmp/ours0"
t0=$(date +%s.%N)
log "warming up"
for proto in http https; do for cfg in direct berth nginx; do measure "$cfg" "$proto" "$conns" 1 >/dev/null; done; done
orders=("direct berth nginx" "nginx direct berth" "berth nginx direct" "nginx berth direct" "direct nginx berth" "berth direct nginx")
for ((r = 0; r < rounds; r++)); do
  order=${orders[r % 6]}
  log "round $((r + 1))/$rounds: $order"
  for proto in http https; do
    for cfg in $order; do
      for c in "$conns" 1; do
        line=$(measure "$cfg" "$proto" "$c" "$dur")
        log "  $proto c=$c $cfg: rps p50µs p99µs errors = $line"
        echo "$line" >>"$tmp/res/$proto-c$c-$cfg"
      done
    done
  done
done
loadavg_mid=$(cut -d' ' -f1-3 /proc/loadavg)
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()
read -r busy1 steal1 < <(stat_cpu)
hz=$(getconf CLK_TCK)
children_cpu >"$tmp/ours"
ours=$(awk -v a="$(cat "$tmp/ours")" -v b="$(cat "$tmp/ours0")" 'BEGIN{print a - b}')
other=$(awk -v b="$((busy1 - busy0))" -v s="$((steal1 - steal0))" -v hz="$hz" -v ours="$ours" -v t0="$t0" -v t1="$(date +%s.%N)" -v n="$(nproc)" \
  'BEGIN{w=(t1-t0)*n; o=(b/hz-ours)/w*100; if (o<0) o=0; printf "%.0f%% of the machine (steal %.1f%%)", o, s/hz/w*100}')
log "CPU over the wrk phase: machine busy $(awk -v b="$((busy1 - busy0))" -v hz="$hz" 'BEGIN{printf "%.1f", b/hz}') s, this script's processes $ours s"

# --- rollout and burst -------------------------------------------------------
log "rollout: 3 redeploys under 400 req/s"
rollout=$("$tmp/bin/rollout" -hello "$tmp/bin/hello" -rate 400 -redeploys 3 -instances 2)
kv() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

: >"$tmp/burst.ms"
for ((i = 0; i < burst_runs; i++)); do
  # Each run starts its burst at a different phase of the 1 s decision tick.
  warm=$((7000 + i * 1000 / burst_runs))ms
  log "burst run $((i + 1))/$burst_runs (warm $warm)"
  line=$("$tmp/bin/burst" -hello "$tmp/bin/hello" -warm "$warm" -duration 5s)
  echo "$line" >>"$tmp/burst.lines"
  kv "$line" first_served_ms >>"$tmp/burst.ms"
done
log "burst what-if: 2 s panic window"
whatif=$("$tmp/bin/burst" -hello "$tmp/bin/hello" -warm 7500ms -duration 5s -panic-window 2s)
loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ---------------------------------------------------------------
median() { sort -g | awk '{a[NR]=$1} END{if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$2" '{print $c}' "$1"; }
us() { awk -v u="$1" 'BEGIN{if (u=="nan") print "—"; else if (u<1000) printf "%d µs", u; else printf "%.2f ms", u/1000}'; }
rps() { awk -v r="$1" 'BEGIN{printf "%d", r}'; }
# pair A B FIELD OP: per-round values of A's FIELD OP B's FIELD (ratio or difference), one a line.
pair() { paste -d' ' <(col "$1" "$3") <(col "$2" "$3") | awk -v op="$4" '{print (op=="/") ? $1/$2 : $1-$2}'; }
rounds_of() { tr '\n' ' ' | sed 's/ $//'; }
secs() { awk -v m="$1" 'BEGIN{if (m ~ /^[0-9.]+$/) printf "%.2f s", m/1000; else print "no new instance served"}'; }

echo "| measurement | setup | req/s | p50 | p99 | result | target |"
echo "|---|---|---|---|---|---|---|"
for proto in http https; do
  P=$(tr a-z A-Z <<<"$proto")
  for c in "$conns" 1; do
    for cfg in direct berth nginx; do
      f="$tmp/res/$proto-c$c-$cfg"
      result="" target=""
      errs=$(col "$f" 4 | awk '{s+=$1} END{print s+0}')
      if [ "$cfg" != direct ] && [ "$c" = 1 ]; then
        added=$(pair "$f" "$tmp/res/$proto-c1-direct" 3 - | median)
        result="added p99 $(us "$added") (rounds: $(pair "$f" "$tmp/res/$proto-c1-direct" 3 - | awk '{printf "%d ", $1}' | sed 's/ $//') µs)"
        [ "$cfg" = berth ] && target="≤ 1 ms added"
      elif [ "$cfg" = berth ]; then
        ratio=$(pair "$f" "$tmp/res/$proto-c$c-nginx" 1 / | median)
        result="$(printf '%.2f' "$ratio")× nginx (rounds: $(pair "$f" "$tmp/res/$proto-c$c-nginx" 1 / | awk '{printf "%.2f ", $1}' | sed 's/ $//'))"
        target="≥ 0.8× nginx"
      fi
      [ "$errs" -gt 0 ] && result="$result; $errs failed requests"
      echo "| $P, $c conn$([ "$c" = 1 ] || echo s) | $cfg | $(rps "$(col "$f" 1 | median)") | $(us "$(col "$f" 2 | median)") | $(us "$(col "$f" 3 | median)") | $result | $target |"
    done
  done
done
failed=$(($(kv "$rollout" non2xx) + $(kv "$rollout" errors)))
echo "| 3 back-to-back redeploys under load | berth ingress, 2 hello processes per generation: start → HTTP health OK → SetRoutes → Drain → SIGKILL; open-loop GETs, 5 ms handler | $(kv "$rollout" rate) | | | $failed failed of $(kv "$rollout" sent) (non-2xx $(kv "$rollout" non2xx), transport errors $(kv "$rollout" errors)); redeploy healthy/drained/stopped ms: $(kv "$rollout" steps_ms) | 0 |"
b_med=$(median <"$tmp/burst.ms")
b_runs=$(rounds_of <"$tmp/burst.ms")
last=$(tail -n1 "$tmp/burst.lines")
echo "| burst 10× MaxConcurrency → first request served by a new instance | ingress + internal/autoscale (defaults: MaxConcurrency 100, target 70, panic window $(kv "$last" panic_window)), sampled every $(kv "$last" sample), decided every $(kv "$last" tick); new hello processes added to the route after a TCP health check; $(kv "$last" clients) closed-loop clients, 50 ms handler — App Runner's controller does not scale yet | | | | $(secs "$b_med") median of $burst_runs (runs: $b_runs ms; 429s are expected while it scales; last run: scale-up decided at $(kv "$last" first_decision_ms) ms, new instance healthy at $(kv "$last" first_ready_ms) ms, its first response at $(kv "$last" first_served_ms) ms) | ≤ 2 s |"
echo "| same, what-if | panic window 2 s | | | | $(secs "$(kv "$whatif" first_served_ms)") (1 run) | |"
echo
echo "Cores: wrk -t1 on CPU $load_cpu; backend and proxy on CPU $serve_cpu, one worker each (GOMAXPROCS=1, nginx worker_processes 1); rollout and burst unpinned. wrk ${dur}s per run, $rounds interleaved rounds, $conns connections for throughput, 1 for low load; medians over rounds."
echo "Other work during the wrk phase: $other. Load average (1/5/15 min): start $loadavg_start, after wrk $loadavg_mid (wrk, proxy and backend alone add about 3), end $loadavg_end. $(nproc) CPUs: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)."
