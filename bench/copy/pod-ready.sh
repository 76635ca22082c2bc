#!/usr/bin/env bash
# bench/copy (pod): how long a pod takes from `podman kube play` to the first 200 of a static file,
# for the WordPress tree (2,803 files, docroot = code root; BENCH_APP=mediawiki: MediaWiki's, 24,392
# files, 280 MB), in each copy setting the chart offers (BENCH_VARIANTS="default image" for some):
# default (docroot scope, tar pipe, disk), cp -a, medium Memory, full scope, and no copy at all
# (code.source image: the app image mounted into nginx, played as the e2e harness plays an image
# volume: podman image mount, a hostPath of the subPath's folder). Real Helm renders each
# variant (BenchRenderTest); the pod is played as the e2e harness plays it (Pod with restartPolicy
# OnFailure, no probes: podman would run them with curl inside the images). Images are built locally
# without a registry. Median of 5 per variant. Needs root and podman.
# Usage: [BENCH_APP=wordpress|mediawiki] [BENCH_VARIANTS="..."] bash bench/copy/pod-ready.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
OUT=bench/out/pod-ready
mkdir -p "$OUT/debs"
python3 -c 'import yaml' 2>/dev/null || apt-get install -y -q python3-yaml >/dev/null
command -v curl >/dev/null || apt-get install -y -q curl >/dev/null

IMAGES=$(bash src/test/e2e/build-images.sh) # NAME=VALUE lines, nothing else
APP=$(sed -n 's/^app=//p' <<<"$IMAGES")
NGINX=$(sed -n 's/^nginx=//p' <<<"$IMAGES")
[ -n "$APP" ] && [ -n "$NGINX" ] || { echo "pod-ready: build-images.sh named no app or nginx image: $IMAGES" >&2; exit 1; }
BENCH_APP=${BENCH_APP:-wordpress}
case "$BENCH_APP" in
  wordpress) STATIC=/wp-includes/css/dashicons.min.css; FILES=2803 ;;
  mediawiki) STATIC=/resources/lib/jquery/jquery.js; FILES=24392 ;;
  *) echo "pod-ready: BENCH_APP is wordpress or mediawiki, not $BENCH_APP" >&2; exit 2 ;;
esac
WP=localhost/phpod-bench-$BENCH_APP:${APP##*:}
if ! podman image exists "$WP"; then
  (cd "$OUT/debs" && { ls "${BENCH_APP}"_*.deb >/dev/null 2>&1 || apt-get download "$BENCH_APP" 2>/dev/null; })
  rm -rf "$OUT/ctx" && mkdir -p "$OUT/ctx"
  dpkg -x "$OUT"/debs/"${BENCH_APP}"_*.deb "$OUT/ctx/root"
  # Debian's packages link a few paths outside the tree; the copy keeps links as links.
  printf 'FROM %s\nRUN rm -rf /var/www/html\nCOPY root/usr/share/%s /var/www/html\n' "$APP" "$BENCH_APP" > "$OUT/ctx/Containerfile"
  podman build -q --pull=never -t "$WP" "$OUT/ctx" >/dev/null
fi
./mvnw -B -q test -Dtest='BenchRenderTest#writesTheWordpressPodVariantsForThePodReadyBenchmark' >/dev/null

play_yaml() { # rendered-file port pod-name -> pod yaml on stdout
  python3 - "$1" "$2" "$3" "${WP_IMAGE:-$WP}" "$NGINX" <<'PY'
import subprocess, sys, yaml
src, port, pod, app, nginx = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
out = []
for d in yaml.safe_load_all(open(src)):
    if not d:
        continue
    if d["kind"] == "ConfigMap":
        d["metadata"]["name"] = pod + "-" + d["metadata"]["name"]
        out.append(d)
    elif d["kind"] == "Deployment":
        spec = d["spec"]["template"]["spec"]
        spec["restartPolicy"] = "OnFailure"
        for v in spec["volumes"]:
            v["name"] = pod + "-" + v["name"]
            if "configMap" in v:
                v["configMap"]["name"] = pod + "-" + v["configMap"]["name"]
        images = {}
        for v in list(spec["volumes"]):
            if "image" in v:  # an image volume: the image mounted on the host, a hostPath per subPath
                ref = v["image"]["reference"].replace("bench-app:placeholder", app)
                images[v["name"]] = subprocess.run(["podman", "image", "mount", ref], check=True, capture_output=True, text=True).stdout.strip()
                spec["volumes"].remove(v)
        for c in spec["containers"] + spec.get("initContainers", []):
            c["image"] = c["image"].replace("bench-app:placeholder", app).replace("bench-nginx:placeholder", nginx)
            for m in c.get("volumeMounts", []):
                m["name"] = pod + "-" + m["name"]
                if m["name"] in images:
                    path = images[m["name"]] + "/" + m.pop("subPath", "")
                    m["name"] += "-" + c["name"]
                    spec["volumes"].append({"name": m["name"], "hostPath": {"path": path, "type": "Directory"}})
            for p in ("startupProbe", "readinessProbe", "livenessProbe"):
                c.pop(p, None)
            for p in c.get("ports", []):
                if p.get("name") == "http":
                    p["hostPort"] = port
                    p["hostIP"] = "127.0.0.1"
        out.append({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pod}, "spec": spec})
yaml.safe_dump_all(out, sys.stdout)
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { date +%s%3N; }

printf '%-8s %12s %12s\n' variant "median ms" "files"
for variant in ${BENCH_VARIANTS:-sample default cp memory full image}; do
  image=$WP; static=$STATIC; files=$FILES
  [ "$variant" = sample ] && { image=$APP; static=/style.css; files=4; }
  times=()
  for i in $(seq "$RUNS"); do
    pod=phpod-bench-$variant
    port=$((18000 + RANDOM % 2000))
    WP_IMAGE=$image play_yaml "target/bench/wordpress-$variant.yaml" "$port" "$pod" > "$OUT/$pod.yaml"
    podman pod rm -f -t 0 "$pod" >/dev/null 2>&1 || true
    start=$(now_ms)
    podman kube play "$OUT/$pod.yaml" >/dev/null 2>&1
    until curl -fsS -o /dev/null "http://127.0.0.1:$port$static" 2>/dev/null; do
      [ $(( $(now_ms) - start )) -lt 120000 ] || { echo "pod-ready: $variant never served $static" >&2; podman logs "$pod-nginx" >&2 || true; exit 1; }
      sleep 0.02
    done
    times+=($(( $(now_ms) - start )))
    podman kube down "$OUT/$pod.yaml" >/dev/null 2>&1 || true
    podman pod rm -f -t 0 "$pod" >/dev/null 2>&1 || true
    for v in $(podman volume ls -q | grep "^$pod-" || true); do podman volume rm -f "$v" >/dev/null; done
  done
  printf '%-8s %12s %12s\n' "$variant" "$(printf '%s\n' "${times[@]}" | median)" "$files"
done
podman image unmount --all >/dev/null 2>&1 || true
echo "(podman kube play to the first 200 of a static file (sample: /style.css; $BENCH_APP: $STATIC), median of $RUNS; podman 4.3 ignores medium: Memory,"
echo " so 'memory' runs on disk here; the copy lands on this machine's slow root file system; image: no copy, the image mounted)"
