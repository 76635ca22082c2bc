{{/*
The whole nginx.conf. It runs unprivileged on a read-only root filesystem: the pid file lives in the
shared /run/phpod volume, temp files in /tmp (an emptyDir), logs go to stdout/stderr.
*/}}
{{- define "phpod.nginxConf" -}}
{{- $docroot := include "phpod.docrootPath" . -}}
{{- $fcgi := .Values.nginx.fastcgi -}}
daemon off;
worker_processes {{ .Values.nginx.workerProcesses }};
pid /run/phpod/nginx.pid;
error_log stderr warn;
# Each connection may hold two descriptors (client, php-fpm) and the open-file cache up to 10,000.
worker_rlimit_nofile {{ add (mul 2 (int .Values.nginx.workerConnections)) 10064 }};
# A graceful stop (preStop) closes what is still open this long after the read timeout.
worker_shutdown_timeout {{ add (int $fcgi.readTimeoutSeconds) 5 }}s;

events {
    worker_connections {{ .Values.nginx.workerConnections }};
}

http {
    include {{ .Values.nginx.mimeTypesPath }};
    default_type application/octet-stream;

    access_log /dev/stdout;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout {{ .Values.nginx.keepaliveTimeoutSeconds }}s;
    client_max_body_size {{ .Values.nginx.clientMaxBodySize }};

    # Slow clients: the whole request header within this time, the body and the response with no
    # pause longer than these; a timed-out connection is reset, so its memory comes back at once.
    client_header_timeout {{ .Values.nginx.clientHeaderTimeoutSeconds }}s;
    client_body_timeout {{ .Values.nginx.clientBodyTimeoutSeconds }}s;
    send_timeout {{ .Values.nginx.sendTimeoutSeconds }}s;
    reset_timedout_connection on;

    # Bodies larger than the buffer go to /tmp on their way to PHP: at most maxConcurrentUploads at
    # once (429 beyond), so /tmp, sized for them, never passes its limit.
    client_body_buffer_size 16k;
    map "$content_length:$http_transfer_encoding" $phpod_body_on_disk {
        ":" "";
        "~^[0-9]{5,}:" 1;
        "~^:." 1;
        default "";
    }
    limit_conn_zone $phpod_body_on_disk zone=phpod_uploads:1m;
{{- with .Values.nginx.limits }}
{{- if .connectionsPerClient }}
    limit_conn_zone $binary_remote_addr zone=phpod_client:10m;
{{- end }}
{{- if .requestsPerSecondPerClient }}
    limit_req_zone $binary_remote_addr zone=phpod_rate:10m rate={{ .requestsPerSecondPerClient }}r/s;
{{- end }}
{{- end }}
    limit_conn_status 429;
    limit_req_status 429;

    client_body_temp_path /tmp/client_body;
    proxy_temp_path /tmp/proxy;
    fastcgi_temp_path /tmp/fastcgi;
    uwsgi_temp_path /tmp/uwsgi;
    scgi_temp_path /tmp/scgi;
{{- if .Values.nginx.openFileCache }}

    # The code is immutable for the life of the pod, so file metadata can be cached.
    open_file_cache max=10000 inactive=60s;
    open_file_cache_valid 60s;
    open_file_cache_min_uses 1;
    open_file_cache_errors on;
{{- end }}
{{- if .Values.nginx.gzip }}

    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_vary on;
    gzip_proxied any;
    gzip_types text/css text/plain text/xml application/javascript application/json application/xml image/svg+xml;
{{- end }}

    upstream php_fpm {
        server {{ if eq .Values.fastcgi.transport "unix" }}unix:{{ end }}{{ include "phpod.fastcgiAddress" . }};
{{- if $fcgi.keepConn }}
        keepalive {{ include "phpod.fastcgiKeepalive" . }};
{{- end }}
    }

    # Probe-only server. It takes no real-IP header: $remote_addr is the socket's peer, so only the
    # pod itself passes the 127.0.0.1 rule of the status page.
    server {
        listen {{ .Values.nginx.healthPort }};
        access_log off;
        default_type text/plain;
{{- if eq .Values.code.source "image" }}

        # The code is the app image itself, mounted before nginx starts: ready as soon as nginx answers.
        location = /healthz {
            return 200 "ok\n";
        }
{{- else }}

        # Ready only once the copy-code init container committed a complete copy.
        location = /healthz {
            root {{ include "phpod.copyTarget" . }};
            try_files /.phpod-copy-complete =503;
        }
{{- end }}
        location = {{ .Values.php.fpm.statusPath }} {
            allow 127.0.0.1;
            deny all;
            fastcgi_pass php_fpm;
            include /etc/phpod/nginx/fastcgi.params;
            fastcgi_param SCRIPT_NAME {{ .Values.php.fpm.statusPath }};
            fastcgi_param SCRIPT_FILENAME {{ .Values.php.fpm.statusPath }};
        }
        location / {
            return 404;
        }
    }
{{- if .Values.metrics.enabled }}
{{- $ports := list (int .Values.nginx.port) (int .Values.nginx.healthPort) -}}
{{- if eq .Values.fastcgi.transport "tcp" }}{{ $ports = append $ports (int .Values.fastcgi.port) }}{{ end -}}
{{- if has (int .Values.metrics.port) $ports -}}
{{- fail (printf "metrics.port %v is also nginx.port, nginx.healthPort or fastcgi.port: give the metrics server a port of its own" .Values.metrics.port) -}}
{{- end }}

    # Metrics-only server: php-fpm's pool status for Prometheus, on a port of its own (never the
    # app's server, never behind the Service). The query is fixed, so no client can ask for the
    # full status and its request URIs. php-fpm labels its counters with no _total suffix, which a
    # strict OpenMetrics parser refuses: the page is served as the Prometheus text format, which
    # reads them as they are.
    server {
        listen {{ .Values.metrics.port }};
        access_log off;
        default_type text/plain;

        location = {{ .Values.metrics.path }} {
            fastcgi_pass php_fpm;
            fastcgi_param REQUEST_METHOD GET;
            fastcgi_param SCRIPT_NAME {{ .Values.php.fpm.statusPath }};
            fastcgi_param SCRIPT_FILENAME {{ .Values.php.fpm.statusPath }};
            fastcgi_param QUERY_STRING openmetrics;
            fastcgi_read_timeout 10s;
            fastcgi_hide_header Content-Type;
            add_header Content-Type "text/plain; version=0.0.4; charset=utf-8" always;
        }
{{- if .Values.metrics.nginxStatus }}
        location = /nginx-status {
            stub_status;
        }
{{- end }}
        location / {
            return 404;
        }
    }
{{- end }}

    server {
        listen {{ .Values.nginx.port }} default_server{{ if .Values.nginx.reusePort }} reuseport{{ end }};
        server_name _;
        root {{ $docroot }};
        index {{ $fcgi.index }};
{{- with .Values.nginx.realIp.trustedProxies }}

        # The client address from trusted proxies' header (this server only, never the health server).
{{- range . }}
        set_real_ip_from {{ . }};
{{- end }}
        real_ip_header {{ $.Values.nginx.realIp.header }};
        real_ip_recursive on;
{{- end }}

{{- with .Values.nginx.limits }}
{{- if .connectionsPerClient }}
        limit_conn phpod_client {{ .connectionsPerClient }};
{{- end }}
{{- if .requestsPerSecondPerClient }}
        limit_req zone=phpod_rate burst={{ .requestBurst }} nodelay;
{{- end }}
{{- end }}

        # Never served: hidden files (.env, .git, .htaccess ...), also inside writable paths, and
        # editor, backup and source copies (index.php~, config.php.bak, x.php.orig, #x.php# ...).
        location ^~ /.well-known/ {
            location ~ ^/\.well-known/(.*/)?\. {
                deny all;
            }
            {{- include "phpod.denyCopies" . | nindent 12 }}
            try_files $uri =404;
        }
        location ~ /\. {
            deny all;
        }

        # This app's layout: its writable paths and denied paths (app-locations.conf, beside this file).
        include /etc/phpod/nginx/app-locations.conf;

        # PHP files that exist, also with a path after them (/doku.php/start runs doku.php with
        # PATH_INFO /start). Only a script that is a file reaches php-fpm (no PATH_INFO tricks on
        # uploads: those live under writable paths, whose locations above never pass PHP on).
        location ~ [^/]\.php(/|$) {
            fastcgi_split_path_info ^(.+?\.php)(/.*)$;
            set $phpod_path_info $fastcgi_path_info;
            try_files $fastcgi_script_name =404;
            # Only requests for PHP carry bodies nginx buffers (here, not on static files: the
            # map behind this key costs about 10 % of the static files' req/s).
            limit_conn phpod_uploads {{ .Values.nginx.maxConcurrentUploads }};
{{- if .Values.nginx.limits.connectionsPerClient }}
            # Repeated: a location that sets limit_conn does not inherit the server's.
            limit_conn phpod_client {{ .Values.nginx.limits.connectionsPerClient }};
{{- end }}
            fastcgi_pass php_fpm;
            fastcgi_index index.php;
            include /etc/phpod/nginx/fastcgi.params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_param SCRIPT_NAME $fastcgi_script_name;
            fastcgi_param PATH_INFO $phpod_path_info;
{{- range $k, $v := $fcgi.params }}
            fastcgi_param {{ $k }} {{ $v | quote }};
{{- end }}
            fastcgi_connect_timeout {{ $fcgi.connectTimeoutSeconds }}s;
            fastcgi_send_timeout {{ $fcgi.sendTimeoutSeconds }}s;
            fastcgi_read_timeout {{ $fcgi.readTimeoutSeconds }}s;
            fastcgi_buffering {{ ternary "on" "off" $fcgi.buffering }};
            fastcgi_buffer_size {{ $fcgi.bufferSize }};
            fastcgi_buffers {{ $fcgi.buffers }};
            fastcgi_busy_buffers_size {{ $fcgi.busyBuffersSize }};
            fastcgi_keep_conn {{ ternary "on" "off" $fcgi.keepConn }};
        }

        # Editor, backup and source copies (after the PHP location, which never matches them, so
        # that a PHP request is not matched against this longer pattern first).
        {{- include "phpod.denyCopies" . | nindent 8 }}
{{- if .Values.nginx.staticMaxAge }}

        location ~* \.({{ join "|" .Values.nginx.staticExtensions }})$ {
            expires {{ .Values.nginx.staticMaxAge }};
            add_header Cache-Control "public";
            access_log off;
            try_files $uri =404;
        }
{{- end }}

        location / {
            try_files $uri $uri/ {{ $fcgi.frontController }};
        }

{{- with .Values.nginx.serverSnippet }}

        # nginx.serverSnippet
{{ . | indent 8 }}
{{- end }}
    }
}
{{- end }}

