package dev.phpod.project;

import java.util.List;

/**
 * A command run on a schedule (Laravel's scheduler, Drupal's cron): a CronJob of the app image,
 * one run at a time (concurrencyPolicy Forbid).
 *
 * @param name            a DNS-1123 label; the CronJob is {@code <app>-<name>}
 * @param schedule        a cron expression (five fields, or @hourly, @daily ...), in the cluster's time zone
 * @param command         the command and its arguments, run as is (no shell)
 * @param deadlineSeconds how long one run may take before it is stopped
 */
public record Schedule(String name, String schedule, List<String> command, int deadlineSeconds) {

    public Schedule {
        command = List.copyOf(command);
    }

    public static final int DEFAULT_DEADLINE_SECONDS = 3600;

    /** The deadline is not the default. */
    public boolean ownDeadline() {
        return deadlineSeconds != DEFAULT_DEADLINE_SECONDS;
    }
}
