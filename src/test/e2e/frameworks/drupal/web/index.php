<?php
// Stands in for Drupal's front controller where the layout matters: clean URLs, and image styles
// made on the first request for them (Drupal's /sites/default/files/styles/{style}/public/{file}).
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (preg_match('#^/sites/default/files/styles/([a-z_]+)/public/([A-Za-z0-9_.-]+)$#', $path, $m)) {
    $source = __DIR__ . '/sites/default/files/' . $m[2];
    if (!is_file($source)) {
        http_response_code(404);
        exit("no source image\n");
    }
    $derivative = __DIR__ . '/sites/default/files/styles/' . $m[1] . '/public/' . $m[2];
    @mkdir(dirname($derivative), 0775, true);
    file_put_contents($derivative, $m[1] . ' of ' . file_get_contents($source));
    header('Content-Type: text/plain');
    header('X-Generated-By: drupal');
    readfile($derivative);
    exit;
}
header('Content-Type: text/plain');
echo 'drupal page ' . $path . "\n";
