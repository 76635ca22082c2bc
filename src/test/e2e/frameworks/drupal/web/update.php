<?php
header('Content-Type: text/plain');
echo "update.php ran\n";
