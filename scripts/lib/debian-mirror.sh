# Sourced by scripts that need Debian's package mirror (debootstrap, an extra suite): prints the first
# Debian mirror URI of this machine's own apt sources (deb822 or one-line format), skipping the
# security archive. No host is written down anywhere else.
debian_mirror() {
  local uri=""
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' /etc/apt/sources.list.d/*.sources | grep -v -- '-security' | grep '/debian/\?$' | head -n1 || true)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; break } }' /etc/apt/sources.list | grep -v -- '-security' | head -n1 || true)
  fi
  [ -n "$uri" ] || { echo "no Debian mirror found in /etc/apt/sources.list(.d)" >&2; return 1; }
  echo "$uri"
}

# download_debs SUITE ARCHIVE PACKAGES DEST: downloads the named packages (space-separated) of a
# Debian suite (trixie, trixie-security ...) into DEST with apt-get download, against a temporary
# sources part, whatever this machine runs. ARCHIVE is "debian" or "debian-security": the mirror's
# path for it (the security archive sits beside the main one on Debian's mirrors).
download_debs() {
  local suite=$1 archive=$2 pkgs=$3 dest=$4 tmp mirror
  mirror=$(debian_mirror) || return 1
  mirror=${mirror%/}
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$dest"
  cat > "$tmp/extra.sources" <<SRC
Types: deb
URIs: ${mirror%/debian}/$archive
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$tmp" -o "Dir::State::Lists=$tmp/lists"
              -o "Dir::Cache=$tmp/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  apt-get "${opts[@]}" -q update >/dev/null
  (cd "$dest" && apt-get "${opts[@]}" -q download $pkgs >/dev/null)
  rm -rf "$tmp"
}
