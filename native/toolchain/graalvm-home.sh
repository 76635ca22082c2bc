#!/usr/bin/env bash
# Picks the native-image toolchain for `./mvnw package -Dnative` and points LINK at its home
# (the pom gives Quarkus LINK as quarkus.native.graalvm-home). In order of preference:
#   1. GRAALVM_HOME, when it holds bin/native-image (GraalVM or Mandrel);
#   2. the native-image on PATH;
#   3. phpod's assembled toolchain (assemble.sh: Temurin 25 + the builder from Maven Central +
#      Debian 13's static JDK libraries + phpod's C support libraries and launcher).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
link=${1:?usage: graalvm-home.sh LINK}
if [ -n "${GRAALVM_HOME:-}" ] && [ -x "$GRAALVM_HOME/bin/native-image" ]; then
  home=$GRAALVM_HOME
  how="GRAALVM_HOME"
elif command -v native-image >/dev/null 2>&1; then
  home=$(cd "$(dirname "$(command -v native-image)")/.." && pwd)
  how="native-image on PATH"
else
  home=$(bash "$here/assemble.sh")
  how="assembled (no GraalVM or Mandrel found)"
fi
mkdir -p "$(dirname "$link")"
ln -sfn "$home" "$link"
echo "native toolchain: $home ($how)" >&2 # stdout stays empty: the result is LINK
