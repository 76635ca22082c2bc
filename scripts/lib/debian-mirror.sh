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
