#!/bin/sh
# Prepares an OpenBao (or Vault) server running in server mode for SIS Bridge. Idempotent:
# safe on every start of the stack. Used by scripts/production-shape.ts on this machine and by
# the `vault-setup` service of docker-compose.yml, so both stacks run the same steps.
#
#   1. initialise the server (once) with one unseal key, kept with the root token in
#      $BAO_STATE_DIR/init.txt (mode 600);
#   2. unseal it when sealed (after every restart of the server);
#   3. mount KV v2 at $VAULT_KV_MOUNT (default secret) unless mounted;
#   4. write the `sis-bridge` policy (read/write/delete under that mount only) and create the
#      bridge's token with the id $BRIDGE_VAULT_TOKEN, the VAULT_TOKEN the bridge processes
#      are configured with (a periodic token). A chosen id is how one static variable reaches
#      both the setup and the bridge; OpenBao warns that such tokens are hashed with SHA-1 on
#      lookups, an accepted cost here.
#
# One key share kept on the same volume suits a production-shaped stack, not production: a
# real deployment hands the key shares to several operators or uses auto-unseal, and revokes
# the root token.
#
# Environment: BAO_ADDR (e.g. http://127.0.0.1:8200), BAO_STATE_DIR, BRIDGE_VAULT_TOKEN,
# VAULT_KV_MOUNT (optional), BAO_CLI (optional path to the bao binary).
set -eu

bao="${BAO_CLI:-bao}"
mount="${VAULT_KV_MOUNT:-secret}"
state="${BAO_STATE_DIR:?set BAO_STATE_DIR}/init.txt"
: "${BAO_ADDR:?set BAO_ADDR}" "${BRIDGE_VAULT_TOKEN:?set BRIDGE_VAULT_TOKEN}"
# The bao CLI falls back to VAULT_TOKEN; never let the bridge's token stand in for the root token.
unset VAULT_TOKEN BAO_TOKEN 2>/dev/null || true

# `bao status` exits 0 when unsealed, 2 when sealed, 1 when the server does not answer.
status() { "$bao" status "$@" >/dev/null 2>&1 && echo 0 || echo $?; }
tries=0
while [ "$(status)" = "1" ]; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "openbao-setup: no answer from $BAO_ADDR after 60 s" >&2; exit 1; }
  sleep 1
done

if "$bao" status -format=json 2>/dev/null | grep -q '"initialized": false'; then
  echo "openbao-setup: initialising $BAO_ADDR" >&2
  mkdir -p "$(dirname "$state")"
  umask 077
  "$bao" operator init -key-shares=1 -key-threshold=1 > "$state"
fi
unseal_key="$(sed -n 's/^Unseal Key 1: //p' "$state")"
root_token="$(sed -n 's/^Initial Root Token: //p' "$state")"
[ -n "$unseal_key" ] && [ -n "$root_token" ] || { echo "openbao-setup: $state holds no unseal key and root token" >&2; exit 1; }

if [ "$(status)" = "2" ]; then
  echo "openbao-setup: unsealing" >&2
  "$bao" operator unseal "$unseal_key" >/dev/null
fi

export BAO_TOKEN="$root_token"
# A fresh single-node raft cluster elects itself leader a moment after unsealing.
tries=0
until "$bao" secrets list >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "openbao-setup: $BAO_ADDR did not become active after unsealing" >&2; exit 1; }
  sleep 1
done

if ! "$bao" secrets list -format=json | grep -q "\"$mount/\""; then
  "$bao" secrets enable -path="$mount" -version=2 kv >/dev/null
fi

"$bao" policy write sis-bridge - >/dev/null <<POLICY
path "$mount/data/*" { capabilities = ["create", "read", "update", "delete"] }
path "$mount/metadata/*" { capabilities = ["read", "delete", "list"] }
POLICY

if ! "$bao" token lookup "$BRIDGE_VAULT_TOKEN" >/dev/null 2>&1; then
  "$bao" token create -id="$BRIDGE_VAULT_TOKEN" -policy=sis-bridge -orphan -period=768h -display-name=sis-bridge >/dev/null 2>&1
fi
echo "openbao-setup: ready (KV v2 at $mount/, bridge token with policy sis-bridge)" >&2
