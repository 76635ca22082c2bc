#!/usr/bin/env bash
# Installs phpod from its release archive (scripts/package-release.sh writes it).
#   scripts/install.sh [ARCHIVE] [PREFIX]
# ARCHIVE  phpod-VERSION-linux-ARCH.tar.gz; by default the one in target/ for this machine's
#          architecture (there must be exactly one). Checked against ARCHIVE.sha256 when that is
#          beside it; a mismatch installs nothing.
# PREFIX   /usr/local for root, else ~/.local. Installs PREFIX/bin/phpod,
#          PREFIX/share/bash-completion/completions/phpod and PREFIX/share/zsh/site-functions/_phpod.
# A phpod already there is replaced (the line says which version it was); a symbolic link at one
# of these paths is refused rather than written through.
set -euo pipefail
fail() { echo "install.sh: $*" >&2; exit 1; }

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac
archive=${1:-}
if [ -z "$archive" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  shopt -s nullglob
  found=("$root"/target/phpod-*-linux-"$arch".tar.gz)
  [ ${#found[@]} -eq 1 ] || fail "give the archive: found ${#found[@]} phpod-*-linux-$arch.tar.gz in $root/target (./mvnw package -Dnative writes one)"
  archive=${found[0]}
fi
[ -f "$archive" ] || fail "ARCHIVE: no file $archive"
if [ "$(id -u)" -eq 0 ]; then default_prefix=/usr/local; else default_prefix="$HOME/.local"; fi
prefix=${2:-$default_prefix}
case "$prefix" in /*) ;; *) fail "PREFIX: $prefix is not an absolute path" ;; esac

if [ -f "$archive.sha256" ]; then
  want=$(head -n1 "$archive.sha256" | cut -d' ' -f1)
  have=$(sha256sum "$archive" | cut -d' ' -f1)
  [ "$want" = "$have" ] || fail "ARCHIVE: $archive does not match $archive.sha256 (sha256 $have, expected $want): download it again"
fi

work=$(mktemp -d)
trap 'rm -rf "$work" "$work.err"' EXIT
tar -xzf "$archive" -C "$work" 2>"$work.err" || fail "ARCHIVE: $archive is not a readable tar.gz ($(head -n1 "$work.err"))"
dirs=("$work"/phpod-*)
[ ${#dirs[@]} -eq 1 ] && [ -x "${dirs[0]}/bin/phpod" ] || fail "ARCHIVE: $archive holds no phpod-*/bin/phpod"
src=${dirs[0]}
new_version=$("$src/bin/phpod" --version 2>/dev/null | head -n1) || fail "ARCHIVE: its phpod does not run on this machine ($(uname -m))"

targets=("$prefix/bin/phpod" "$prefix/share/bash-completion/completions/phpod" "$prefix/share/zsh/site-functions/_phpod")
for t in "${targets[@]}"; do
  [ -L "$t" ] && fail "$t is a symbolic link: remove it (or choose another PREFIX); install.sh does not write through links"
  [ -e "$t" ] && [ ! -f "$t" ] && fail "$t exists and is not a file"
done
old_version=""
[ -x "$prefix/bin/phpod" ] && old_version=$("$prefix/bin/phpod" --version 2>/dev/null | head -n1 || true)

install -D -m 0755 "$src/bin/phpod" "$prefix/bin/phpod"
install -D -m 0644 "$src/share/bash-completion/completions/phpod" "$prefix/share/bash-completion/completions/phpod"
install -D -m 0644 "$src/share/zsh/site-functions/_phpod" "$prefix/share/zsh/site-functions/_phpod"

if [ -n "$old_version" ]; then
  echo "install.sh: replaced $prefix/bin/phpod ($old_version) with $new_version"
else
  echo "install.sh: installed $new_version as $prefix/bin/phpod"
fi
echo "install.sh: completion in $prefix/share/bash-completion/completions/phpod (bash) and $prefix/share/zsh/site-functions/_phpod (zsh)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "install.sh: $prefix/bin is not on PATH; add it: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
