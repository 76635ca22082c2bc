#!/usr/bin/env bash
# Installs the external engines the test suite drives (none yet beyond the JDK; Helm is embedded
# through helm-java). Safe to run again.
set -euo pipefail
exit 0
