#!/usr/bin/env bash
# Fetches and checks the parts of the native-image toolchain phpod assembles where no GraalVM or
# Mandrel 25 is installed (assemble.sh, native/README.md) into a cache:
#   - the builder (org.graalvm.nativeimage:svm and what it brings: the Graal compiler, pointsto,
#     objectfile, the SDK jars) from Maven Central, through the project's Maven wrapper on JDK 25;
#   - Debian 13's openjdk-25-jvmci-jdk, for the static JDK libraries (lib/*.a) the linker needs;
#     its own java needs glibc 2.38, so only the .a files are used, beside Temurin 25.
# The C support libraries and the launcher are phpod's own (c/, NativeImage.java); assemble.sh
# builds them. Prints the cache folder: stdout carries it only, every other line goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${PHPOD_NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/phpod/native-toolchain}
jdk=${PHPOD_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}

SVM_VERSION=25.0.2
JVMCI_PACKAGE=openjdk-25-jvmci-jdk
JVMCI_VERSION=25.0.2+10-1~deb13u2
JVMCI_SHA256=665b17a3fc2b6ae4723467652bc43dc3b45350e07a5071dd562f7f052b50dafc

# shellcheck source=../../scripts/lib/debian-mirror.sh
. "$root/scripts/lib/debian-mirror.sh"

log() { echo "fetch-parts: $*"; }

[ -x "$jdk/bin/java" ] || { log "no JDK 25 at $jdk; set PHPOD_JDK25 to one (Temurin 25 has the jdk.internal.vm.ci module)"; exit 1; }
mkdir -p "$cache"

# The builder's jars: Maven checks each against Central's checksums.
if ! [ -f "$cache/builder/.complete-$SVM_VERSION" ]; then
  rm -rf "$cache/builder"
  mkdir -p "$cache/builder"
  JAVA_HOME=$jdk "$root/mvnw" -B -q -f "$here/builder-pom.xml" -Dsvm.version="$SVM_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$cache/builder/jars"
  touch "$cache/builder/.complete-$SVM_VERSION"
  log "builder $SVM_VERSION: $(ls "$cache/builder/jars" | wc -l) jars"
fi

# The static JDK libraries, from the .deb whose checksum is pinned here.
if ! [ -f "$cache/static/.complete-$JVMCI_VERSION" ]; then
  rm -rf "$cache/static" "$cache/deb"
  mkdir -p "$cache/deb"
  download_debs trixie-security debian-security "$JVMCI_PACKAGE=$JVMCI_VERSION" "$cache/deb"
  deb=$(ls "$cache/deb"/*.deb)
  echo "$JVMCI_SHA256  $deb" | sha256sum -c --quiet - || { log "$deb: checksum mismatch"; exit 1; }
  unpacked=$(mktemp -d)
  dpkg-deb -x "$deb" "$unpacked"
  mkdir -p "$cache/static"
  find "$unpacked" -path '*/lib/*.a' -exec cp {} "$cache/static/" \;
  rm -rf "$unpacked" "$cache/deb"
  [ -f "$cache/static/libjava.a" ] || { log "no libjava.a in $JVMCI_PACKAGE"; exit 1; }
  touch "$cache/static/.complete-$JVMCI_VERSION"
  log "static JDK libraries: $(ls "$cache/static" | tr '\n' ' ')"
fi
echo "$cache" >&3
