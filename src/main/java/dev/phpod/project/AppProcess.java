package dev.phpod.project;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running command of the app (a queue worker, a message consumer): a Deployment of the app
 * image without nginx, with php-fpm's PHP settings, security context and writable paths.
 *
 * @param name        a DNS-1123 label; the Deployment is {@code <app>-<name>}
 * @param command     the command and its arguments, run as is (no shell)
 * @param replicas    how many run (0 stops them)
 * @param stopSeconds the grace period of a stop: how long the process may take to finish its job
 *                    after SIGTERM before it is killed
 */
public record AppProcess(String name, List<String> command, int replicas, int stopSeconds) {

    public AppProcess {
        command = List.copyOf(command);
    }

    /** The grace period is not the one the command implies. */
    public boolean ownStopSeconds() {
        return stopSeconds != stopSecondsFor(command);
    }

    /** Laravel's queue:work stops a job after --timeout seconds (60 by default). */
    private static final Pattern TIMEOUT = Pattern.compile("--timeout(?:=|\\s+)(\\d{1,6})");
    static final int DEFAULT_JOB_SECONDS = 60;
    /** Time past the job's own limit for the worker to report it and exit. */
    static final int STOP_MARGIN_SECONDS = 15;

    /**
     * The grace period a stop gives: the job's own time limit from the command (Laravel's
     * {@code --timeout}, 60 s by default), plus a margin to report it and exit.
     */
    public static int stopSecondsFor(List<String> command) {
        Matcher m = TIMEOUT.matcher(String.join(" ", command));
        int job = m.find() ? Integer.parseInt(m.group(1)) : DEFAULT_JOB_SECONDS;
        return job + STOP_MARGIN_SECONDS;
    }
}
