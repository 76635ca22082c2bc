<?php return array (
);
