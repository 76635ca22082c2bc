#!/usr/bin/env bash
# bench/copy: what the copy step costs a pod. Runs the copy-code init container's own script (taken
# from kustomize-base/base/deployment.yaml, which is the chart's render) on real PHP trees from
# Debian packages (WordPress, MediaWiki), with each copy method, onto an ext4 loop file system and
# onto tmpfs (this machine's root file system is 10-20x slower for small files and is not used).
# Prints files, bytes and the median wall time of 5 runs next to the reference figures.
# Needs root (loop mount). Usage: bash bench/copy/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
OUT=bench/out/copy
mkdir -p "$OUT/debs"
python3 -c 'import yaml' 2>/dev/null || apt-get install -y -q python3-yaml >/dev/null

# The script exactly as the init container runs it.
python3 - > "$OUT/copy.sh" <<'PY'
import yaml
d = yaml.safe_load(open("kustomize-base/base/deployment.yaml"))
print(d["spec"]["template"]["spec"]["initContainers"][0]["args"][0])
PY

MNT=$OUT/mnt
mkdir -p "$MNT/ext4" "$MNT/tmpfs"
cleanup() { umount "$MNT/ext4" 2>/dev/null || true; umount "$MNT/tmpfs" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
truncate -s 3G "$OUT/ext4.img"
mkfs.ext4 -q -F "$OUT/ext4.img"
mount -o loop "$OUT/ext4.img" "$MNT/ext4"
mount -t tmpfs -o size=2G tmpfs "$MNT/tmpfs"

# Sources on the ext4 file system too, like an image layer.
(cd "$OUT/debs" && { ls wordpress_*.deb >/dev/null 2>&1 || apt-get download wordpress mediawiki 2>/dev/null; })
mkdir -p "$MNT/ext4/src"
for app in wordpress mediawiki; do
  dpkg -x "$OUT"/debs/${app}_*.deb "$MNT/ext4/src/$app"
done
# Debian's MediaWiki docroot, /var/lib/mediawiki, is a folder of links into /usr/share/mediawiki:
# every link points outside the copied tree, so the copy step copies each target (the cost of
# link resolution).
rm -rf "$MNT/ext4/src/mediawiki-links"
mkdir -p "$MNT/ext4/src/mediawiki-links"
for e in "$MNT/ext4/src/mediawiki/usr/share/mediawiki"/*; do ln -s "$PWD/$e" "$MNT/ext4/src/mediawiki-links/"; done
src_of() { case $1 in mediawiki-links) echo "$MNT/ext4/src/mediawiki-links";; *) echo "$MNT/ext4/src/$1/usr/share/$1";; esac; }


median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A BARE
printf '%-16s %7s %8s %-6s %-6s %10s %10s %7s\n' app files MB method target "median s" "bare s" "x bare"
for app in mediawiki mediawiki-links wordpress; do
  src=$(src_of $app)
  files=$( (find -L "$src" 2>/dev/null || true) | wc -l)
  mb=$( (du -sLm --apparent-size "$src" 2>/dev/null || true) | cut -f1)
  for method in bare tar cp; do
    for target in ext4 tmpfs; do
      times=()
      for i in $(seq "$RUNS"); do
        dst="$MNT/$target/dst"
        rm -rf "$dst"; mkdir -p "$dst"; sync
        s=$(date +%s.%N)
        if [ "$method" = bare ]; then
          # The baseline: a bare tar pipe, no marker, no staging, no checks; for the tree of links,
          # one that follows the links (tar -h), the same bytes the copy step writes.
          if [ "$app" = mediawiki-links ]; then
            (cd "$src" && tar -chf - . 2>/dev/null || true) | tar -xf - -C "$dst"
          else
            (cd "$src" && tar -cf - .) | tar -xf - -C "$dst"
          fi
        else
          PHPOD_COPY_SOURCE="$src" PHPOD_COPY_METHOD=$method sh -c "$(sed "s#^dst=/phpod-copy\$#dst='$dst'#" "$OUT/copy.sh")" >/dev/null 2>&1
        fi
        e=$(date +%s.%N)
        times+=("$(echo "$e - $s" | bc)")
      done
      m=$(printf '%s\n' "${times[@]}" | median)
      if [ "$method" = bare ]; then BARE[$target]=$m; fi
      r=${BARE[$target]}
      ratio=$(echo "scale=2; $m / $r" | bc)
      printf '%-16s %7s %8s %-6s %-6s %10.3f %10.3f %7s\n' "$app" "$files" "$mb" "$method" "$target" "$m" "$r" "$ratio"
    done
  done
done
echo "(median of $RUNS runs; x bare = the figure / a bare tar pipe onto the same target in this run; sources on ext4)"
