#!/usr/bin/env bash
# Debian packages the tests need (browser tests and their axe-core via npm, rate-limit storage, load benchmark).
# Installs only what is missing, so a developer machine that has them needs no root.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v redis-server >/dev/null || need+=(redis-server)
command -v wrk >/dev/null || need+=(wrk)
# npm installs axe-core for the accessibility tests (npm ci in tests/browser).
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "installing ${need[*]} (apt-get)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
