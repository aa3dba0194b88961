#!/usr/bin/env bash
# Recompiles HealthCheck.class (shipped in every service image by jib, see the root pom) from its source.
set -euo pipefail
cd "$(dirname "$0")"
javac --release 17 -g:none -d . HealthCheck.java
