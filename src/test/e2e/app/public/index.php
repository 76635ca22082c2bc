<?php
// Front controller of the e2e sample app: routes a few paths.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
header('X-Sample-App: 1');
switch (true) {
    case $path === '/' || $path === '/index.php':
        echo "hello from php\n";
        break;
    case $path === '/facts':
        header('Content-Type: application/json');
        $opcache = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
        echo json_encode([
            'sapi' => PHP_SAPI,
            'uid' => function_exists('posix_getuid') ? posix_getuid() : (int) trim(shell_exec('id -u') ?? '-1'),
            'opcache' => is_array($opcache) && !empty($opcache['opcache_enabled']),
            'validate_timestamps' => ini_get('opcache.validate_timestamps'),
            'post_max_size' => ini_get('post_max_size'),
            'upload_max_filesize' => ini_get('upload_max_filesize'),
            'script' => $_SERVER['SCRIPT_FILENAME'],
            'remote_addr' => $_SERVER['REMOTE_ADDR'],
        ]) . "\n";
        break;
    case str_starts_with($path, '/pretty/'):
        echo 'route ' . substr($path, strlen('/pretty/')) . "\n";
        break;
    case $path === '/size':
        // The body as PHP received it: raw (php://input) or as an uploaded file.
        $raw = strlen(file_get_contents('php://input'));
        $file = isset($_FILES['f']) ? $_FILES['f']['size'] : -1;
        echo "raw $raw file $file error " . ($_FILES['f']['error'] ?? -1) . "\n";
        break;
    case $path === '/upload':
        $name = basename($_FILES['f']['name'] ?? 'none');
        $dir = __DIR__ . '/uploads';
        if (!move_uploaded_file($_FILES['f']['tmp_name'] ?? '', "$dir/$name")) {
            http_response_code(500);
            echo "upload failed\n";
            break;
        }
        echo "stored /uploads/$name\n";
        break;
    case $path === '/log':
        error_log('sample-app: a line for the logs');
        echo "logged\n";
        break;
    case $path === '/slow':
        // Marks itself as in flight (the shutdown test waits for these), then takes 2 s.
        $mark = sys_get_temp_dir() . '/inflight-' . getmypid() . '-' . uniqid();
        touch($mark);
        sleep(2);
        unlink($mark);
        echo "slow done\n";
        break;
    case $path === '/session':
        // A counter in the session: 1, 2, 3 ... for one client.
        session_start();
        $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
        echo 'session ' . $_SESSION['n'] . "\n";
        break;
    case $path === '/seeded':
        // The data folder, seeded from the image, written by the app.
        $file = dirname(__DIR__) . '/data/visits.txt';
        $seed = @file_get_contents(dirname(__DIR__) . '/data/seed.txt');
        file_put_contents($file, "visit\n", FILE_APPEND);
        echo 'seed ' . trim((string) $seed) . ' visits ' . count(file($file)) . "\n";
        break;
    case $path === '/burn':
        // Keeps a worker busy on the CPU for ?ms= milliseconds of wall time (at most 30 s).
        $end = microtime(true) + max(0, min(30000, (int) ($_GET['ms'] ?? 100))) / 1000;
        $x = 0;
        while (microtime(true) < $end) {
            for ($i = 0; $i < 10000; $i++) {
                $x += $i % 7;
            }
        }
        echo "burnt $x\n";
        break;
    case $path === '/sleep':
        // Holds a worker for ?s= seconds (at most 30): the saturation tests fill the pool with these.
        sleep(max(0, min(30, (int) ($_GET['s'] ?? 1))));
        echo "slept\n";
        break;
    default:
        http_response_code(404);
        echo "no route $path\n";
}
