#!/usr/bin/env bash
# Install Debian's chromium for the HTML report's browser tests (playwright drives it; no browser download).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-browser.sh /usr/bin/chromium chromium fonts-noto-core fonts-dejavu-core
