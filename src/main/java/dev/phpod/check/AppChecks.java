package dev.phpod.check;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The rules about the app around the web pod: where its release step, scheduler, workers and data
 * run. They look at every pod that runs the app's PHP code, workers included, and read the pod
 * counts of the input (replicas, HorizontalPodAutoscalers, KEDA ScaledObjects).
 */
final class AppChecks {
    private AppChecks() {
    }

    static void run(PodView p, Inventory inventory, List<Finding> out) {
        Optional<String> many = inventory.manyPods(p.workload);
        many.ifPresent(why -> migrationPerPod(p, why, out));
        if (p.isPhpPod()) {
            schedulerInWebPod(p, many, out);
        }
        many.ifPresent(why -> dataOnEmptyDir(p, why, out));
        workerGrace(p, out);
        setupCannotFail(p, out);
    }

    // --- setup-cannot-fail -----------------------------------------------------------------------

    private static final Pattern SHELL = Pattern.compile("(.*/)?(sh|bash|ash|dash|zsh)");
    private static final Pattern ERREXIT = Pattern.compile("(^|[\\s;&|(])set\\s+(-[a-zA-Z]*e[a-zA-Z]*\\b|-o\\s+errexit\\b|[-a-zA-Z\\s]*-o\\s+errexit)");
    private static final Pattern CONTROL = Pattern.compile("(^|[\\s;&|(])(if|then|for|while|until|case|do|function|select)(\\s|$)|\\(\\)\\s*\\{|<<|\\{\\s");
    /** Steps whose failure changes nothing worth stopping for: output, shell settings, waiting. */
    private static final Pattern TRIVIAL = Pattern.compile("(echo|printf|set|export|unset|true|:|sleep|date|env|printenv|ls|pwd|whoami|id|exit|wait|trap|umask|readonly|local|mkdir\\s+-p)(\\s.*)?|[A-Za-z_][A-Za-z0-9_]*=\\S*");

