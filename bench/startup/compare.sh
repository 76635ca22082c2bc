#!/usr/bin/env bash
# bench/startup/compare.sh OLD NEW: two native phpod binaries side by side (e.g. before and after a
# change), with kustomize create --autodetect as the Go reference. For --version (the process
# start alone) and a three-environment init (output on a tmpfs), runs OLD, NEW and kustomize in
# turn, PAIRS times (default 40), so a busy moment of a shared machine hits all three alike, and
# prints per binary the median time with its quartiles, and the paired ratios NEW/OLD and
# each/kustomize (median, quartiles, min-max). Then each binary's size and peak RSS (GNU time,
# median of 10 init runs).
# Usage: bash bench/startup/compare.sh /tmp/old-runner target/phpod-0.1.0-SNAPSHOT-runner
set -euo pipefail
OLD=$(realpath "$1")
NEW=$(realpath "$2")
PAIRS=${PAIRS:-40}
command -v kustomize >/dev/null || { echo "kustomize is needed (scripts/install-test-tools.sh)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)" >&2; exit 2; }
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
mount -t tmpfs -o size=256M tmpfs "$T"
trap 'umount "$T"; rmdir "$T"' EXIT
mkdir -p "$T/k" && cp kustomize-base/base/*.yaml "$T/k/" && rm -f "$T/k/kustomization.yaml"

python3 - "$OLD" "$NEW" "$T" "$PAIRS" <<'PAIRED'
import os, shutil, statistics, subprocess, sys, time
old, new, t, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
INIT = ["init", "--name", "shop", "--image", "registry.example.com/shop:1.4.2", "--env", "dev,staging,prod", "-o", f"{t}/deploy"]
def once(cmd, cwd=None):
    shutil.rmtree(f"{t}/deploy", ignore_errors=True)
    if os.path.exists(f"{t}/k/kustomization.yaml"):
        os.remove(f"{t}/k/kustomization.yaml")
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000
def spread(xs):
    q = statistics.quantiles(xs, n=4)
    return f"{statistics.median(xs):6.1f} ({q[0]:.1f}-{q[2]:.1f})"
def ratio(xs):
    q = statistics.quantiles(xs, n=4)
    return f"{statistics.median(xs):.2f}x (quartiles {q[0]:.2f}-{q[2]:.2f}, min {min(xs):.2f}, max {max(xs):.2f})"
for name, args in (("--version", ["--version"]), ("init", INIT)):
    for _ in range(3):  # warm-up: page cache
        once([old] + args); once([new] + args); once(["kustomize", "create", "--autodetect"], cwd=f"{t}/k")
    o, w, k = [], [], []
    for _ in range(n):
        o.append(once([old] + args)); w.append(once([new] + args)); k.append(once(["kustomize", "create", "--autodetect"], cwd=f"{t}/k"))
    print(f"{name}, {n} triplets (old, new, kustomize create in turn): median ms (quartiles)")
    print(f"  old        {spread(o)}")
    print(f"  new        {spread(w)}")
    print(f"  kustomize  {spread(k)}")
    print(f"  new/old        {ratio([b / a for a, b in zip(o, w)])}")
    print(f"  old/kustomize  {ratio([a / c for a, c in zip(o, k)])}")
    print(f"  new/kustomize  {ratio([b / c for b, c in zip(w, k)])}")
PAIRED

rss() { # median peak RSS in MB of 10 init runs
  local v=()
  for i in $(seq 10); do
    rm -rf "$T/deploy"
    v+=("$(/usr/bin/time -f %M "$1" init --name shop --image registry.example.com/shop:1.4.2 --env dev,staging,prod -o "$T/deploy" 2>&1 >/dev/null | tail -n1)")
  done
  printf '%s\n' "${v[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}'
}
for b in old new; do
  f=$OLD; [ $b = new ] && f=$NEW
  printf '%-4s %6.1f MB file, init peak RSS %s MB\n' "$b" "$(echo "scale=1; $(stat -c %s "$f") / 1000000" | bc)" "$(rss "$f")"
done
