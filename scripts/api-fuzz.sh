#!/usr/bin/env bash
# Fuzzes the API against its own OpenAPI document with schemathesis (pinned, installed into
# .tools/schemathesis/ by install-tools.sh): starts the service on embedded defaults (local
# Temporal dev server, PGlite and the embedded secrets store in a throwaway DATA_DIR), then runs
# schemathesis's default checks over every operation twice — with the admin token and with a
# tenant token — and fails on any failure. Bounded: FUZZ_EXAMPLES test cases per operation and
# phase (default 5), so a run takes a few minutes.
#
# The server answers 400 to U+0000 in any string (Postgres cannot store it; see
# test/security/nul-input.integration.test.ts); JSON Schema cannot say that of every string, so
# schemathesis is told not to generate NUL bytes. Private outbound addresses are allowed as in
# the demo (probes then fail fast on loopback instead of being refused up front), and the failed
# authentication limit is lifted: the fuzzer's deliberate bad tokens would otherwise lock it out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools="${SIS_TOOLS_DIR:-$root/.tools}"
examples="${FUZZ_EXAMPLES:-5}"

bash scripts/install-tools.sh
bash scripts/install-tools.sh schemathesis
schemathesis="$tools/schemathesis/bin/schemathesis"

data="$(mktemp -d)"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
admin="fuzz-admin-$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"
url="http://127.0.0.1:$port"

DATA_DIR="$data" HOST=127.0.0.1 PORT="$port" ADMIN_API_TOKEN="$admin" LOG_LEVEL=warn \
  OUTBOUND_ALLOW_PRIVATE_ADDRESSES=true AUTH_FAILURE_LIMIT=1000000 \
  node --import tsx src/main/start.ts >"$data/service.log" 2>&1 &
# The service itself, not an npx/tsx wrapper: SIGTERM must reach the process that stops its
# embedded Temporal dev server, or both outlive the fuzz run.
service=$!
stop() {
  kill "$service" 2>/dev/null && wait "$service" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 1 180); do
  curl -sf "$url/readyz" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { echo "api-fuzz: the service stopped while starting:" >&2; cat "$data/service.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$url/readyz" >/dev/null || { echo "api-fuzz: the service did not become ready" >&2; cat "$data/service.log" >&2; exit 1; }

# A tenant for the tenant token; the fuzzer also reaches it when it happens to pick its id.
curl -sf -X POST "$url/tenants" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d '{"id":"fuzz","name":"Fuzz district"}' >/dev/null
tenant_token="$(curl -sf -X POST "$url/tenants/fuzz/tokens" -H "authorization: Bearer $admin" -H 'content-type: application/json' -d '{"name":"fuzz"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')"

# schemathesis closes its report with pytest's ruler line ("==== 1 warning in 11.38s ===="), and
# CI reads such a line as pytest's verdict: a run of no test. Its rulers become plain headings so
# the only closing verdict CI sees is .ci/run's own total line.
without_pytest_rulers() { sed -E -e 's/^=+ (.*[^= ]) =+$/api-fuzz: \1/' -e 's/^(api-fuzz: .*) in ([0-9.]+m?s)$/\1, took \2/'; }

status=0
for who in admin tenant; do
  token="$admin"; [ "$who" = tenant ] && token="$tenant_token"
  echo "api-fuzz: schemathesis with the $who token ($examples examples per operation)"
  "$schemathesis" --config-file scripts/schemathesis.toml run "$url/openapi.json" \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" --seed 42 --workers 1 \
    --generation-allow-x00 false --request-timeout 30 \
    --suppress-health-check all --no-color 2>&1 | without_pytest_rulers || status=1
done
[ "$status" = 0 ] || { echo "api-fuzz: service log:" >&2; tail -n 50 "$data/service.log" >&2; }
exit "$status"