    /**
     * The first step of a {@code sh -c} script whose failure the shell ignores: a step followed by
     * another, not guarded by {@code ||}, in a script without errexit; empty when the container is no
     * such shell, or its script has control structures this reading leaves alone.
     */
    static Optional<String> unguardedStep(Container c) {
        List<String> argv = new java.util.ArrayList<>();
        if (c.getCommand() != null) {
            argv.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
            argv.addAll(c.getArgs());
        }
        if (argv.contains(null)) {
            return Optional.empty();
        }
        if (argv.size() < 3 || !SHELL.matcher(argv.get(0).strip()).matches()) {
            return Optional.empty();
        }
        int i = 1;
        boolean errexit = false;
        String script = null;
        for (; i < argv.size(); i++) {
            String a = argv.get(i).strip();
            if (a.equals("-o") && i + 1 < argv.size()) {
                errexit |= argv.get(++i).strip().equals("errexit");
                continue;
            }
            if (!a.matches("-[a-zA-Z]+")) {
                return Optional.empty();
            }
            errexit |= a.contains("e");
            if (a.contains("c")) {
                script = i + 1 < argv.size() ? argv.get(i + 1) : null;
                break;
            }
        }
        if (script == null || errexit || ERREXIT.matcher(script).find() || CONTROL.matcher(script).find()) {
            return Optional.empty();
        }
        List<String> steps = steps(script.replace("\\\n", " "));
        for (int s = 0; s + 1 < steps.size(); s++) {
            String step = steps.get(s);
            if (!step.contains("||") && !TRIVIAL.matcher(step).matches()) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    /** The script's steps: split at ';' and new lines outside quotes and parentheses, comments and blanks left out. */
    static List<String> steps(String script) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder b = new StringBuilder();
        char quote = 0;
        int depth = 0;
        boolean comment = false;
        for (int k = 0; k < script.length(); k++) {
            char ch = script.charAt(k);
            if (comment) {
                if (ch == '\n') {
                    comment = false;
                } else {
                    continue;
                }
            }
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && k + 1 < script.length()) {
                    b.append(ch);
                    ch = script.charAt(++k);
                }
                b.append(ch);
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                b.append(ch);
            } else if (ch == '#' && (b.isEmpty() || Character.isWhitespace(b.charAt(b.length() - 1)))) {
                comment = true;
            } else if (ch == '(') {
                depth++;
                b.append(ch);
            } else if (ch == ')') {
                depth = Math.max(0, depth - 1);
                b.append(ch);
            } else if ((ch == ';' || ch == '\n') && depth == 0) {
                add(out, b);
            } else {
                b.append(ch);
            }
        }
        add(out, b);
        return out;
    }

    private static void add(List<String> out, StringBuilder b) {
        String step = b.toString().strip();
        // A step ending in && or || goes on on the next line: it is one step with it.
        if (!out.isEmpty() && (out.get(out.size() - 1).endsWith("&&") || out.get(out.size() - 1).endsWith("||") || out.get(out.size() - 1).endsWith("|"))) {
            if (!step.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + step);
            }
        } else if (!step.isEmpty()) {
            out.add(step);
        }
        b.setLength(0);
    }

    private static void setupCannotFail(PodView p, List<Finding> out) {
        // Only where PHP runs: an nginx pod without its configuration in the input may be any static site.
        if (p.phpFpm.isEmpty() && p.all.stream().noneMatch(PodView::runsPhpCli)) {
            return;
        }
        List<Container> setup = new java.util.ArrayList<>(p.inits);
        if (p.workload.kind().equals("Job")) {
            setup.addAll(p.containers);
        }
        List<String> names = new java.util.ArrayList<>();
        String first = null;
        for (Container c : setup) {
            Optional<String> step = unguardedStep(c);
            if (step.isPresent()) {
                names.add(c.getName());
                first = first == null ? (p.inits.contains(c) ? "init container " : "container ") + c.getName() + "'s '" + shorten(step.get()) + "'" : first;
            }
        }
        if (names.isEmpty()) {
            return;
        }
        out.add(new Finding(Rule.SETUP_CANNOT_FAIL, p.workload, names,
                (names.size() == 1 ? first : "the setup scripts of " + String.join(", ", names) + " (first: " + first + ")")
                        + " is followed by more steps in a shell without set -e: if it fails the script goes on and exits with the last step's status, so "
                        + (p.workload.kind().equals("Job") ? "the Job (and the release waiting on it) succeeds" : "the pod starts") + " on a half-done setup",
                "start the script with set -e (or run sh -ec), or join the steps with &&, so the first failure fails the container"));
    }

    private static String shorten(String step) {
        String one = step.replaceAll("\\s+", " ");
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }

    // --- migration-per-pod -----------------------------------------------------------------------

    /** The release steps of the common frameworks: schema migrations and the updates that go with them. */
    static final Pattern MIGRATION = Pattern.compile("(?i)\\bartisan\\s+migrate(?!:(status|rollback|reset|install))\\b|doctrine:migrations:migrate|\\bd:m:m\\b"
            + "|doctrine:schema:update|\\bdrush\\s+(deploy|updb|updatedb|cim|config:import|config-import)\\b|\\bsetup:upgrade\\b|\\bwp\\s+core\\s+update-db\\b"
            + "|\\byii\\s+migrate(?![/:]?(history|new|create))\\b|\\bmigrations\\s+migrate\\b|\\bcraft\\s+(up|migrate(/all|/up)?)\\b|\\bphinx\\s+migrate\\b"
            + "|database:updateschema|\\bmigration:migrate\\b");

    private static void migrationPerPod(PodView p, String many, List<Finding> out) {
        for (Container c : p.all) {
            Matcher m = MIGRATION.matcher(PodView.script(c));
            String where = p.inits.contains(c) ? "init container " + c.getName() : "container " + c.getName() + "'s command";
            if (!m.find()) {
                // A postStart hook runs as each container starts, as its command does.
                m = MIGRATION.matcher(PodView.postStart(c));
                where = "container " + c.getName() + "'s postStart hook";
                if (!m.find()) {
                    continue;
                }
            }
            out.add(new Finding(Rule.MIGRATION_PER_POD, p.workload, c.getName(),
                    where + " runs '" + m.group() + "' as each pod starts, and " + many
                            + ": every new pod of a rollout migrates at once (concurrent migrations lock or fail), a scale-up migrates again, and old pods serve while the schema changes under them",
                    "run the migration once per release, before the new pods start: a Job as a Helm pre-install,pre-upgrade hook, or applied before the rollout (phpod: release: command)"));
            return;
        }
    }

    // --- scheduler-in-web-pod --------------------------------------------------------------------

    /** A scheduler: Laravel's, cron daemons, and the framework cron runners a loop calls. */
    // A daemon is a word of its own, also as one step of a script (cron; / cron && …).
    static final Pattern SCHEDULER = Pattern.compile("(?i)\\bschedule:(work|run)\\b|(^|[\\s/;&|(])(crond?|cron\\.sh|supercronic|go-crond|yacron)(\\s|$|[;&|)])|\\bcron:run\\b"
            + "|\\bdrush\\s+(core:)?cron\\b|\\bwp\\s+cron\\s+event\\s+run\\b|wp-cron\\.php|\\bmessenger:consume\\s+[^;&|]*\\bscheduler_\\w+");

    private static void schedulerInWebPod(PodView p, Optional<String> many, List<Finding> out) {
        for (Container c : p.containers) {
            Matcher m = SCHEDULER.matcher(PodView.script(c));
            String where = "";
            if (!m.find()) {
                // A postStart hook that starts a daemon runs it for the container's life, as its command would.
                m = SCHEDULER.matcher(PodView.postStart(c));
                where = " from its postStart hook";
                if (!m.find()) {
                    continue;
                }
            }
            String runs = m.group().strip();
            out.add(new Finding(Rule.SCHEDULER_IN_WEB_POD, p.workload, c.getName(),
                    "container " + c.getName() + " runs the scheduler ('" + runs + "')" + where + " inside the web pod"
                            + many.map(w -> ", and " + w + ": each pod runs every task, so each runs that many times").orElse("")
                            + "; old and new pods both run it during a rollout, and a rollout or scale-down kills a task mid-run",
                    "run each schedule as a CronJob with concurrencyPolicy: Forbid (phpod: schedules:), or a looping scheduler as its own Deployment of one replica"));
        }
    }

    // --- data-on-emptydir ------------------------------------------------------------------------

    /** Folders that hold what users upload: media libraries, attachments, a framework's public disk. */
    private static final Pattern DATA = Pattern.compile("(?i).*/(uploads?|media|files|images|attachments|documents|userfiles|user-files|moodledata|filestore|filedir)"
            + "|.*/storage/app(/public)?|.*/public/storage");

    private static void dataOnEmptyDir(PodView p, String many, List<Finding> out) {
        for (Container c : p.containers) {
            for (VolumeMount m : PodView.mounts(c)) {
                String path = m.getMountPath() == null ? "" : m.getMountPath().replaceAll("/+$", "");
                if (!Boolean.TRUE.equals(m.getReadOnly()) && p.isEmptyDir(m.getName()) && DATA.matcher(path).matches()) {
                    out.add(new Finding(Rule.DATA_ON_EMPTYDIR, p.workload, c.getName(),
                            "container " + c.getName() + " writes " + path + " on emptyDir '" + m.getName() + "', and " + many
                                    + ": a file uploaded through one pod is missing on the others, and every file is lost at the next rollout",
                            "mount a PersistentVolumeClaim there, ReadWriteMany, shared by every pod (phpod: persistent: true on the writable path), or keep uploads in object storage"));
                    return;
                }
            }
        }
    }

    // --- worker-grace-shorter-than-job -----------------------------------------------------------

    /** Laravel's queue worker and its per-job time limit (60 s when not given). */
    private static final Pattern WORKER = Pattern.compile("\\bqueue:(work|listen)\\b");
    private static final Pattern TIMEOUT = Pattern.compile("--timeout(?:=|\\s+)(\\d+)");
    static final int LARAVEL_TIMEOUT = 60;
    static final int KUBERNETES_GRACE = 30;

    private static void workerGrace(PodView p, List<Finding> out) {
        Long set = p.workload.pod().getTerminationGracePeriodSeconds();
        long grace = set == null ? KUBERNETES_GRACE : set;
        for (Container c : p.containers) {
            String script = PodView.script(c);
            Matcher worker = WORKER.matcher(script);
            if (!worker.find()) {
                continue;
            }
            Matcher t = TIMEOUT.matcher(script);
            boolean given = t.find();
            int timeout = !given ? LARAVEL_TIMEOUT : t.group(1).length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(t.group(1));
            String graceSaid = set == null ? "the default grace period of " + KUBERNETES_GRACE + " s" : "terminationGracePeriodSeconds " + grace;
            if (timeout == 0 || grace <= timeout) {
                String limit = timeout == 0 ? "--timeout=0 lets a job run without limit"
                        : "a job may run " + timeout + " s (" + (given ? "--timeout=" + timeout : "queue:" + worker.group(1) + "'s default --timeout") + ")";
                out.add(new Finding(Rule.WORKER_GRACE_SHORTER_THAN_JOB, p.workload, c.getName(),
                        "container " + c.getName() + " runs a queue worker; " + limit + ", but " + graceSaid
                                + " ends it sooner: on a rollout or scale-down the worker finishes its job after SIGTERM, then is killed mid-job and the job runs again (or fails)",
                        "set terminationGracePeriodSeconds above the job time limit, e.g. " + (timeout == 0 ? "give --timeout and " : "")
                                + "--timeout + 15 (phpod sizes it so for processes:)"));
            }
        }
    }
}
