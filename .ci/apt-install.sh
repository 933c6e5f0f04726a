#!/usr/bin/env bash
# Usage: apt-install.sh NAME COMMAND PACKAGE...
# Install Debian PACKAGEs unless COMMAND (a program on PATH, or a path) is already there, and check
# that it is afterwards. Idempotent and quiet; needs root only when something must be installed.
# NAME is the calling script, for its messages.
set -euo pipefail
name=$1 command=$2
shift 2

present() { command -v "$command" >/dev/null 2>&1 || [[ -x $command ]]; }

if present; then
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "$name: $command is missing and this is not root; run: sudo .ci/$name" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Java's post-install script needs the man folder that slim images leave out.
mkdir -p /usr/share/man/man1
apt-get install -y -qq --no-install-recommends "$@" >/dev/null
if ! present; then
    echo "$name: $* installed but $command is missing" >&2
    exit 1
fi
