#!/usr/bin/env bash
# bench/serve: phpod's generated nginx + php-fpm config against Debian's stock setup, same machine,
# same PHP files, one run. The generated config is the chart's default render through real Helm
# (BenchRenderTest writes it to target/bench/nginx/ and php/), run the way the pod runs it: both processes as
# www-data, FastCGI over a unix socket, the pod's paths moved under a tmpfs work folder. The stock
# setup: Debian's nginx.conf with a site using snippets/fastcgi-php.conf, and the default www pool
# listening on TCP 127.0.0.1:9000. Load: wrk -t2 -c32 -d10s, 3 repetitions, median req/s and p99.
# The two setups run side by side and their runs alternate. wrk shares the 2 cores with the server,
# as on any single machine. Needs root.
# Usage: bash bench/serve/run.sh [repetitions] [seconds]   (BENCH_KEEP_RENDER=1: reuse target/bench/;
#        BENCH_PAGES="hello.php": a subset of the pages)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${1:-3}
SECS=${2:-10}
PAGES=${BENCH_PAGES:-hello.php style.css table.php}   # a subset for quick trials
export DEBIAN_FRONTEND=noninteractive

install() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  [ -x /usr/sbin/php-fpm8.2 ] || need+=(php8.2-fpm)
  if [ ${#need[@]} -gt 0 ]; then
    # Install the packages without starting their services.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -q "${need[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
  fi
}
# phpod's config, the pod's paths moved under the work folder $B: every file of the chart's nginx and
# php ConfigMaps (target/bench/nginx/, target/bench/php/), so a file the chart adds comes along.
setup_phpod() {
  mkdir -p "$B/www/public" "$B/run" "$B/tmp" "$B/conf/php" "$B/logs"
  cp bench/serve/www/* "$B/www/public/"
  local f
  for f in target/bench/nginx/*; do
    sed -e "s#/tmp/#$B/tmp/#g" -e "s#/run/phpod/#$B/run/#g" -e "s#/etc/phpod/nginx/#$B/conf/#g" \
        -e "s#/var/www/html/public#$B/www/public#g" "$f" > "$B/conf/$(basename "$f")"
  done
  for f in target/bench/php/*; do
    sed -e "s#/run/phpod/#$B/run/#g" -e "s#/var/www/html/public#$B/www/public#g" "$f" > "$B/conf/php/$(basename "$f")"
  done
  # The php-fpm container's environment (php-fpm.conf reads pm.max_children from it).
  cp target/bench/php-fpm.env "$B/php-fpm.env"
}
# BENCH_SETUP_ONLY=DIR: write phpod's side into DIR and stop (no packages, no tmpfs, no load), for
# BenchRenderTest, which checks that every file the config names exists.
if [ -n "${BENCH_SETUP_ONLY:-}" ]; then
  B=$BENCH_SETUP_ONLY
  setup_phpod
  exit 0
fi

install
[ -n "${BENCH_KEEP_RENDER:-}" ] || ./mvnw -B -q test -Dtest=BenchRenderTest >/dev/null

B=$(mktemp -d)
mount -t tmpfs -o size=512M tmpfs "$B"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -QUIT "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true; done
  umount "$B" 2>/dev/null || true
  rmdir "$B" 2>/dev/null || true
}
trap cleanup EXIT
setup_phpod
mkdir -p "$B/stock/run"
chown -R www-data:www-data "$B/run" "$B/tmp" "$B/logs" "$B/stock"
chmod -R a+rX "$B/www"

# Debian's stock setup.
sed -e "s#include /etc/nginx/sites-enabled/\*;#include $B/stock/site.conf;#" -e "s#^pid .*#pid $B/stock/run/nginx.pid;#" \
    -e "s#access_log .*#access_log $B/logs/stock-access.log;#" /etc/nginx/nginx.conf > "$B/stock/nginx.conf"
cat > "$B/stock/site.conf" <<SITE
server {
    listen 8090 default_server;
    root $B/www/public;
    index index.php index.html;
    server_name _;
    location / {
        try_files \$uri \$uri/ =404;
    }
    location ~ \.php\$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass 127.0.0.1:9000;
    }
}
SITE
# Relative includes (snippets/, fastcgi.conf) resolve beside the config file.
ln -s /etc/nginx/snippets "$B/stock/snippets"; ln -s /etc/nginx/fastcgi.conf "$B/stock/fastcgi.conf"
sed -e "s#^include=.*#include=$B/stock/www.conf#" -e "s#^pid = .*#pid = $B/stock/run/php-fpm.pid#" \
    -e "s#^error_log = .*#error_log = $B/logs/stock-fpm.log#" /etc/php/8.2/fpm/php-fpm.conf > "$B/stock/php-fpm.conf"
sed -e "s#^listen = .*#listen = 127.0.0.1:9000#" /etc/php/8.2/fpm/pool.d/www.conf > "$B/stock/www.conf"

wait_http() {
  for i in $(seq 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench/serve: $1 does not answer" >&2; for f in "$B"/logs/*.log; do echo "== $f" >&2; tail -n 5 "$f" >&2; done; exit 1
}
command -v curl >/dev/null || apt-get install -y -q curl >/dev/null

start_phpod() {
  # In the pod, runc hands the container's stdio to its user; here the log files are www-data's, so
  # that php-fpm can reopen /proc/self/fd/2 and nginx /dev/stdout as www-data.
  for f in phpod-fpm phpod-access phpod-nginx; do : > "$B/logs/$f.log"; chown www-data:www-data "$B/logs/$f.log"; done
  # shellcheck disable=SC2046
  env $(cat "$B/php-fpm.env") PHP_INI_SCAN_DIR=":$B/conf/php" setpriv --reuid=www-data --regid=www-data --init-groups \
    php-fpm8.2 --nodaemonize --fpm-config "$B/conf/php/php-fpm.conf" 2>>"$B/logs/phpod-fpm.log" &
  PIDS+=($!)
  setpriv --reuid=www-data --regid=www-data --init-groups nginx -e stderr -c "$B/conf/nginx.conf" \
    >>"$B/logs/phpod-access.log" 2>>"$B/logs/phpod-nginx.log" &
  PIDS+=($!)
  wait_http http://127.0.0.1:8080/hello.php
}
start_stock() {
  php-fpm8.2 --nodaemonize --fpm-config "$B/stock/php-fpm.conf" 2>>"$B/logs/stock-fpm.log" &
  PIDS+=($!)
  nginx -c "$B/stock/nginx.conf" -g 'daemon off;' 2>"$B/logs/stock-nginx.log" &
  PIDS+=($!)
  wait_http http://127.0.0.1:8090/hello.php
}
stop_all() {
  for p in "${PIDS[@]}"; do kill -QUIT "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}

# One wrk run: prints "req/s p99ms".
load() {
  wrk -t2 -c32 -d"${SECS}s" --latency "$1" | awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 } p99 = v }
    END { printf "%.0f %.2f\n", rps, p99 }'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A RPS P99 SPREAD
# Both setups run side by side (different ports) and the runs alternate stock, phpod, stock, ...: the
# drift of this virtual machine over minutes then hits both sides alike.
measure() {
  for page in $PAGES; do
    local -A r=() p=() last=()
    local pairs=""
    for setup in stock phpod; do
      wrk -t2 -c32 -d2s "http://127.0.0.1:${PORT[$setup]}/$page" >/dev/null   # warm-up (OPcache, open files)
    done
    for i in $(seq "$REPS"); do
      for setup in stock phpod; do
        read -r a b < <(load "http://127.0.0.1:${PORT[$setup]}/$page")
        r[$setup]+="$a "; p[$setup]+="$b "; last[$setup]=$a
      done
      pairs+="$(echo "scale=2; ${last[phpod]} / ${last[stock]}" | bc) "
    done
    # The ratio of each stock run and the phpod run right after it: how far one run's ratio can stray.
    SPREAD[$page]=$(printf '%s\n' $pairs | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }')
    for setup in stock phpod; do
      RPS[$setup/$page]=$(printf '%s\n' ${r[$setup]} | median)
      P99[$setup/$page]=$(printf '%s\n' ${p[$setup]} | median)
    done
  done
}

declare -A PORT=([stock]=8090 [phpod]=8080)
start_stock; start_phpod; measure; stop_all

# Reference figures measured on this kind of machine before phpod existed (medians).
declare -A REF_STOCK=([hello.php]=14400 [style.css]=63900 [table.php]=4100)
declare -A REF_TUNED=([hello.php]=23000 [style.css]=95000 [table.php]=4900)
printf '%-10s %10s %10s %7s %10s %9s %9s %10s %8s\n' page "stock r/s" "phpod r/s" "x stock" "pairs" "stock p99" "phpod p99" "tuned ref" "x tuned"
for page in $PAGES; do
  s=${RPS[stock/$page]}; g=${RPS[phpod/$page]}
  printf '%-10s %10s %10s %7s %10s %7sms %7sms %10s %8s\n' "$page" "$s" "$g" "$(echo "scale=2; $g / $s" | bc)" "${SPREAD[$page]}" \
    "${P99[stock/$page]}" "${P99[phpod/$page]}" "${REF_TUNED[$page]}" "$(echo "scale=2; $g / ${REF_TUNED[$page]}" | bc)"
done
echo "(wrk -t2 -c32 -d${SECS}s, median of $REPS, runs alternating stock and phpod, pairs: lowest-highest ratio of a stock run and the next phpod run; wrk shares the 2 cores with nginx and php-fpm; stock reference then: ${REF_STOCK[hello.php]} / ${REF_STOCK[style.css]} / ${REF_STOCK[table.php]} r/s)"
