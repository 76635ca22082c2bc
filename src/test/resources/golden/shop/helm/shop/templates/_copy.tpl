{{/*
The copy step. The init container copies the code from its own image into the shared volume:
into a staging folder first, then moves the entries into place (renames inside one filesystem)
and writes the completion marker last. The marker is the commit point: a restarted init container
that finds it does nothing; one that does not starts again from an empty volume. nginx and php-fpm
start only after the init container succeeded, and nginx's readiness requires the marker, so no
container ever serves an empty, half-copied or mixed tree.
Entries the container's user cannot read are skipped (one line each): no container of the pod could
read them either. Symbolic links that point outside the copied tree are replaced by a copy of their
target, which nginx's image does not have, unless they point into a writable path (mounted at its
path in both containers: Laravel's public/storage); links that point nowhere stay, reported.
Writable paths with `seed: true` get the image's content at their path, once, when their volume is
empty (in the pods of processes, schedules and the release step too, whose init container runs this
script without a code source: they run the code from their image and need only the seeds) (an interrupted seed is redone; a volume that holds data is never touched). A data volume is
shared by every pod of an environment (a ReadWriteMany claim), whose init containers may start at
once: a seed is claimed by creating .phpod-seeding in the volume (mkdir is atomic, over NFS too),
whose owner keeps .phpod-seeding/alive changing while it works; the others wait until it is gone.
A claim whose heartbeat stood still for 20 s of a waiter's own clock (a killed pod; no clocks are
compared across nodes) is taken over by one waiter (rename is atomic) and redone from scratch: no
pod has run the app on a volume whose seed never finished.
*/}}
{{- define "phpod.copyScript" -}}
set -eu
src="$PHPOD_COPY_SOURCE"
dst=/phpod-copy
marker="$dst/.phpod-copy-complete"
uid=$(id -u)
tab=$(printf '\t')

