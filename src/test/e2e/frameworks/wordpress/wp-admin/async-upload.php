<?php
// Stands in for WordPress' media upload: the file lands in wp-content/uploads/<year>/<month>/.
$name = basename($_GET['name'] ?? 'upload.txt');
$dir = dirname(__DIR__) . '/wp-content/uploads/' . gmdate('Y/m');
if (!is_dir($dir) && !mkdir($dir, 0775, true)) {
    http_response_code(500);
    exit("cannot create $dir\n");
}
file_put_contents($dir . '/' . $name, file_get_contents('php://input'));
header('Content-Type: text/plain');
echo '/wp-content/uploads/' . gmdate('Y/m') . '/' . $name . "\n";
