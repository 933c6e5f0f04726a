#!/usr/bin/env bash
# Install Debian's chromium for the HTML report's browser tests (playwright drives it; no browser download).
# Idempotent and quiet: does nothing when /usr/bin/chromium is already there. Runs as root in CI.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-browser.sh: /usr/bin/chromium is missing and this is not root; run: sudo $0" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-core fonts-dejavu-core >/dev/null

if [[ ! -x /usr/bin/chromium ]]; then
    echo "install-browser.sh: chromium installed but /usr/bin/chromium is missing" >&2
    exit 1
fi
