#!/usr/bin/env bash
# bench/startup: the whole phpod process for a three-environment `phpod init`, median of 10 runs
# (hyperfine), and its peak RSS (GNU time, median of 10), side by side:
#   JVM 17 as packaged | JVM 17 + AppCDS archive | JVM 25 | JVM 25 + AOT cache
#   | JVM 25 + AOT cache + C1 only + serial GC (what scripts/phpod runs when the cache exists)
#   | kustomize create --autodetect (a Go binary: the native-speed reference).
# Output goes to a tmpfs folder so the slow root file system does not count.
# Usage: bash bench/startup/run.sh   (builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-10}
J17=java
J25=${PHPOD_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
command -v hyperfine >/dev/null || apt-get install -y -q hyperfine >/dev/null
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null
command -v kustomize >/dev/null || bash scripts/install-test-tools.sh >/dev/null

T=$(mktemp -d)
mount -t tmpfs -o size=256M tmpfs "$T"
trap 'umount "$T"; rmdir "$T"' EXIT
ARGS="init --name shop --image registry.example.com/shop:1.4.2 --env dev,staging,prod -o $T/deploy"

# Caches, trained on a real init run.
$J17 -XX:ArchiveClassesAtExit="$T/phpod-17.jsa" -jar $JAR $ARGS >/dev/null 2>&1; rm -rf "$T/deploy"
$J25 -XX:AOTCacheOutput="$T/phpod.aot" -jar $JAR $ARGS >/dev/null 2>&1; rm -rf "$T/deploy"
FAST="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
$J25 $FAST -XX:AOTCacheOutput="$T/phpod-fast.aot" -jar $JAR $ARGS >/dev/null 2>&1; rm -rf "$T/deploy"
mkdir -p "$T/k" && cp kustomize-base/base/*.yaml "$T/k/" && rm -f "$T/k/kustomization.yaml"

declare -A CMD=(
  [jvm17]="$J17 -jar $JAR $ARGS"
  [jvm17-appcds]="$J17 -XX:SharedArchiveFile=$T/phpod-17.jsa -Xshare:auto -jar $JAR $ARGS"
  [jvm25]="$J25 -jar $JAR $ARGS"
  [jvm25-aot]="$J25 -XX:AOTCache=$T/phpod.aot -jar $JAR $ARGS"
  [launcher]="$J25 $FAST -XX:AOTCache=$T/phpod-fast.aot -jar $JAR $ARGS"
  [kustomize]="sh -c 'cd $T/k && kustomize create --autodetect'"
)
PREP="rm -rf $T/deploy $T/k/kustomization.yaml"
ORDER=(jvm17 jvm17-appcds jvm25 jvm25-aot launcher kustomize)

hyperfine --warmup 2 --runs "$RUNS" --prepare "$PREP" --export-json "$T/h.json" \
  -n jvm17 "${CMD[jvm17]}" -n jvm17-appcds "${CMD[jvm17-appcds]}" -n jvm25 "${CMD[jvm25]}" -n jvm25-aot "${CMD[jvm25-aot]}" -n launcher "${CMD[launcher]}" \
  -n kustomize "cd $T/k && kustomize create --autodetect" >/dev/null

rss() { # median peak RSS in MB over RUNS runs
  local cmd=$1 v=()
  for i in $(seq "$RUNS"); do
    eval "$PREP"
    v+=("$(/usr/bin/time -f %M sh -c "$cmd >/dev/null 2>&1" 2>&1 | tail -n1)")
  done
  printf '%s\n' "${v[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}'
}

mapfile -t MED < <(python3 -c "import json,sys; [print(round(r['median']*1000)) for r in json.load(open('$T/h.json'))['results']]")
ref=${MED[5]}
printf '%-14s %10s %10s %12s\n' variant "median ms" "peak MB" "x kustomize"
i=0
for k in "${ORDER[@]}"; do
  if [ "$k" = kustomize ]; then r=$(rss "cd $T/k && kustomize create --autodetect"); else r=$(rss "${CMD[$k]}"); fi
  printf '%-14s %10s %10s %12s\n' "$k" "${MED[$i]}" "$r" "$(echo "scale=1; ${MED[$i]} / $ref" | bc)"
  i=$((i + 1))
done
echo "(whole process, $RUNS runs each, hyperfine median; peak RSS by GNU time, median; output on tmpfs; 2 cores)"
