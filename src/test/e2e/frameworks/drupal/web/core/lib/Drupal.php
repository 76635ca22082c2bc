<?php
class Drupal { const VERSION = "10.3.0-layout"; }
