package dev.phpod.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parts of an nginx configuration that the checks read: a directive tree (comments, quotes,
 * blocks), FastCGI targets through upstreams, {@code root}s, and which location a request path
 * lands in (exact, longest prefix, {@code ^~}, then regular expressions in order, as nginx does).
 */
public final class NginxConfig {

    /** One directive: its name, its arguments, and its block (empty without one). */
    public record Directive(String name, List<String> args, List<Directive> block) {
        String arg(int i) {
            return i < args.size() ? args.get(i) : "";
        }
    }

    private final List<Directive> top;

    private NginxConfig(List<Directive> top) {
        this.top = top;
    }

    /** Parses several snippets (the files of the ConfigMaps one container mounts) as one configuration. */
    public static NginxConfig parse(List<String> texts) {
        List<Directive> all = new ArrayList<>();
        for (String t : texts) {
            all.addAll(new Parser(t).block(false));
        }
        return new NginxConfig(all);
    }

    private static final Pattern NGINX_LIKE = Pattern.compile(
            "(?m)^\\s*(server|http|location|upstream|events)\\b[^\\n;]*\\{|^\\s*(fastcgi_pass|worker_processes)\\s");

    /** Whether a text reads like nginx configuration rather than php-fpm's or php.ini. */
    public static boolean looksLikeNginx(String text) {
        return NGINX_LIKE.matcher(text).find();
    }

    private List<Directive> all() {
        List<Directive> out = new ArrayList<>();
        collect(top, out);
        return out;
    }

    private static void collect(List<Directive> ds, List<Directive> out) {
        for (Directive d : ds) {
            out.add(d);
            collect(d.block(), out);
        }
    }

