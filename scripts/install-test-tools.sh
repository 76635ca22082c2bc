#!/usr/bin/env bash
# Installs the external engines the test suite drives, on Debian 12 or 13, as root. Safe to run
# again: what is there already is kept. Helm needs nothing: it is embedded through helm-java.
#
#   podman      with runc and debootstrap, for the e2e tests (rootful). containers.conf is set as
#               this kind of machine needs it: runc (crun refuses the hybrid cgroups), cgroupfs,
#               file events, ulimits podman's defaults would exceed; Debian 13 also iptables.
#   kustomize   Debian 13: the package. Debian 12 has none: the Debian 13 .deb is fetched with
#               apt-get download against a temporary sources file (the mirror is read from this
#               machine's own apt sources) and unpacked with dpkg -x into /opt/phpod-tools.
#   gcc         with libc6-dev and zlib1g-dev: the native binary's C compiler and linker (the
#               toolchain itself is assembled by the build: native/README.md).
#   promtool    Debian's prometheus package (its daemon not started): checks the chart's
#               PrometheusRule as Prometheus reads a rule file, and lints scraped metrics.
#   python3-prometheus-client  Debian's package: the e2e test parses the pod's scraped metrics
#               with Prometheus' own Python text-format parser (/usr/bin/python3).
#   readme-generator  Bitnami's readme-generator for Helm (npm, pinned), which must leave the chart
#               README's parameter tables as phpod writes them; Node.js and npm from Debian if absent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
TOOLS=/opt/phpod-tools

log() { echo "install-test-tools: $*"; }
# shellcheck source=lib/debian-mirror.sh
. "$(dirname "$0")/lib/debian-mirror.sh"

debian_major() { cut -d. -f1 /etc/debian_version | sed 's/[^0-9].*//'; }

# Downloads the named packages from Debian 13 (trixie) into $2, whatever this machine runs.
download_from_trixie() {
  download_debs trixie debian "$1" "$2"
}

install_kustomize() {
  if command -v kustomize >/dev/null 2>&1 && kustomize version >/dev/null 2>&1; then
    log "kustomize $(kustomize version) already installed"
    return
  fi
  if [ "$(debian_major)" -ge 13 ]; then
    apt-get install -y -q kustomize
  else
    local debs
    debs=$(mktemp -d)
    download_from_trixie kustomize "$debs"
    mkdir -p "$TOOLS"
    for d in "$debs"/*.deb; do dpkg -x "$d" "$TOOLS"; done
    rm -rf "$debs"
    ln -sf "$TOOLS/usr/bin/kustomize" /usr/local/bin/kustomize
  fi
  log "kustomize $(kustomize version) installed"
}

install_native_build_tools() {
  local need=()
  command -v gcc >/dev/null 2>&1 || need+=(gcc)
  [ -f /usr/include/stdio.h ] || need+=(libc6-dev)
  [ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -q >/dev/null
    apt-get install -y -q "${need[@]}" >/dev/null
  fi
  log "native build tools: $(gcc --version | head -1)"
}

install_podman() {
  local need=()
  for tool in podman runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || need+=("$tool")
  done
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -q >/dev/null
    apt-get install -y -q "${need[@]}" >/dev/null
  fi
  local conf=/etc/containers/containers.conf
  if ! grep -q '^runtime = "runc"' "$conf" 2>/dev/null; then
    mkdir -p /etc/containers
    [ -f "$conf" ] && cp "$conf" "$conf.before-phpod"
    {
      echo '[containers]'
      echo 'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]'
      echo
      echo '[engine]'
      echo 'runtime = "runc"'
      echo 'cgroup_manager = "cgroupfs"'
      echo 'events_logger = "file"'
      if [ "$(debian_major)" -ge 13 ]; then
        echo
        echo '[network]'
        echo 'firewall_driver = "iptables"'
      fi
    } > "$conf"
  fi
  log "$(podman --version), runc $(runc --version | head -n1 | awk '{print $3}'), debootstrap ready"
}

README_GENERATOR=@bitnami/readme-generator-for-helm@2.7.2

install_readme_generator() {
  if command -v readme-generator >/dev/null 2>&1 && [ "$(readlink -f "$(command -v readme-generator)")" = "$(readlink -f "$TOOLS/node/bin/readme-generator" 2>/dev/null)" ] \
      && [ -f "$TOOLS/node/.installed-${README_GENERATOR##*@}" ]; then
    log "readme-generator ${README_GENERATOR##*@} already installed"
    return
  fi
  if ! command -v npm >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q nodejs npm >/dev/null
  fi
  mkdir -p "$TOOLS/node"
  npm install --global --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error "$README_GENERATOR" >/dev/null
  touch "$TOOLS/node/.installed-${README_GENERATOR##*@}"
  ln -sf "$TOOLS/node/bin/readme-generator" /usr/local/bin/readme-generator
  log "readme-generator ${README_GENERATOR##*@} installed"
}

install_prometheus_tools() {
  local need=()
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || need+=(python3-prometheus-client)
  if [ ${#need[@]} -gt 0 ]; then
    # Installed, never started: policy-rc.d refuses the service start.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null || { rm -f /usr/sbin/policy-rc.d; exit 1; }
    rm -f /usr/sbin/policy-rc.d
  fi
  log "$(promtool --version 2>&1 | head -n1), python3-prometheus-client ready"
}

install_kustomize
install_podman
install_prometheus_tools
install_native_build_tools
install_readme_generator
