#!/usr/bin/env bash
# Builds the images the e2e tests run, from Debian packages, without any registry:
#   localhost/phpod-e2e-app:<hash>        php8.2-fpm + the sample app (app/) at /var/www/html
#   localhost/phpod-e2e-nginx:<hash>      nginx
#   localhost/phpod-e2e-frameworks:<hash> php8.2-fpm and php8.2-mysql, Debian's Laravel and Symfony
#                                         packages, and one small app per framework preset (frameworks/)
#                                         at /srv/<preset>, the Laravel shop at /srv/shop
#   localhost/phpod-e2e-db:<hash>         MariaDB (Debian's mariadb-server), the shop's database server:
#                                         phpod-e2e-db starts it with database, user and password 'shop'
# debootstrap runs on a tmpfs (this machine's root file system is slow for many small files), the
# tree is imported with podman import. <hash> covers this script and app/ (frameworks/), so
# unchanged images are reused. Nothing sits at the paths where the pod mounts its volumes
# (/var/www/html/public in nginx, /var/www/html/public/uploads, /run/phpod, /etc/phpod): podman
# fills a named volume from the image, an emptyDir never is. Needs root.
#
# stdout carries the result only, one NAME=VALUE line each, whatever the tools it runs print
# (they write to stderr): app=REF, nginx=REF, frameworks=REF, db=REF, and built=NAMES (the images built
# from nothing in this run, space-separated, possibly none).
#   build-images.sh --scratch   builds every image from nothing into a throwaway tag
#                               (<hash>-scratch-<pid>), whatever is cached; the caller removes them.
set -euo pipefail
exec 3>&1 1>&2 # fd 3 is the result; every other line, ours or a tool's, goes to stderr
here=$(cd "$(dirname "$0")" && pwd)
suffix=""
case "${1:-}" in
  "") ;;
  --scratch) suffix=-scratch-$$ ;;
  *) echo "build-images: unknown argument $1 (only --scratch)"; exit 2 ;;
