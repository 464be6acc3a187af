#!/usr/bin/env bash
# App Runner deployment speed, against a real `berth server` with the AWS CLI:
#  - first deploy of examples/self-infra-app (create-service → pages served),
#    cold (fresh build cache) and warm (a new service of the same name, whose
#    build cache survived; target ≤ 10 s);
#  - StartDeployment → new version serving, after a commit (target ≤ 3 s;
#    App Runner takes about 5 minutes).
# Prints a markdown table. RUNS=n sets the number of redeployments (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
command -v aws >/dev/null || { echo "needs the AWS CLI" >&2; exit 1; }

go build -o "$tmp/berth" ./cmd/berth
"$tmp/berth" server --listen 127.0.0.1:0 --ingress-http 127.0.0.1:0 --ingress-https 127.0.0.1:0 --data "$tmp/data" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 200); do grep -q 'berth ready' "$tmp/out" 2>/dev/null && break; sleep 0.05; done
endpoint=$(sed -n 's/.*endpoint=\([^ ]*\).*/\1/p' "$tmp/out")
[ -n "$endpoint" ] || { cat "$tmp/err" >&2; exit 1; }
export AWS_SHARED_CREDENTIALS_FILE="$tmp/data/credentials" AWS_PROFILE=berth AWS_CONFIG_FILE=/dev/null \
  AWS_ENDPOINT_URL="$endpoint" AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
ca="$tmp/data/ca/ca.pem"

# The example in a git repository of its own.
repo="$tmp/repo"
cp -r examples/self-infra-app "$repo"
mv "$repo/go.mod.example" "$repo/go.mod"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=bench -c user.email=bench@example.com add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m initial

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l; }

# get URL PATH: the body served for https://URL/PATH (URL is host:port).
get() {
  local hostport=$1 host=${1%:*} port=${1##*:}
  curl -s --max-time 5 --cacert "$ca" --resolve "$host:$port:127.0.0.1" "https://$hostport$2" || true
}

# wait_for URL PATH TEXT: poll until the page contains TEXT (60 s at most).
wait_for() {
  for _ in $(seq 3000); do
    get "$1" "$2" | grep -q "$3" && return 0
    sleep 0.02
  done
  echo "timed out waiting for '$3' at $1$2" >&2
  return 1
}

conn=$(aws apprunner create-connection --connection-name github --provider-type GITHUB --query Connection.ConnectionArn --output text)
cat >"$tmp/service.json" <<JSON
{
  "ServiceName": "my-app-service",
  "SourceConfiguration": {
    "AuthenticationConfiguration": {"ConnectionArn": "$conn"},
    "AutoDeploymentsEnabled": false,
    "CodeRepository": {
      "RepositoryUrl": "$repo",
      "SourceCodeVersion": {"Type": "BRANCH", "Value": "main"},
      "CodeConfiguration": {"ConfigurationSource": "API", "CodeConfigurationValues": {
        "Runtime": "GO_1", "BuildCommand": "go build -o bin/server ./app", "StartCommand": "./bin/server", "Port": "8080"}}
    }
  },
  "InstanceConfiguration": {"Cpu": "1 vCPU", "Memory": "2 GB"}
}
JSON

# first_deploy: create the service and time it until the home page serves;
# sets arn, url and elapsed.
first_deploy() {
  local t0
  t0=$(now)
  read -r arn url < <(aws apprunner create-service --cli-input-json "file://$tmp/service.json" \
    --query '[Service.ServiceArn, Service.ServiceUrl]' --output text)
  wait_for "$url" / "HOME PAGE"
  elapsed=$(since "$t0")
}

first_deploy
cold=$elapsed
while [ "$(aws apprunner describe-service --service-arn "$arn" --query Service.Status --output text)" != RUNNING ]; do sleep 0.1; done
aws apprunner delete-service --service-arn "$arn" >/dev/null
while [ "$(aws apprunner describe-service --service-arn "$arn" --query Service.Status --output text)" != DELETED ]; do sleep 0.1; done
first_deploy
warm=$elapsed
while [ "$(aws apprunner describe-service --service-arn "$arn" --query Service.Status --output text)" != RUNNING ]; do sleep 0.1; done

redeploys=()
for i in $(seq "$runs"); do
  sed -i "s/HOME PAGE[^<]*</HOME PAGE v$i</" "$repo/app/templates/index.html"
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -am "v$i"
  t0=$(now)
  aws apprunner start-deployment --service-arn "$arn" >/dev/null
  wait_for "$url" / "HOME PAGE v$i"
  redeploys+=("$(since "$t0")")
  while [ "$(aws apprunner describe-service --service-arn "$arn" --query Service.Status --output text)" != RUNNING ]; do sleep 0.05; done
done
sorted=$(printf '%s\n' "${redeploys[@]}" | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
min=$(echo "$sorted" | head -1)
max=$(echo "$sorted" | tail -1)

printf '| measurement | runs | median | min | max | target |\n|---|---|---|---|---|---|\n'
printf '| first deploy of the example, cold build cache | 1 | %.2f s | | | |\n' "$cold"
printf '| first deploy of the example, warm build cache | 1 | %.2f s | | | ≤ 10 s |\n' "$warm"
printf '| StartDeployment → new version serving | %d | %.2f s | %.2f s | %.2f s | ≤ 3 s (App Runner: ~5 min) |\n' "$runs" "$median" "$min" "$max"
