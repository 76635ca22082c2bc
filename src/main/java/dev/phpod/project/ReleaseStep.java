package dev.phpod.project;

import java.util.List;

/**
 * The command run once per release before the new pods take traffic (database migrations): a
 * Job of the app image, a Helm pre-install/pre-upgrade hook, a Kustomize Job applied first.
 *
 * @param command         the command and its arguments, run as is (no shell)
 * @param deadlineSeconds how long it may take before the release fails
 */
public record ReleaseStep(List<String> command, int deadlineSeconds) {

    public ReleaseStep {
        command = List.copyOf(command);
    }

    public static final int DEFAULT_DEADLINE_SECONDS = 600;

    /** The deadline is not the default. */
    public boolean ownDeadline() {
        return deadlineSeconds != DEFAULT_DEADLINE_SECONDS;
    }
}
