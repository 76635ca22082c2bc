package dev.phpod.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands detection adds, one row per piece of evidence: a small tree that shows the feature
 * (the command is added, naming the file) beside one that does not (nothing is added).
 */
class CommandEvidenceTest {

    @TempDir
    Path tmp;

    static final String LARAVEL = "{\"require\": {\"laravel/framework\": \"^11.0\"}}";
    static final String QUEUED_JOB = "<?php\nnamespace App\\Jobs;\nuse Illuminate\\Contracts\\Queue\\ShouldQueue;\n"
            + "class SendInvoice implements ShouldQueue\n{\n    use Queueable;\n}\n";
    static final String MESSENGER = """
            framework:
                messenger:
                    failure_transport: failed
                    transports:
                        async:
                            dsn: '%env(MESSENGER_TRANSPORT_DSN)%'
                        failed: 'doctrine://default?queue_name=failed'
                        sync: 'sync://'
                    routing:
                        Symfony\\Component\\Mailer\\Messenger\\SendEmailMessage: async
                        App\\Message\\Report: [async, sync]
                        App\\Message\\Ping: sync
            when@test:
                framework:
                    messenger:
                        transports:
                            async: 'in-memory://'
            """;

    static Stream<Arguments> rows() {
        return Stream.of(
                // Laravel: migrations
                row("laravel migrations", "added release step: php artisan migrate --force (database/migrations/ holds 2 migrations)",
                        "composer.json", LARAVEL, "database/migrations/2024_01_01_000000_create_users_table.php", "<?php",
                        "database/migrations/2024_01_02_000000_create_jobs_table.php", "<?php"),
                row("laravel without migrations", "none", "composer.json", LARAVEL, "database/migrations/.gitkeep", ""),
                // Laravel: a queued job on a queue that needs a worker
                row("laravel queued job", "added process queue: php artisan queue:work --tries=3 --max-time=3600 (app/Jobs/SendInvoice.php is queued"
                        + " (implements ShouldQueue), on the redis connection (QUEUE_CONNECTION in .env.example))",
                        "composer.json", LARAVEL, "app/Jobs/SendInvoice.php", QUEUED_JOB, ".env.example", "APP_NAME=x\nQUEUE_CONNECTION=redis\n"),
                row("laravel queued listener, connection from config", "added process queue: php artisan queue:work --tries=3 --max-time=3600"
                        + " (app/Listeners/Notify.php is queued (implements ShouldQueue), on the database connection (the default of config/queue.php))",
                        "composer.json", LARAVEL, "app/Listeners/Notify.php", "<?php\nclass Notify implements ShouldQueue {}\n",
                        "config/queue.php", "<?php\nreturn [\n    // 'default' => 'sync',\n    'default' => env('QUEUE_CONNECTION', 'database'),\n];\n"),
                row("laravel job on the sync connection", "none", "composer.json", LARAVEL, "app/Jobs/SendInvoice.php", QUEUED_JOB,
                        ".env.example", "QUEUE_CONNECTION=sync\n", "config/queue.php", "<?php return ['default' => env('QUEUE_CONNECTION', 'redis')];"),
                row("laravel job, no connection said", "none", "composer.json", LARAVEL, "app/Jobs/SendInvoice.php", QUEUED_JOB),
                row("laravel job run at once", "none", "composer.json", LARAVEL, "app/Jobs/Resize.php",
                        "<?php\nclass Resize\n{\n    use Dispatchable;\n}\n", ".env.example", "QUEUE_CONNECTION=redis\n"),
                row("laravel horizon", "added process queue: php artisan horizon (composer.json requires laravel/horizon)",
                        "composer.json", "{\"require\": {\"laravel/framework\": \"^11.0\", \"laravel/horizon\": \"^5.0\"}}"),
                // Laravel: the scheduler
                row("laravel console kernel", "added schedule scheduler (* * * * *): php artisan schedule:run (app/Console/Kernel.php schedules commands)",
                        "composer.json", LARAVEL, "app/Console/Kernel.php",
                        "<?php\nclass Kernel\n{\n    protected function schedule(Schedule $schedule)\n    {\n        $schedule->command('report')->daily();\n    }\n}\n"),
                row("laravel kernel as shipped (commented out)", "none", "composer.json", LARAVEL, "app/Console/Kernel.php",
                        "<?php\nclass Kernel\n{\n    protected function schedule(Schedule $schedule)\n    {\n        // $schedule->command('inspire')->hourly();\n    }\n}\n"),
                row("laravel routes/console.php", "added schedule scheduler (* * * * *): php artisan schedule:run (routes/console.php schedules commands (Schedule::))",
                        "composer.json", LARAVEL, "routes/console.php", "<?php\nuse Illuminate\\Support\\Facades\\Schedule;\nSchedule::command('report')->daily();\n"),
                row("laravel routes/console.php without a schedule", "none", "composer.json", LARAVEL, "routes/console.php",
                        "<?php\nArtisan::command('inspire', fn () => $this->comment('x'))->purpose('Display an inspiring quote');\n"),
                row("laravel withSchedule", "added schedule scheduler (* * * * *): php artisan schedule:run (bootstrap/app.php schedules commands (withSchedule))",
                        "composer.json", LARAVEL, "bootstrap/app.php", "<?php\nreturn Application::configure()->withSchedule(function ($s) {\n})->create();\n"),
                row("october's migrations are its own", "none", "composer.json", "{\"require\": {\"october/rain\": \"^3.0\"}}",
                        "database/migrations/2024_01_01_create.php", "<?php"),
                // Symfony
                row("symfony messenger", "added process messenger: php bin/console messenger:consume async --time-limit=3600"
                        + " (config/packages/messenger.yaml routes messages to async)", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"symfony/messenger\": \"7.1.*\"}}", "bin/console", "",
                        "config/packages/messenger.yaml", MESSENGER),
                row("symfony messenger, nothing routed", "none", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"symfony/messenger\": \"7.1.*\"}}", "config/packages/messenger.yaml",
                        "framework:\n    messenger:\n        transports:\n            async: '%env(MESSENGER_TRANSPORT_DSN)%'\n        # routing:\n"
                                + "        #     'App\\Message\\YourMessage': async\n"),
                row("symfony messenger config without the package", "none", "composer.json", "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\"}}",
                        "config/packages/messenger.yaml", MESSENGER),
                row("symfony doctrine migrations", "added release step: php bin/console doctrine:migrations:migrate --no-interaction --allow-no-migration"
                        + " (migrations/ holds 1 migration)", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"doctrine/doctrine-migrations-bundle\": \"^3.3\"}}",
                        "migrations/Version20240101000000.php", "<?php"),
                row("symfony doctrine migrations elsewhere", "added release step: php bin/console doctrine:migrations:migrate --no-interaction"
                        + " --allow-no-migration (src/Migrations/ holds 1 migration)", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"doctrine/doctrine-migrations-bundle\": \"^3.3\"}}",
                        "config/packages/doctrine_migrations.yaml", "doctrine_migrations:\n    migrations_paths:\n        'App\\Migrations': '%kernel.project_dir%/src/Migrations'\n",
                        "src/Migrations/Version20240101000000.php", "<?php"),
                row("symfony without migrations", "none", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"doctrine/doctrine-migrations-bundle\": \"^3.3\"}}", "migrations/.gitignore", ""),
                row("symfony scheduler", "added process scheduler: php bin/console messenger:consume scheduler_default scheduler_reports"
                        + " (src/Scheduler/MainSchedule.php defines the schedule default, reports)", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"symfony/scheduler\": \"7.1.*\"}}",
                        "src/Scheduler/MainSchedule.php", "<?php\n#[AsSchedule]\nclass MainSchedule implements ScheduleProviderInterface {}\n",
                        "src/Task/Report.php", "<?php\n#[AsCronTask('0 3 * * *', schedule: 'reports')]\nclass Report {}\n"),
                row("symfony scheduler without a schedule", "none", "composer.json",
                        "{\"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"symfony/scheduler\": \"7.1.*\"}}", "src/Kernel.php",
                        "<?php\n// #[AsSchedule]\nclass Kernel {}\n"),
                // Drupal
                row("drupal with drush", "added schedule cron (0 * * * *): vendor/bin/drush cron (composer.json requires drush/drush)"
                        + " | added release step: vendor/bin/drush deploy (composer.json requires drush/drush)", "composer.json",
                        "{\"require\": {\"drupal/core-recommended\": \"^10\", \"drush/drush\": \"^13\"}}"),
                row("drupal with its own bin-dir", "added schedule cron (0 * * * *): bin/drush cron (composer.json requires drush/drush)"
                        + " | added release step: bin/drush deploy (composer.json requires drush/drush)", "composer.json",
                        "{\"require\": {\"drupal/core-recommended\": \"^10\", \"drush/drush\": \"^13\"}, \"config\": {\"bin-dir\": \"bin/\"}}"),
                row("drupal without drush", "none", "composer.json", "{\"require\": {\"drupal/core-recommended\": \"^10\"},"
                        + " \"require-dev\": {\"drush/drush\": \"^13\"}}"),
                // WordPress
                row("wordpress with its cron off", "added schedule cron (*/5 * * * *): php wp-cron.php (wp-config.php sets DISABLE_WP_CRON to true)",
                        "wp-load.php", "<?php", "wp-cron.php", "<?php", "wp-config.php", "<?php\ndefine( 'DISABLE_WP_CRON', true );\n"),
                row("wordpress in a folder, wp-config.php above it", "added schedule cron (*/5 * * * *): php wordpress/wp-cron.php"
                        + " (wp-config.php sets DISABLE_WP_CRON to true)", "wordpress/wp-load.php", "<?php", "wordpress/wp-cron.php", "<?php",
                        "wp-config.php", "<?php\ndefine('DISABLE_WP_CRON', TRUE);\n"),
                row("wordpress with its cron on", "none", "wp-load.php", "<?php", "wp-cron.php", "<?php", "wp-config.php",
                        "<?php\n// define('DISABLE_WP_CRON', true);\ndefine('DISABLE_WP_CRON', false);\n"),
                // Magento
                row("magento", "added schedule cron (* * * * *): php bin/magento cron:run --bootstrap=standaloneProcessStarted=1"
                        + " (bin/magento is in the tree; Magento needs its cron) | added release step: php bin/magento setup:upgrade --keep-generated"
                        + " (bin/magento is in the tree)", "bin/magento", "#!/usr/bin/env php", "app/etc/di.xml", "<config/>"),
                // CakePHP, Yii 2, Craft
                row("cakephp migrations", "added release step: php bin/cake.php migrations migrate (config/Migrations/ holds 1 migration,"
                        + " composer.json requires cakephp/migrations)", "composer.json",
                        "{\"require\": {\"cakephp/cakephp\": \"^5.0\", \"cakephp/migrations\": \"^4.0\"}}", "config/Migrations/20240101000000_Init.php", "<?php"),
                row("cakephp migrations without the plugin", "none", "composer.json", "{\"require\": {\"cakephp/cakephp\": \"^5.0\"}}",
                        "config/Migrations/20240101000000_Init.php", "<?php"),
                row("yii2 migrations", "added release step: php yii migrate --interactive=0 (migrations/ holds 1 migration)", "composer.json",
                        "{\"require\": {\"yiisoft/yii2\": \"~2.0.49\"}}", "yii", "<?php", "migrations/m240101_000000_init.php", "<?php"),
                row("yii2 without migrations", "none", "composer.json", "{\"require\": {\"yiisoft/yii2\": \"~2.0.49\"}}", "yii", "<?php"),
                row("craft", "added process queue: php craft queue/listen (config/general.php sets runQueueAutomatically to false)"
                        + " | added release step: php craft up --interactive=0 (craft is in the tree: Craft's migrations and project config)",
                        "composer.json", "{\"require\": {\"craftcms/cms\": \"^5.0\"}}", "craft", "#!/usr/bin/env php",
                        "config/general.php", "<?php\nreturn GeneralConfig::create()\n    ->runQueueAutomatically(false);\n"),
                row("craft without its craft script", "none", "composer.json", "{\"require\": {\"craftcms/cms\": \"^5.0\"}}"),
                // An app known by a file
                row("moodle", "added schedule cron (* * * * *): php admin/cli/cron.php (admin/cli/cron.php is in the tree: Moodle's cron)"
                        + " | added release step: php admin/cli/upgrade.php --non-interactive (admin/cli/upgrade.php is in the tree: Moodle's upgrade)",
                        "index.php", "<?php", "config-dist.php", "<?php", "admin/cli/cron.php", "<?php", "admin/cli/upgrade.php", "<?php"),
                row("an app of no framework", "none", "index.php", "<?php", "database/migrations/1.php", "<?php", "bin/console", ""),
                row("slim", "none", "composer.json", "{\"require\": {\"slim/slim\": \"^4\"}}", "public/index.php", "<?php", "migrations/1.php", "<?php"));
    }