{{/*
Editor, backup and source copies: a name with anything after ".php" (index.php~, config.php.bak,
x.php5, x.phps), one ending in "~" or in one of nginx.deniedExtensions, and Emacs' #name#.
*/}}
{{- define "phpod.denyCopies" -}}
location ~* "(\.php[^/]+|~|/#[^/]*#|\.({{ join "|" .Values.nginx.deniedExtensions }}))$" {
    deny all;
}
{{- end }}

{{/* The FastCGI parameters, written beside nginx.conf so the config does not depend on the image's copy. */}}
{{- define "phpod.fastcgiParams" -}}
fastcgi_param QUERY_STRING $query_string;
fastcgi_param REQUEST_METHOD $request_method;
fastcgi_param CONTENT_TYPE $content_type;
fastcgi_param CONTENT_LENGTH $content_length;
fastcgi_param REQUEST_URI $request_uri;
fastcgi_param DOCUMENT_URI $document_uri;
fastcgi_param DOCUMENT_ROOT $document_root;
fastcgi_param SERVER_PROTOCOL $server_protocol;
fastcgi_param REQUEST_SCHEME $scheme;
fastcgi_param HTTPS $https if_not_empty;
fastcgi_param GATEWAY_INTERFACE CGI/1.1;
fastcgi_param SERVER_SOFTWARE nginx;
fastcgi_param REMOTE_ADDR $remote_addr;
fastcgi_param REMOTE_PORT $remote_port;
fastcgi_param SERVER_ADDR $server_addr;
fastcgi_param SERVER_PORT $server_port;
fastcgi_param SERVER_NAME $server_name;
fastcgi_param HTTP_PROXY "";
{{- end }}

