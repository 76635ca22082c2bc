<?php
// What 'bin/console cache:warmup --env=prod' does in an app's image build: the container compiled
// into var/cache/prod, which the pod gets through the seeded writable path var/.
require __DIR__ . '/../config/bootstrap.php';
$kernel = new App\Kernel('prod', false);
$kernel->boot();
touch($kernel->getCacheDir() . '/phpod-warmed-at-build');
echo "warmed " . $kernel->getCacheDir() . "\n";