esac
hash=$( (cat "$0"; cd "$here/app" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12)
frameworks_hash=$( (cat "$0"; cd "$here/frameworks" && find . \( -type f -o -type l \) | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12)
APP=localhost/phpod-e2e-app:$hash$suffix
NGINX=localhost/phpod-e2e-nginx:$hash$suffix
FRAMEWORKS=localhost/phpod-e2e-frameworks:$frameworks_hash$suffix
DB=localhost/phpod-e2e-db:$hash$suffix
built=()
PATHS='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

# shellcheck source=../../../scripts/lib/debian-mirror.sh
. "$here/../../../scripts/lib/debian-mirror.sh"

build() { # name image packages customize-function
  local name=$1 image=$2 packages=$3 customize=$4
  if podman image exists "$image"; then
    echo "build-images: $image is up to date"
    return
  fi
  local work
  work=$(mktemp -d)
  mount -t tmpfs -o size=3G tmpfs "$work"
  trap "umount '$work' 2>/dev/null || true; rmdir '$work' 2>/dev/null || true" RETURN
  echo "build-images: debootstrap $name ($packages)"
  debootstrap --variant=minbase --include="$packages" bookworm "$work/root" "$(debian_mirror)" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }
  chroot "$work/root" apt-get clean
  rm -rf "$work/root/var/lib/apt/lists"/* "$work/root/var/cache/apt"/*.bin
  "$customize" "$work/root"
  tar -C "$work/root" -c . | podman import --change "$PATHS" - "$image" >/dev/null
  built+=("$name")
  echo "build-images: built $image"
}

customize_app() {
  local root=$1
  rm -rf "$root/var/www"
  mkdir -p "$root/var/www"
  cp -a "$here/app" "$root/var/www/html"
  # Git cannot hold a folder named .git, so the dot-file the tests must never see is made here.
  mkdir -p "$root/var/www/html/public/.git"
  printf '[core]\n\trepositoryformatversion = 0\n' > "$root/var/www/html/public/.git/config"
  # Editor, backup and source copies that must never be served (their names are awkward in Git).
  local pub="$root/var/www/html/public"
  for f in 'index.php~' config.php.bak index.php.orig index.php.old index.php.save config.php.dist '#index.php#' \
           .index.php.swp config.inc index.php5 settings.php.BAK; do
    printf '<?php $secret = "SOURCE-LEAK"; // %s\n' "$f" > "$pub/$f"
  done
  # Patterns of real apps: a link to a folder outside the code tree (Debian's packaged JavaScript),
  # a link that points nowhere, a folder only root can read, a data folder the app needs at start,
  # and a folder Apache would hide with .htaccess.
  mkdir -p "$root/usr/share/phpod-e2e/js"
  echo 'var lib = 1;' > "$root/usr/share/phpod-e2e/js/lib.js"
  ln -s /usr/share/phpod-e2e/js "$pub/vendor-js"
  ln -s /usr/share/phpod-e2e/gone.js "$pub/gone.js"
  mkdir -p "$pub/private" "$root/var/www/html/data" "$pub/conf"
  echo 'root only' > "$pub/private/secret.txt"
  echo 'from the image' > "$root/var/www/html/data/seed.txt"
  echo 'SECRET=conf' > "$pub/conf/settings.txt"
  chown -R root:root "$root/var/www/html"
  chmod -R a+rX "$root/var/www/html"
  chmod 700 "$pub/private"
  # The pod mounts a writable volume here: it must not exist in the image.
  rm -rf "$root/var/www/html/public/uploads"
}

customize_frameworks() {
  local root=$1
  rm -rf "$root/var/www"
  mkdir -p "$root/srv"
  cp -a "$here/frameworks/." "$root/srv/"
  # What the apps' builds do in their Dockerfiles: Laravel's 'php artisan storage:link' (an absolute
  # link into storage/, a writable path), Symfony's cache warmed into var/ (a seeded writable path).
  ln -s /srv/laravel/storage/app/public "$root/srv/laravel/public/storage"
  chroot "$root" php8.2 /srv/symfony/bin/warmup.php
  chown -R root:root "$root/srv"
  chmod -R a+rX "$root/srv"
  # Writable paths the pod mounts without a seed must not exist in the image (podman would fill them).
  rm -rf "$root/srv/wordpress/wp-content/uploads"
}

customize_db() {
  local root=$1
  mkdir -p "$root/etc/phpod-e2e"
  cat > "$root/etc/phpod-e2e/init.sql" <<'SQL'
CREATE DATABASE IF NOT EXISTS shop;
CREATE USER IF NOT EXISTS 'shop'@'%' IDENTIFIED BY 'shop';
GRANT ALL ON shop.* TO 'shop'@'%';
SQL
  cat > "$root/usr/local/bin/phpod-e2e-db" <<'SH'
#!/bin/sh
# MariaDB in the foreground, reachable from other containers, with the shop's database and user.
set -e
[ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --skip-test-db >/dev/null
mkdir -p /run/mysqld
chown mysql:mysql /run/mysqld
exec mariadbd --user=mysql --bind-address=0.0.0.0 --skip-name-resolve --init-file=/etc/phpod-e2e/init.sql
SH
  chmod 755 "$root/usr/local/bin/phpod-e2e-db"
}

customize_nginx() {
  local root=$1
  # The pod mounts the code volume under /var/www/html: keep the path absent.
  rm -rf "$root/var/www"
}

command -v debootstrap >/dev/null || { echo "build-images: debootstrap is missing; run scripts/install-test-tools.sh"; exit 1; }
build app "$APP" php8.2-fpm customize_app
build nginx "$NGINX" nginx-light customize_nginx
build frameworks "$FRAMEWORKS" php8.2-fpm,php8.2-mysql,php-laravel-framework,php-symfony-framework-bundle customize_frameworks
build db "$DB" mariadb-server customize_db
printf 'app=%s\nnginx=%s\nframeworks=%s\ndb=%s\nbuilt=%s\n' "$APP" "$NGINX" "$FRAMEWORKS" "$DB" "${built[*]}" >&3