{{/*
The locations of the app's layout, a file of their own (app-locations.conf) so that phpod writes the
same file for the Kustomize base from phpod.yaml: each writable path nginx serves (below the docroot,
or at its urlPath) and each denied path.
*/}}
{{- define "phpod.appLocations" -}}
{{- $docroot := include "phpod.docrootPath" . -}}
{{- $claimed := dict "/.well-known" "the chart's /.well-known location" -}}
# The locations of this app's layout, included in nginx.conf's server before the PHP location:
# its writable paths (values: writablePaths) and the paths never served (nginx.deniedPaths).
{{- range .Values.writablePaths }}
{{- $rel := trimPrefix $docroot (clean .path) }}
{{- $url := "" }}
{{- if .urlPath }}
{{- $url = clean .urlPath }}
{{- else if and (hasPrefix (printf "%s/" $docroot) (clean .path)) $rel }}
{{- $url = $rel }}
{{- end }}
{{- if has $url $.Values.nginx.deniedPaths }}
{{- /* A writable path at a denied URL is written and never served: its denied location stands. */}}
{{- $url = "" }}
{{- end }}
{{- if $url }}
{{- if hasKey $claimed $url }}
{{- fail (printf "writablePaths %s: %s is also the URL of %s; nginx allows one location per path: give each writable and denied path its own URL" .name $url (get $claimed $url)) }}
{{- end }}
{{- $_ := set $claimed $url (printf "writablePaths %s" .name) }}

# Writable path {{ .name }}: static files only, PHP is never run from here. Its files change
# while the pod runs, so nginx does not cache their metadata (an upload answers at once).
{{- if .frontController }}
# A file that is missing goes to the front controller, which makes it (image styles, thumbnails).
{{- end }}
location ^~ {{ $url }}/ {
    open_file_cache off;
    location ~ /\. {
        deny all;
    }
    {{- include "phpod.denyCopies" $ | nindent 4 }}
    try_files $uri {{ ternary $.Values.nginx.fastcgi.frontController "=404" (.frontController | default false) }};
}
{{- end }}
{{- end }}
{{- if .Values.nginx.deniedPaths }}

# nginx.deniedPaths: what the app's .htaccess files protect under Apache.
{{- end }}
{{- range .Values.nginx.deniedPaths }}
{{- if hasKey $claimed . }}
{{- fail (printf "nginx.deniedPaths %s is also the URL of %s; nginx allows one location per path: give each writable and denied path its own URL" . (get $claimed .)) }}
{{- end }}
{{- $_ := set $claimed . "nginx.deniedPaths" }}
location = {{ . }} {
    deny all;
}
location ^~ {{ . }}/ {
    deny all;
}
{{- end }}
{{- end }}
