#!/usr/bin/env bash
# Tools the test suite checks kg against, from other ecosystems: rapper (Raptor, an independent
# RDF parser), Chromium (a real browser), Virtuoso and Oxigraph's server (external triple stores
# for kg publish), Comunica (a SPARQL client). Installed when missing and when this machine can
# (apt as root or with sudo, npm); tests that need a missing tool are skipped, never faked.
set -uo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
export DEBIAN_FRONTEND=noninteractive

if have apt-get; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then have sudo && SUDO="sudo -n" || SUDO="unavailable"; fi
  missing=()
  have rapper || missing+=(raptor2-utils)
  have chromium || missing+=(chromium chromium-driver)
  have virtuoso-t || missing+=(virtuoso-opensource)
  if [ ${#missing[@]} -gt 0 ] && [ "$SUDO" != "unavailable" ]; then
    $SUDO apt-get update -qq >/dev/null \
      && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "warning: could not install ${missing[*]}; their tests will be skipped" >&2
  fi
fi

# Comunica 3 runs on Node 20 (Comunica 4 needs Node 22).
if have npm && ! have comunica-sparql; then
  npm install -g --silent @comunica/query-sparql@3 >/dev/null 2>&1 \
    || echo "warning: comunica could not be installed; its tests will be skipped" >&2
fi

# Oxigraph's server, from its wheel, into the project's virtual environment.
VENV="${VENV:-.venv}"
if [ -x "$VENV/bin/pip" ] && ! [ -x "$VENV/bin/oxigraph" ]; then
  "$VENV/bin/pip" install -q "oxigraph>=0.5" \
    || echo "warning: oxigraph server could not be installed; its tests will be skipped" >&2
fi
exit 0