    private static Arguments row(String name, String expected, String... files) {
        return Arguments.of(name, expected, files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void addsACommandOnlyWhereTheTreeShowsItsUse(String name, String expected, String[] files) throws IOException {
        Path root = dev.phpod.support.Projects.tree(tmp.resolve("app"), files);
        assertEquals(expected, DetectionCorpusTest.commands(Detection.in(root)), name);
    }

    /**
     * The e2e suite's framework projects (FrameworkPresetsE2EIT) show no worker, schedule or
     * migration: init adds none, so their deployments stay the web pod alone.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "laravel", "symfony", "drupal", "wordpress" })
    void theE2eFrameworkProjectsAddNoCommand(String framework) {
        assertEquals("none", DetectionCorpusTest.commands(Detection.in(Path.of("src/test/e2e/frameworks", framework))));
    }

    /** The e2e shop (LaravelCommandsE2EIT) shows all three, and the e2e test runs what is found here. */
    @org.junit.jupiter.api.Test
    void theE2eShopAddsItsWorkerSchedulerAndMigrations() {
        String found = DetectionCorpusTest.commands(Detection.in(Path.of("src/test/e2e/frameworks/shop")));
        assertTrue(found.contains("php artisan queue:work --tries=3 --max-time=3600"), found);
        assertTrue(found.contains("php artisan schedule:run"), found);
        assertTrue(found.contains("php artisan migrate --force"), found);
    }
}
