<?php
// Debian's Laravel packages in place of Composer's vendor/autoload.php, and the app's own classes.
require '/usr/share/php/Illuminate/autoload.php';
spl_autoload_register(function (string $class): void {
    if (str_starts_with($class, 'App\\')) {
        require __DIR__ . '/../app/' . str_replace('\\', '/', substr($class, 4)) . '.php';
    }
});
