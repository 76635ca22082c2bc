wait_while() { n=$(($1 * 5)); shift; while [ $n -gt 0 ] && "$@"; do sleep 0.2; n=$((n - 1)); done; }
date +%s > /run/phpod/nginx-stopping
sleep 0
nginx -c /etc/phpod/nginx/nginx.conf -e stderr -s quit
wait_while 70 test -e /run/phpod/nginx.pid
