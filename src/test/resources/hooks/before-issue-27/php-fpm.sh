wait_while() { n=$(($1 * 5)); shift; while [ $n -gt 0 ] && "$@"; do sleep 0.2; n=$((n - 1)); done; }
unmarked() { [ $(($(date +%s) - $(cat /run/phpod/nginx-stopping 2>/dev/null || echo 0))) -gt 5 ]; }
wait_while 2 unmarked
if ! unmarked; then wait_while 70 test -e /run/phpod/nginx.pid; fi
kill -QUIT 1
wait_while 35 kill -0 1
