<?php
// A script with a path after it (/info.php/a/b): the path arrives as PATH_INFO.
header('Content-Type: text/plain');
echo 'script=' . $_SERVER['SCRIPT_NAME'] . ' path_info=' . ($_SERVER['PATH_INFO'] ?? '') . "\n";
