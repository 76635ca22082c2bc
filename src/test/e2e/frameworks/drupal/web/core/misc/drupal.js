Drupal.behaviors = {};
