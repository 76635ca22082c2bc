<?php
$wp_version = "6.6-layout";
