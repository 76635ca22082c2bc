{{/*
The whole php-fpm configuration (global section and one pool), so it does not depend on the image's
own files (their pid and log paths are not writable on a read-only root filesystem).
*/}}
{{- define "phpod.fpmConf" -}}
{{- $fpm := .Values.php.fpm -}}
[global]
error_log = /proc/self/fd/2
log_limit = 8192
daemonize = no
process_control_timeout = {{ $fpm.processControlTimeoutSeconds }}s

[app]
{{- if eq .Values.fastcgi.transport "unix" }}
listen = /run/phpod/php-fpm.sock
listen.mode = 0660
{{- else }}
listen = 127.0.0.1:{{ .Values.fastcgi.port }}
{{- end }}
pm = {{ $fpm.pm }}
pm.max_children = {{ $fpm.maxChildren }}
{{- if eq $fpm.pm "dynamic" }}
pm.start_servers = {{ $fpm.startServers }}
pm.min_spare_servers = {{ $fpm.minSpareServers }}
pm.max_spare_servers = {{ $fpm.maxSpareServers }}
{{- end }}
pm.max_requests = {{ $fpm.maxRequests }}
ping.path = {{ $fpm.pingPath }}
ping.response = pong
pm.status_path = {{ $fpm.statusPath }}
request_terminate_timeout = {{ .Values.nginx.fastcgi.readTimeoutSeconds }}s
{{- if $fpm.accessLog }}
access.log = /proc/self/fd/2
access.format = "%R - %u %t \"%m %{REQUEST_URI}e\" %s %{mili}dms %{kilo}Mk"
{{- end }}
catch_workers_output = yes
decorate_workers_output = no
clear_env = no
security.limit_extensions = .php
{{- with $fpm.extraPoolConfig }}
; php.fpm.extraPoolConfig
{{ . }}
{{- end }}
{{- end }}

{{/* php.ini overrides, read after the image's own ini files (PHP_INI_SCAN_DIR). */}}
{{- define "phpod.phpIni" -}}
{{- $ini := .Values.php.ini -}}
; The code is immutable for the life of the pod: OPcache never re-checks file timestamps.
opcache.enable = 1
opcache.validate_timestamps = 0
opcache.memory_consumption = {{ $ini.opcacheMemory }}
opcache.max_accelerated_files = {{ $ini.opcacheMaxFiles }}
opcache.interned_strings_buffer = 16
memory_limit = {{ $ini.memoryLimit }}
max_execution_time = {{ $ini.maxExecutionTime }}
expose_php = Off
display_errors = Off
log_errors = On
error_log = /proc/self/fd/2
; Kept in step with nginx.clientMaxBodySize.
upload_max_filesize = {{ include "phpod.phpSize" . }}
post_max_size = {{ include "phpod.phpSize" . }}
{{- range $k, $v := $ini.extra }}
{{ $k }} = {{ $v }}
{{- end }}
{{- end }}
