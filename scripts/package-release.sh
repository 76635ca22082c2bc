#!/usr/bin/env bash
# Writes the release archive a user installs, from the native binary the build just made:
#   TARGET/phpod-VERSION-linux-ARCH.tar.gz          (and .tar.gz.sha256, sha256sum's format)
# holding phpod-VERSION-linux-ARCH/
#   bin/phpod                                       the native binary
#   share/bash-completion/completions/phpod         'phpod completion', as the binary prints it
#   share/zsh/site-functions/_phpod                 the same script for zsh (through bashcompinit)
#   LICENSE, README.md
# Run by './mvnw package -Dnative' after the native build (pom.xml, profile native);
# scripts/install.sh installs the archive.
#   package-release.sh TARGET_DIR VERSION
set -euo pipefail
target=${1:?usage: package-release.sh TARGET_DIR VERSION}
version=${2:?usage: package-release.sh TARGET_DIR VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
binary="$target/phpod-$version-runner"
[ -x "$binary" ] || { echo "package-release: no native binary at $binary (build with ./mvnw package -Dnative)" >&2; exit 1; }

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac
name="phpod-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/bin" "$dir/share/bash-completion/completions" "$dir/share/zsh/site-functions"
install -m 0755 "$binary" "$dir/bin/phpod"
"$dir/bin/phpod" completion > "$dir/share/bash-completion/completions/phpod"
{
  echo '#compdef phpod'
  echo "# phpod's completion is picocli's bash script; zsh runs it through bashcompinit."
  echo 'autoload -U +X bashcompinit && bashcompinit'
  cat "$dir/share/bash-completion/completions/phpod"
} > "$dir/share/zsh/site-functions/_phpod"
chmod 0644 "$dir/share/bash-completion/completions/phpod" "$dir/share/zsh/site-functions/_phpod"
install -m 0644 "$root/LICENSE" "$root/README.md" "$dir/"

# The same bytes from the same inputs: sorted names, fixed owner and times.
archive="$target/$name.tar.gz"
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00:00 UTC' -cf - "$name" | gzip -n -9 > "$archive.part"
mv "$archive.part" "$archive"
(cd "$target" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "package-release: $archive ($(du -h "$archive" | cut -f1)), sha256 $(cut -d' ' -f1 "$archive.sha256")"
