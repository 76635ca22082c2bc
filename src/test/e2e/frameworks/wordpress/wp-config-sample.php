<?php
// Copied to wp-config.php by the installer.
