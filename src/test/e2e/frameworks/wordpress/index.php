<?php
// Stands in for WordPress' front controller where the layout matters: pretty permalinks reach it.
header('Content-Type: text/plain');
echo 'wordpress page ' . parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) . "\n";
