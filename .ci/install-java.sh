#!/usr/bin/env bash
# Install Debian's Java 17 runtime for the Spark tests (pyspark launches a JVM; no JDK download).
# Idempotent and quiet: does nothing when a java is already on PATH. Runs as root in CI.
set -euo pipefail

if command -v java >/dev/null 2>&1; then
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-java.sh: java is missing and this is not root; run: sudo $0" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The JRE's post-install script needs the man folder that slim images leave out.
mkdir -p /usr/share/man/man1
apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null

if ! command -v java >/dev/null 2>&1; then
    echo "install-java.sh: openjdk-17-jre-headless installed but java is not on PATH" >&2
    exit 1
fi
