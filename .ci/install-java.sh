#!/usr/bin/env bash
# Install Debian's Java 17 runtime for the Spark tests (pyspark launches a JVM; no JDK download).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-java.sh java openjdk-17-jre-headless
