#!/usr/bin/env bash
# Assembles phpod's native-image toolchain where no GraalVM or Mandrel 25 is installed
# (native/README.md) and prints its home, a folder laid out as a GraalVM home:
#   - the JDK: Temurin 25 (it has JVMCI), hard-linked where the file system allows, else copied;
#   - lib/svm/builder: the native-image builder's jars (fetch-parts.sh) and the progress
#     report's helper library;
#   - lib/static/linux-amd64/glibc: the JDK's static libraries (Debian 13's openjdk-25-jvmci-jdk);
#   - lib/svm/clibraries/linux-amd64: the C headers and libraries the builder compiles and links
#     native images against, built here from c/ (written for phpod);
#   - bin/native-image: the launcher (NativeImage.java), compiled here.
# Cached by a key over its inputs: a second run prints the same home at once. stdout carries the
# home only; everything else, ours or a tool's, goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
here=$(cd "$(dirname "$0")" && pwd)
jdk=${PHPOD_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
log() { echo "native toolchain: $*"; }

command -v gcc >/dev/null || { log "no C compiler: install gcc (Debian: apt-get install gcc libc6-dev zlib1g-dev)"; exit 1; }
[ -f /usr/include/zlib.h ] || { log "no zlib headers: install zlib1g-dev"; exit 1; }
cache=$(bash "$here/fetch-parts.sh")

key=$( { cat "$here/assemble.sh" "$here/NativeImage.java" "$here"/c/*; cat "$jdk/release";
         ls "$cache/builder/jars"; gcc --version | head -1; } | sha256sum | cut -c1-12)
home=$cache/home-$key
if [ -f "$home/.complete" ]; then echo "$home" >&3; exit 0; fi

tmp=$cache/.home-$key.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
cp -al "$jdk/." "$tmp/" 2>/dev/null || { rm -rf "$tmp"; mkdir -p "$tmp"; cp -a "$jdk/." "$tmp/"; }

mkdir -p "$tmp/lib/svm/builder/lib" "$tmp/lib/static/linux-amd64/glibc" \
         "$tmp/lib/svm/clibraries/linux-amd64/include" "$tmp/lib/svm/clibraries/linux-amd64/glibc" \
         "$tmp/lib/svm/launcher"
cp "$cache"/builder/jars/*.jar "$tmp/lib/svm/builder/"
cp "$cache"/static/*.a "$tmp/lib/static/linux-amd64/glibc/"
cp "$here"/c/*.h "$tmp/lib/svm/clibraries/linux-amd64/include/"

jni="-I$jdk/include -I$jdk/include/linux"
build=$(mktemp -d)
cc() { gcc -O2 -fPIC -Wall -Wextra -Werror $jni -I"$here/c" -c "$here/c/$1.c" -o "$build/$1.o"; }
cc libchelper; cc jvm; cc container
ar rcs "$tmp/lib/svm/clibraries/linux-amd64/glibc/liblibchelper.a" "$build/libchelper.o"
ar rcs "$tmp/lib/svm/clibraries/linux-amd64/glibc/libjvm.a" "$build/jvm.o"
ar rcs "$tmp/lib/svm/clibraries/linux-amd64/glibc/libsvm_container.a" "$build/container.o"
gcc -O2 -fPIC -shared -Wall -Wextra -Werror $jni "$here/c/reporterchelper.c" \
    -o "$tmp/lib/svm/builder/lib/libreporterchelper.so"
rm -rf "$build"

"$jdk/bin/javac" -q -d "$tmp/lib/svm/launcher" "$here/NativeImage.java" 2>/dev/null \
  || "$jdk/bin/javac" -d "$tmp/lib/svm/launcher" "$here/NativeImage.java"
cat > "$tmp/bin/native-image" <<'LAUNCHER'
#!/bin/sh
# native-image of phpod's assembled toolchain (native/toolchain/NativeImage.java).
home=$(cd "$(dirname "$0")/.." && pwd)
exec "$home/bin/java" -cp "$home/lib/svm/launcher" -Dphpod.toolchain.home="$home" NativeImage "$@"
LAUNCHER
chmod +x "$tmp/bin/native-image"
touch "$tmp/.complete"
rm -rf "$home"
mv "$tmp" "$home"
trap - EXIT
for other in "$cache"/home-*; do   # homes of earlier inputs
  [ "$other" = "$home" ] || rm -rf "$other"
done
log "assembled at $home"
echo "$home" >&3
