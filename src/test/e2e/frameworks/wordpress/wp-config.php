<?php
define("DB_NAME", "SOURCE-LEAK");
