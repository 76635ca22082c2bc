<?php
// Debian's Symfony packages in place of Composer's vendor/autoload.php, and the app's own classes.
require '/usr/share/php/Symfony/Bundle/FrameworkBundle/autoload.php';
spl_autoload_register(function (string $class): void {
    if (str_starts_with($class, 'App\\')) {
        require __DIR__ . '/../src/' . str_replace('\\', '/', substr($class, 4)) . '.php';
    }
});
