{{/*
The copy step. The init container copies the code from its own image into the shared volume:
into a staging folder first, then moves the entries into place (renames inside one filesystem)
and writes the completion marker last. The marker is the commit point: a restarted init container
that finds it does nothing; one that does not starts again from an empty volume. nginx and php-fpm
start only after the init container succeeded, and nginx's readiness requires the marker, so no
container ever serves an empty, half-copied or mixed tree.
*/}}
{{- define "phpod.copyScript" -}}
set -eu
src="$PHPOD_COPY_SOURCE"
dst=/phpod-copy
marker="$dst/.phpod-copy-complete"
if [ -f "$marker" ]; then
  echo "copy-code: $dst already holds a complete copy of $src"
  exit 0
fi
find "$dst" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
stage="$dst/.phpod-staging"
mkdir "$stage"
case "$PHPOD_COPY_METHOD" in
  tar)
    (cd "$src" && tar -cf - . || : > "$dst/.phpod-copy-failed") | tar -xf - -C "$stage"
    if [ -e "$dst/.phpod-copy-failed" ]; then echo "copy-code: cannot read $src" >&2; exit 1; fi
    ;;
  cp)
    cp -a "$src/." "$stage/"
    ;;
  *)
    echo "copy-code: unknown copy method $PHPOD_COPY_METHOD" >&2; exit 1
    ;;
esac
# Mount points of writable volumes nested in the copy: the runtime cannot create them in a
# read-only mount, so they are part of the copy.
for p in ${PHPOD_MOUNT_POINTS:-}; do mkdir -p "$stage/$p"; done
find "$stage" -mindepth 1 -maxdepth 1 -exec mv {} "$dst/" \;
rmdir "$stage"
echo ok > "$marker.tmp"
mv "$marker.tmp" "$marker"
echo "copy-code: copied $src"
{{- end }}
