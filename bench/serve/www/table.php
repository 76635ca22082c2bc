<?php
// A page that renders a 200-row HTML table.
$rows = [];
for ($i = 1; $i <= 200; $i++) {
    $rows[] = ['id' => $i, 'name' => "Item $i", 'price' => number_format($i * 1.25, 2), 'stock' => ($i * 7) % 100];
}
?><!doctype html>
<html><head><title>Table</title><link rel="stylesheet" href="/style.css"></head><body>
<table>
<tr><th>#</th><th>Name</th><th>Price</th><th>Stock</th></tr>
<?php foreach ($rows as $r): ?>
<tr><td><?= $r['id'] ?></td><td><?= htmlspecialchars($r['name']) ?></td><td><?= $r['price'] ?></td><td><?= $r['stock'] ?></td></tr>
<?php endforeach; ?>
</table>
</body></html>
