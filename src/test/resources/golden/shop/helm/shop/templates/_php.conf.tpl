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
; The container's PHPOD_FPM_MAX_CHILDREN (php.fpm.maxChildren, or what fits the memory limit).
pm.max_children = ${PHPOD_FPM_MAX_CHILDREN}
{{- if eq $fpm.pm "dynamic" }}
pm.start_servers = {{ $fpm.startServers }}
pm.min_spare_servers = {{ $fpm.minSpareServers }}
pm.max_spare_servers = {{ $fpm.maxSpareServers }}
{{- end }}
pm.max_requests = {{ $fpm.maxRequests }}
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

; The probes' own pool: one worker on its own socket that answers only the ping, so a php-fpm whose
; app workers are all busy is still seen alive and ready. It runs no script (no extension matches).
[phpod-probe]
listen = {{ include "phpod.probeSocket" . }}
listen.mode = 0600
pm = static
pm.max_children = 1
pm.max_requests = 0
ping.path = {{ $fpm.pingPath }}
ping.response = pong
request_terminate_timeout = 5s
catch_workers_output = yes
decorate_workers_output = no
security.limit_extensions = .phpod-probe-only
{{- end }}

{{/*
The php-fpm probe, run by the kubelet inside the php-fpm container (exec) with the image's PHP CLI:
one FastCGI request for the ping path on the probe pool's socket. Exit 0 on the ping response,
1 with one line on stderr otherwise. Arguments: socket, ping path, expected response.
*/}}
{{- define "phpod.fpmProbe" -}}
<?php
// phpod's php-fpm probe: a FastCGI ping on the probe pool's own socket (see php-fpm.conf).
[, $socket, $path, $expect] = $argv + [null, '/run/phpod/php-fpm-probe.sock', '/fpm-ping', 'pong'];

function fail(string $why): void
{
    global $socket;
    fwrite(STDERR, "php-fpm probe: $socket: $why\n");
    exit(1);
}

function record(int $type, string $content): string
{
    return pack('CCnnCx', 1, $type, 1, strlen($content), 0) . $content;
}

function pair(string $name, string $value): string
{
    $len = fn (string $s) => strlen($s) < 128 ? chr(strlen($s)) : pack('N', strlen($s) | 0x80000000);
    return $len($name) . $len($value) . $name . $value;
}

function read_exactly($conn, int $n): string
{
    $data = '';
    while (strlen($data) < $n) {
        $chunk = fread($conn, $n - strlen($data));
        if ($chunk === false || $chunk === '') {
            fail(stream_get_meta_data($conn)['timed_out'] ? 'no answer within 10 s' : 'connection closed before the answer');
        }
        $data .= $chunk;
    }
    return $data;
}

$conn = @stream_socket_client('unix://' . $socket, $errno, $error, 10);
if ($conn === false) {
    fail("cannot connect: $error");
}
stream_set_timeout($conn, 10);
$params = pair('SCRIPT_NAME', $path) . pair('SCRIPT_FILENAME', $path) . pair('REQUEST_URI', $path)
    . pair('REQUEST_METHOD', 'GET') . pair('QUERY_STRING', '');
fwrite($conn, record(1, pack('nCx5', 1, 0)) . record(4, $params) . record(4, '') . record(5, ''));
$out = '';
while (true) {
    $h = unpack('Cversion/Ctype/nid/nlength/Cpadding/x', read_exactly($conn, 8));
    $content = $h['length'] > 0 ? read_exactly($conn, $h['length']) : '';
    if ($h['padding'] > 0) {
        read_exactly($conn, $h['padding']);
    }
    if ($h['type'] === 6) {
        $out .= $content;
    } elseif ($h['type'] === 3) {
        break;
    }
}
$body = substr($out, (int) strpos($out, "\r\n\r\n") + 4);
if (trim($body) !== $expect) {
    fail('unexpected answer: ' . substr(trim($out), 0, 200));
}
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
{{- with .Values.php.sessions.path }}
; Sessions on a writable volume (the image's folder is on the read-only root), collected by PHP itself.
session.save_path = "{{ . }}"
session.gc_probability = 1
session.gc_divisor = 100
{{- end }}
{{- range $k, $v := $ini.extra }}
{{ $k }} = {{ $v }}
{{- end }}
{{- end }}
