package dev.phpod.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks raw inputs (from flags or from the descriptor) and turns them into a {@link Project}.
 * Each problem is an {@link InputException} with one line that names the field and the fix.
 */
public final class ProjectValidator {

    /** Longest app name: leaves room for the names the chart and overlays derive from it. */
    public static final int MAX_NAME = 40;
    /** Longest environment name. */
    public static final int MAX_ENV = 20;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private ProjectValidator() {
    }

    /** The raw form of a project, as typed; null means "use the default". */
    public record Input(String name, String image, String codePath, String docroot, List<EnvInput> environments) {
    }

    /** The raw form of one environment; null fields take the defaults of its name. */
    public record EnvInput(String field, String name, String namespace, Integer replicas, Boolean autoscaling,
            Boolean networkPolicy, String size) {
        /** An environment known by name only: everything else takes the defaults. */
        public static EnvInput named(String field, String name) {
            return new EnvInput(field, name, null, null, null, null, null);
        }
    }

    public static Project validate(String phpodVersion, Input in, Fields f) {
        String name = name(f.name(), in.name());
        ImageRef image = ImageRef.parse(f.image(), in.image());
        String codePath = codePath(f.codePath(), in.codePath() == null ? "/var/www/html" : in.codePath());
        String docroot = docroot(f.docroot(), in.docroot() == null ? "public" : in.docroot());
        List<EnvInput> envs = in.environments();
        if (envs == null || envs.isEmpty()) {
            throw new InputException(f.environments() + ": no environment; name at least one, e.g. dev,staging,prod");
        }
        List<Environment> environments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (EnvInput e : envs) {
            Environment env = environment(name, e);
            if (!seen.add(env.name())) {
                throw new InputException(e.field() + ": environment '" + env.name() + "' is listed twice; name each environment once");
            }
            environments.add(env);
        }
        return new Project(phpodVersion, name, image, codePath, docroot, environments);
    }

    /** The field names to use in messages: flags for the command line, paths for the descriptor. */
    public record Fields(String name, String image, String codePath, String docroot, String environments) {
        public static final Fields FLAGS = new Fields("--name", "--image", "--code-path", "--docroot", "--env");
        public static final Fields DESCRIPTOR = new Fields("name", "image", "codePath", "docroot", "environments");
    }

    static String name(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InputException(field + ": missing; give the app name, a DNS-1123 label such as 'shop'");
        }
        if (name.length() > MAX_NAME) {
            throw new InputException(field + ": '" + Text.printable(name) + "' is " + name.length()
                    + " characters; use at most " + MAX_NAME + " so the derived names (<name>-<env>, <name>-nginx) stay within 63");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new InputException(field + ": '" + Text.printable(name)
                    + "' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return name;
    }

    static String codePath(String field, String path) {
        if (!path.startsWith("/")) {
            throw new InputException(field + ": '" + Text.printable(path) + "' is relative; give the absolute path of the code in the image, e.g. /var/www/html");
        }
        String clean = path.replaceAll("/+$", "");
        if (clean.isEmpty()) {
            throw new InputException(field + ": '/' would copy the whole image; give the folder that holds the code, e.g. /var/www/html");
        }
        for (String segment : clean.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !PATH_SEGMENT.matcher(segment).matches()) {
                throw new InputException(field + ": '" + Text.printable(path)
                        + "' is not a plain absolute path; use letters, digits, '.', '_' and '-' between single slashes, without '.' or '..' segments");
            }
        }
        return clean;
    }

    static String docroot(String field, String docroot) {
        if (docroot.startsWith("/")) {
            throw new InputException(field + ": '" + Text.printable(docroot) + "' is absolute; give it relative to --code-path, e.g. public (or . for the code path itself)");
        }
        String clean = docroot.replaceAll("/+$", "").replaceAll("^(\\./)+", "");
        if (clean.isEmpty() || clean.equals(".")) {
            return ".";
        }
        for (String segment : clean.split("/", -1)) {
            if (segment.equals("..")) {
                throw new InputException(field + ": '" + Text.printable(docroot) + "' escapes the code path; give a folder inside it, e.g. public");
            }
            if (segment.isEmpty() || segment.equals(".") || !PATH_SEGMENT.matcher(segment).matches()) {
                throw new InputException(field + ": '" + Text.printable(docroot)
                        + "' is not a plain relative path; use letters, digits, '.', '_' and '-' between single slashes, e.g. public");
            }
        }
        return clean;
    }

    static Environment environment(String project, EnvInput e) {
        String n = e.name();
        if (n == null || n.isEmpty()) {
            throw new InputException(e.field() + ": empty environment name; use names such as dev,staging,prod");
        }
        if (n.length() > MAX_ENV || !DNS_LABEL.matcher(n).matches()) {
            throw new InputException(e.field() + ": '" + Text.printable(n) + "' is not a valid environment name; use a DNS-1123 label of at most "
                    + MAX_ENV + " characters (lowercase letters, digits, '-'), e.g. staging");
        }
        Environment d = Environment.defaults(project, n);
        String namespace = e.namespace() == null ? d.namespace() : e.namespace();
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new InputException(e.field() + ".namespace: '" + Text.printable(namespace) + "' is not a valid namespace; use a DNS-1123 label of at most 63 characters");
        }
        int replicas = e.replicas() == null ? d.replicas() : e.replicas();
        if (replicas < 1 || replicas > 1000) {
            throw new InputException(e.field() + ".replicas: " + replicas + " is out of range; use a number from 1 to 1000");
        }
        Size size = d.size();
        if (e.size() != null) {
            size = java.util.Arrays.stream(Size.values()).filter(s -> s.id().equals(e.size())).findFirst()
                    .orElseThrow(() -> new InputException(e.field() + ".size: '" + Text.printable(e.size()) + "' is not a size; use small, medium or large"));
        }
        return new Environment(n, namespace, replicas,
                e.autoscaling() == null ? d.autoscaling() : e.autoscaling(),
                e.networkPolicy() == null ? d.networkPolicy() : e.networkPolicy(), size);
    }
}