    /** worker_processes as a number; empty for {@code auto} or when unset (nginx's default is 1). */
    public OptionalInt workerProcesses() {
        for (Directive d : all()) {
            if (d.name().equals("worker_processes")) {
                try {
                    return OptionalInt.of(Integer.parseInt(d.arg(0)));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.of(1);
    }

    public boolean keepsFastcgiConnections() {
        return all().stream().anyMatch(d -> d.name().equals("fastcgi_keep_conn") && d.arg(0).equals("on"));
    }

    /** The arguments of every fastcgi_pass, as written (an upstream name, an address, a variable). */
    public List<String> fastcgiPasses() {
        return all().stream().filter(d -> d.name().equals("fastcgi_pass")).map(d -> d.arg(0)).distinct().toList();
    }

    /** An upstream block by name. */
    public Optional<Directive> upstream(String name) {
        return all().stream().filter(d -> d.name().equals("upstream") && d.arg(0).equals(name)).findFirst();
    }

    /** The addresses FastCGI requests go to: upstream servers resolved, {@code unix:} kept. */
    public List<String> fastcgiAddresses() {
        List<String> out = new ArrayList<>();
        for (String pass : fastcgiPasses()) {
            Optional<Directive> up = upstream(pass);
            if (up.isPresent()) {
                up.get().block().stream().filter(d -> d.name().equals("server")).map(d -> d.arg(0)).forEach(out::add);
            } else if (!pass.startsWith("$")) {
                out.add(pass);
            }
        }
        return out.stream().distinct().toList();
    }

    /** keepalive of the upstream a fastcgi_pass names, if any. */
    public OptionalInt fastcgiUpstreamKeepalive() {
        for (String pass : fastcgiPasses()) {
            Optional<Directive> up = upstream(pass);
            if (up.isPresent()) {
                for (Directive d : up.get().block()) {
                    if (d.name().equals("keepalive")) {
                        try {
                            return OptionalInt.of(Integer.parseInt(d.arg(0)));
                        } catch (NumberFormatException e) {
                            return OptionalInt.empty();
                        }
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Every {@code root} path (variables left out). */
    public List<String> roots() {
        return all().stream().filter(d -> d.name().equals("root") && !d.arg(0).contains("$")).map(d -> d.arg(0)).distinct().toList();
    }

    /** Whether php-fpm is told to run {@code $document_root} (or {@code $realpath_root}) plus the script name. */
    public boolean scriptFilenameFromRoot() {
        return all().stream().anyMatch(d -> d.name().equals("fastcgi_param") && d.arg(0).equals("SCRIPT_FILENAME")
                && d.arg(1).matches("\\$(document_root|realpath_root).*"));
    }

    /**
     * The roots set only inside other locations of a server whose FastCGI location has none, nor its
     * server or http block: that location runs on nginx's compiled-in default root ({@code html}
     * under its prefix), so a SCRIPT_FILENAME built from {@code $document_root} names a path php-fpm
     * does not have. Empty when every FastCGI location has a root.
     */
    public List<String> rootsBesideARootlessFastcgiLocation() {
        List<String> out = new ArrayList<>();
        boolean httpRoot = top.stream().anyMatch(d -> d.name().equals("root"));
        for (Directive h : top) {
            if (h.name().equals("http") && h.block().stream().anyMatch(d -> d.name().equals("root"))) {
                httpRoot = true;
            }
        }
        if (httpRoot) {
            return out;
        }
        List<Directive> servers = new ArrayList<>();
        for (Directive d : top) {
            if (d.name().equals("server")) {
                servers.add(d);
            } else if (d.name().equals("http")) {
                d.block().stream().filter(x -> x.name().equals("server")).forEach(servers::add);
            }
        }
        for (Directive server : servers) {
            if (server.block().stream().anyMatch(d -> d.name().equals("root"))) {
                continue;
            }
            List<Directive> locations = server.block().stream().filter(d -> d.name().equals("location")).toList();
            boolean rootless = locations.stream().anyMatch(l -> l.block().stream().anyMatch(x -> x.name().equals("fastcgi_pass"))
                    && l.block().stream().noneMatch(x -> x.name().equals("root") || x.name().equals("alias"))
                    && l.block().stream().anyMatch(x -> x.name().equals("fastcgi_param") && x.args().size() > 1 && x.arg(0).equals("SCRIPT_FILENAME")
                            && x.arg(1).matches("\\$(document_root|realpath_root).*")));
            if (!rootless) {
                continue;
            }
            for (Directive l : locations) {
                l.block().stream().filter(x -> x.name().equals("root") && !x.arg(0).contains("$")).map(x -> x.arg(0)).forEach(out::add);
            }
        }
        return out.stream().distinct().toList();
    }

    /**
     * The {@code root}s (literal paths) of the servers that pass to FastCGI where a request for
     * {@code /} needs files under the root, so nginx answers 404 (or 403) without them: the location
     * of {@code /} serves files or tries them with no PHP fallback, or falls back to a script that the
     * PHP location itself checks ({@code try_files $uri =404}). A server whose {@code /} ends at
     * php-fpm whatever the disk holds (an API) is left out: only its static files would be missing.
     */
    public List<String> rootsNeededForIndex() {
        List<String> out = new ArrayList<>();
        rootsNeeded(top, null, out);
        return out.stream().distinct().toList();
    }

    private void rootsNeeded(List<Directive> block, String inherited, List<String> out) {
        String root = inherited;
        for (Directive d : block) {
            if (d.name().equals("root")) {
                root = d.arg(0);
            }
        }
        for (Directive d : block) {
            if (d.name().equals("http")) {
                rootsNeeded(d.block(), root, out);
            } else if (d.name().equals("server")) {
                List<Directive> inner = new ArrayList<>();
                collect(d.block(), inner);
                if (inner.stream().noneMatch(x -> x.name().equals("fastcgi_pass"))) {
                    continue;
                }
                String serverRoot = root;
                for (Directive x : d.block()) {
                    if (x.name().equals("root")) {
                        serverRoot = x.arg(0);
                    }
                }
                Directive loc = locationFor(d.block(), "/");
                String locRoot = loc == null ? null : loc.block().stream().filter(x -> x.name().equals("root")).map(x -> x.arg(0)).findFirst().orElse(null);
                String used = locRoot != null ? locRoot : serverRoot;
                if (used != null && !used.contains("$") && indexNeedsFiles(d.block(), loc)) {
                    out.add(used);
                }
            }
        }
    }

    private boolean indexNeedsFiles(List<Directive> server, Directive loc) {
        if (loc == null) {
            return true;
        }
        if (loc.block().stream().anyMatch(x -> x.name().equals("fastcgi_pass") || x.name().equals("return") || x.name().equals("proxy_pass")
                || x.name().equals("rewrite") || x.name().equals("if"))) {
            return false;
        }
        Optional<Directive> tf = loc.block().stream().filter(x -> x.name().equals("try_files")).findFirst();
        if (tf.isEmpty()) {
            return true;
        }
        String last = tf.get().args().isEmpty() ? "" : tf.get().args().get(tf.get().args().size() - 1);
        if (last.startsWith("@")) {
            return false;
        }
        if (!last.contains(".php")) {
            return true;
        }
        Directive php = locationFor(server, last.replaceAll("[?$].*", ""));
        return php != null && php.block().stream().anyMatch(x -> x.name().equals("try_files") && x.args().size() >= 2
                && x.args().get(x.args().size() - 1).matches("=40[34]") && x.args().get(0).matches("\\$(uri|fastcgi_script_name)"));
    }

    /**
     * Whether a request for {@code path} on a server listening on {@code port} reaches php-fpm: the
     * location nginx picks passes it to FastCGI, or its try_files falls back to a PHP script.
     * Empty when no server listens on that port.
     */
    public Optional<Boolean> reachesPhp(String path, int port) {
        for (Directive http : all()) {
            // A server block has no arguments; an upstream's server lines have an address.
            if (!http.name().equals("server") || !http.args().isEmpty()) {
                continue;
            }
            // A server without listen listens on *:80 (nginx's default when it starts as root).
            boolean none = http.block().stream().noneMatch(d -> d.name().equals("listen"));
            boolean listens = none ? port == 80 : http.block().stream().filter(d -> d.name().equals("listen"))
                    .anyMatch(d -> d.arg(0).replaceAll(".*:", "").replaceAll("\\D.*", "").equals(String.valueOf(port)));
            if (!listens) {
                continue;
            }
            Directive loc = locationFor(http.block(), path);
            if (loc == null) {
                return Optional.of(false);
            }
            return Optional.of(passesToPhp(loc, 0));
        }
        return Optional.empty();
    }

    private boolean passesToPhp(Directive loc, int depth) {
        for (Directive d : loc.block()) {
            if (d.name().equals("fastcgi_pass")) {
                return true;
            }
            if (d.name().equals("try_files") && !d.args().isEmpty()) {
                String last = d.args().get(d.args().size() - 1);
                if (last.contains(".php")) {
                    return true;
                }
                if (last.startsWith("@") && depth < 4) {
                    return namedLocations().stream()
                            .filter(n -> n.arg(0).equals(last)).anyMatch(n -> passesToPhp(n, depth + 1));
                }
            }
        }
        return false;
    }

    private List<Directive> namedLocations() {
        return all().stream().filter(d -> d.name().equals("location") && d.arg(0).startsWith("@")).toList();
    }

    /** nginx's location choice: exact match, else the longest prefix (final with ^~), else the first matching regex. */
    private static Directive locationFor(List<Directive> server, String path) {
        Directive prefix = null;
        int longest = -1;
        List<Directive> regexes = new ArrayList<>();
        for (Directive d : server) {
            if (!d.name().equals("location") || d.args().isEmpty()) {
                continue;
            }
            String mod = d.args().size() > 1 ? d.arg(0) : "";
            String arg = d.args().get(d.args().size() - 1);
            switch (mod) {
                case "=" -> {
                    if (arg.equals(path)) {
                        return d;
                    }
                }
                case "~", "~*" -> regexes.add(d);
                default -> {
                    if (!arg.startsWith("@") && path.startsWith(arg) && arg.length() > longest) {
                        prefix = d;
                        longest = arg.length();
                    }
                }
            }
        }
        if (prefix != null && prefix.arg(0).equals("^~")) {
            return prefix;
        }
        for (Directive r : regexes) {
            try {
                int flags = r.arg(0).equals("~*") ? Pattern.CASE_INSENSITIVE : 0;
                if (Pattern.compile(r.arg(1), flags).matcher(path).find()) {
                    return r;
                }
            } catch (PatternSyntaxException e) {
                // A PCRE form Java does not read: this location is not considered.
            }
        }
        return prefix;
    }

    /** A small tokenizer: words, quoted strings, ';', '{', '}', comments from '#' to the end of the line. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<Directive> block(boolean nested) {
            List<Directive> out = new ArrayList<>();
            List<String> words = new ArrayList<>();
            String tok;
            while ((tok = next()) != null) {
                switch (tok) {
                    case ";" -> {
                        if (!words.isEmpty()) {
                            out.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), List.of()));
                        }
                        words.clear();
                    }
                    case "{" -> {
                        List<Directive> inner = block(true);
                        if (!words.isEmpty()) {
                            out.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), inner));
                        }
                        words.clear();
                    }
                    case "}" -> {
                        if (nested) {
                            return out;
                        }
                    }
                    default -> words.add(tok);
                }
            }
            return out;
        }

        private String next() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else {
                    break;
                }
            }
            if (i >= s.length()) {
                return null;
            }
            char c = s.charAt(i);
            if (c == ';' || c == '{' || c == '}') {
                i++;
                return String.valueOf(c);
            }
            StringBuilder b = new StringBuilder();
            if (c == '"' || c == '\'') {
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    b.append(s.charAt(i++));
                }
                i++;
                return b.toString();
            }
            while (i < s.length()) {
                c = s.charAt(i);
                if (Character.isWhitespace(c) || c == ';' || (c == '{' && !b.toString().endsWith("$")) || c == '}' && !b.toString().contains("${")) {
                    break;
                }
                b.append(c);
                i++;
            }
            return b.toString();
        }
    }
}