# copy_tree FROM INTO SCRATCH: copies FROM's tree into the empty folder INTO.
copy_tree() {
  from=$1 into=$(cd "$2" && pwd) scratch=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
  if ! [ -d "$from" ] || ! [ -r "$from" ] || ! [ -x "$from" ]; then
    echo "copy-code: cannot read $from (uid $uid)" >&2; exit 1
  fi
  # One pass over the source lists what cannot be read (U) and every link with its target (L).
  if find "$from" -maxdepth 0 -readable -printf '' 2>/dev/null; then
    (cd "$from" && find . -mindepth 1 \( -type l -printf 'L%p\t%l\n' \) -o \( -type d \( ! -readable -o ! -executable \) -printf 'U%p\n' -prune \) \
      -o \( ! -readable -printf 'U%p\n' \) 2>/dev/null) > "$scratch.scan" || true
  else
    # Without GNU find: test each entry, and list the links (their targets are read one by one).
    (cd "$from" && find . -mindepth 1 \( -type d -o -type f \) -exec sh -c \
      'for f do if [ -d "$f" ]; then [ -r "$f" ] && [ -x "$f" ] || echo "U$f"; else [ -r "$f" ] || echo "U$f"; fi; done' \
      sh {} + 2>/dev/null; cd "$from" && find . -mindepth 1 -type l 2>/dev/null | sed 's/^/L/') > "$scratch.scan" || true
  fi
  sed -n 's/^U//p' "$scratch.scan" > "$scratch.skip"
  skipped=0
  while IFS= read -r f; do
    echo "copy-code: skipped $from/${f#./}: uid $uid cannot read it" >&2; skipped=$((skipped + 1))
  done < "$scratch.skip"
  case "$PHPOD_COPY_METHOD" in
    tar)
      (cd "$from" && tar -cf - -X "$scratch.skip" . || : > "$scratch.failed") | tar -xf - -C "$into"
      if [ -e "$scratch.failed" ]; then rm -f "$scratch.failed"; echo "copy-code: cannot copy $from" >&2; exit 1; fi
      ;;
    cp)
      if [ "$skipped" -gt 0 ]; then
        echo "copy-code: cp -a stops at the $skipped entries above: make them readable by uid $uid, or set copy.method tar, which skips them" >&2; exit 1
      fi
      cp -a "$from/." "$into/"
      ;;
    *)
      echo "copy-code: unknown copy method $PHPOD_COPY_METHOD" >&2; exit 1
      ;;
  esac
  real=$(readlink -f "$from")
  sed -n 's/^L//p' "$scratch.scan" > "$scratch.links"
  resolved=0 dangling=0 kept=0
  while IFS= read -r line; do
    l=${line%%"$tab"*}
    case "$line" in
      *"$tab"/* | *"$tab"*..*) ;;
      *"$tab"?*) continue ;; # relative, without "..": inside the tree
    esac
    [ -L "$into/$l" ] || continue # under a folder that was skipped or already copied as a target
    t=$(cd "$from" && readlink -f "$l") || t=""
    case "$t" in
      "$real" | "$real"/*) continue ;;
    esac
    # Into a writable path: its volume is mounted at that path in nginx and php-fpm too.
    w=""
    for wp in ${PHPOD_WRITABLE_PATHS:-}; do
      case "$t" in "$wp" | "$wp"/*) w=$wp ;; esac
    done
    if [ -n "$w" ]; then kept=$((kept + 1)); continue; fi
    if [ -z "$t" ] || ! [ -e "$t" ]; then
      echo "copy-code: $from/${l#./} points nowhere ($(readlink "$into/$l")); kept as a link" >&2; dangling=$((dangling + 1)); continue
    fi
    rm "$into/$l"
    if [ -d "$t" ]; then
      mkdir "$into/$l" && (cd "$t" && tar -chf - .) | tar -xf - -C "$into/$l"
    else
      cp -p "$t" "$into/$l"
    fi
    resolved=$((resolved + 1))
  done < "$scratch.links"
  rm -f "$scratch.scan" "$scratch.skip" "$scratch.links"
  echo "copy-code: copied $from: $skipped unreadable entries skipped, $resolved links out of the tree copied as their targets, $kept links into writable paths kept, $dangling links pointing nowhere"
}

# Seeds of writable volumes: NAME:PATH, the volume mounted at /phpod-seed/NAME.
quiet_limit=10 # heartbeats of 2 s
for s in ${PHPOD_SEEDS:-}; do
  name=${s%%:*} from=${s#*:} v=/phpod-seed/$name
  claim="$v/.phpod-seeding"
  last=none quiet=0
  until mkdir "$claim" 2>/dev/null; do
    beat=$(cat "$claim/alive" 2>/dev/null || echo none)
    if [ "$beat" != "$last" ]; then
      [ "$last" != none ] || echo "copy-code: the $name volume is being seeded by another pod; waiting for it"
      last=$beat quiet=0
    else
      quiet=$((quiet + 1))
    fi
    if [ "$quiet" -lt "$quiet_limit" ]; then sleep 2; continue; fi
    # Its owner went quiet: set its claim aside (one waiter wins the rename) and claim the seed again.
    if mv "$claim" "$v/.phpod-stale.$$" 2>/dev/null; then
      echo "copy-code: a seed of the $name volume was cut off; it is done again"
    fi
    last=none quiet=0
  done
  (n=0; while :; do n=$((n + 1)); { echo "$n" > "$claim/alive.$$" && mv -f "$claim/alive.$$" "$claim/alive"; } 2>/dev/null || exit 0; sleep 2; done) &
  beating=$!
  release() { kill "$beating"; wait "$beating" 2>/dev/null || :; rm -rf "$claim"; }
  if [ -n "$(find "$v" -mindepth 1 -maxdepth 1 -name '.phpod-stale.*' | head -n 1)" ]; then
    # A seed was cut off: everything in the volume came from it (no pod ran the app on it).
    find "$v" -mindepth 1 -maxdepth 1 ! -name .phpod-seeding -exec rm -rf {} +
  fi
  if [ -n "$(find "$v" -mindepth 1 -maxdepth 1 ! -name .phpod-seeding | head -n 1)" ]; then
    release
    echo "copy-code: the $name volume holds data; not seeded from $from"; continue
  fi
  if ! [ -e "$from" ] && ! [ -L "$from" ]; then
    # A preset seeds its paths; an image without the folder simply starts with an empty volume.
    release
    echo "copy-code: the image has nothing at $from; the $name volume starts empty"; continue
  fi
  mkdir "$claim/tree"
  copy_tree "$from" "$claim/tree" "$claim/scratch"
  find "$claim/tree" -mindepth 1 -maxdepth 1 -exec mv {} "$v/" \;
  release
done

if [ -z "$src" ]; then
  # A pod that runs the code from its image (a worker, a schedule, the release step) needs only the seeds.
  exit 0
fi
if [ -f "$marker" ]; then
  echo "copy-code: $dst already holds a complete copy of $src"
  exit 0
fi
find "$dst" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
stage="$dst/.phpod-staging"
mkdir "$stage"
copy_tree "$src" "$stage" "$dst/.phpod-copy"
# Mount points of writable volumes nested in the copy: the runtime cannot create them in a
# read-only mount, so they are part of the copy.
for p in ${PHPOD_MOUNT_POINTS:-}; do mkdir -p "$stage/$p"; done
find "$stage" -mindepth 1 -maxdepth 1 -exec mv {} "$dst/" \;
rmdir "$stage"
echo ok > "$marker.tmp"
mv "$marker.tmp" "$marker"
echo "copy-code: $dst holds a complete copy of $src"
{{- end }}
