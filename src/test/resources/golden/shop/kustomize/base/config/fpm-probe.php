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
