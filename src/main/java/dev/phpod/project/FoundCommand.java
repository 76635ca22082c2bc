package dev.phpod.project;

import java.util.List;

/**
 * A command the source tree shows the app runs besides serving (a queue worker, a scheduler, its
 * migrations), with what showed it. {@code phpod init --source} writes it into phpod.yaml and says so.
 *
 * @param kind     a process, a schedule or the release step
 * @param name     the process's or schedule's name; "release" for the release step
 * @param schedule a schedule's cron expression, else null
 * @param command  the program and its arguments, relative to the code path
 * @param evidence the files (relative to the source tree) that show the app uses it
 */
public record FoundCommand(Kind kind, String name, String schedule, List<String> command, String evidence) {

    public enum Kind { PROCESS, SCHEDULE, RELEASE }

    public FoundCommand {
        command = List.copyOf(command);
    }

    static FoundCommand process(String name, String evidence, String... command) {
        return new FoundCommand(Kind.PROCESS, name, null, List.of(command), evidence);
    }

    static FoundCommand schedule(String name, String schedule, String evidence, String... command) {
        return new FoundCommand(Kind.SCHEDULE, name, schedule, List.of(command), evidence);
    }

    static FoundCommand release(String evidence, String... command) {
        return new FoundCommand(Kind.RELEASE, "release", null, List.of(command), evidence);
    }

    /** One line for the user: what was added to phpod.yaml, and why. */
    public String note() {
        String what = switch (kind) {
            case PROCESS -> "process " + name;
            case SCHEDULE -> "schedule " + name + " (" + schedule + ")";
            case RELEASE -> "release step";
        };
        return "added " + what + ": " + String.join(" ", command) + " (" + evidence + ")";
    }
}
