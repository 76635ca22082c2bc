#!/usr/bin/env bash
# bench/startup: the whole phpod process for a three-environment `phpod init`, median of 10 runs
# (hyperfine), and its peak RSS (GNU time, median of 10), side by side:
#   JVM 17 as packaged | JVM 17 + AppCDS archive | JVM 25 | JVM 25 + AOT cache
#   | JVM 25 + AOT cache + C1 only + serial GC (what scripts/phpod runs when the cache exists)
#   | the native binary (target/phpod-*-runner, ./mvnw -Dnative; native/README.md)
#   | kustomize create --autodetect (a Go binary: the native-speed reference).
# The native binary's time is also split: --version (the process start alone) against init.
# Output goes to a tmpfs folder so the slow root file system does not count.
# Usage: bash bench/startup/run.sh   (builds the jar and the native binary if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-10}
J17=java
J25=${PHPOD_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
NATIVE=$(ls target/phpod-*-runner 2>/dev/null | head -n1 || true)
[ -n "$NATIVE" ] || { ./mvnw -B -q package -Dnative -DskipTests; NATIVE=$(ls target/phpod-*-runner | head -n1); }
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
  [native]="$NATIVE $ARGS"
  [native-version]="$NATIVE --version"
  [kustomize]="sh -c 'cd $T/k && kustomize create --autodetect'"
)
PREP="rm -rf $T/deploy $T/k/kustomization.yaml"
ORDER=(jvm17 jvm17-appcds jvm25 jvm25-aot launcher native native-version kustomize)

hyperfine --warmup 2 --runs "$RUNS" --prepare "$PREP" --export-json "$T/h.json" \
  -n jvm17 "${CMD[jvm17]}" -n jvm17-appcds "${CMD[jvm17-appcds]}" -n jvm25 "${CMD[jvm25]}" -n jvm25-aot "${CMD[jvm25-aot]}" -n launcher "${CMD[launcher]}" \
  -n native "${CMD[native]}" -n native-version "${CMD[native-version]}" \
  -n kustomize "cd $T/k && kustomize create --autodetect" >/dev/null

rss() { # median peak RSS in MB over RUNS runs
  local cmd=$1 v=()
  for i in $(seq "$RUNS"); do
    eval "$PREP"
    v+=("$(/usr/bin/time -f %M sh -c "$cmd >/dev/null 2>&1" 2>&1 | tail -n1)")
  done
  printf '%s\n' "${v[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}'
}

mapfile -t MED < <(python3 -c "import json,sys; [print(round(r['median']*1000, 1)) for r in json.load(open('$T/h.json'))['results']]")
ref=${MED[7]}
printf '%-14s %10s %10s %12s\n' variant "median ms" "peak MB" "x kustomize"
i=0
for k in "${ORDER[@]}"; do
  if [ "$k" = kustomize ]; then r=$(rss "cd $T/k && kustomize create --autodetect"); else r=$(rss "${CMD[$k]}"); fi
  printf '%-14s %10s %10s %12s\n' "$k" "${MED[$i]}" "$r" "$(echo "scale=1; ${MED[$i]} / $ref" | bc)"
  i=$((i + 1))
done
echo "(whole process, $RUNS runs each, hyperfine median; peak RSS by GNU time, median; output on tmpfs; 2 cores)"

# The target's ratio, paired: native init and kustomize create run alternately, one ratio per
# pair, so a busy moment of this noisy machine hits both sides of a pair alike.
python3 - "$NATIVE" "$T" "$((RUNS * 3))" <<'PAIRED'
import shutil, statistics, subprocess, sys, time, os
native, t, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def once(cmd, cwd=None):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
ratios, nat, kus = [], [], []
for i in range(n):
    shutil.rmtree(f"{t}/deploy", ignore_errors=True)
    if os.path.exists(f"{t}/k/kustomization.yaml"):
        os.remove(f"{t}/k/kustomization.yaml")
    a = once([native, "init", "--name", "shop", "--image", "registry.example.com/shop:1.4.2", "--env", "dev,staging,prod", "-o", f"{t}/deploy"])
    b = once(["kustomize", "create", "--autodetect"], cwd=f"{t}/k")
    nat.append(a); kus.append(b); ratios.append(a / b)
q = statistics.quantiles(ratios, n=4)
print(f"paired, {n} pairs: native init {statistics.median(nat)*1000:.1f} ms, kustomize create {statistics.median(kus)*1000:.1f} ms, "
      f"ratio median {statistics.median(ratios):.2f}x (quartiles {q[0]:.2f}-{q[2]:.2f}, min {min(ratios):.2f}, max {max(ratios):.2f}); target <= 2x")
PAIRED
