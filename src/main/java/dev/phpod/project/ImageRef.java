package dev.phpod.project;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI image reference {@code [registry[:port]/]path[:tag][@digest]}, parsed with the grammar of
 * the distribution/reference library that Docker, containerd and Kubernetes use.
 */
public record ImageRef(String repository, String tag, String digest) {

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

    public static final String DEFAULT_TAG = "latest";

    /** Parses a reference; a missing tag becomes {@value #DEFAULT_TAG}. */
    public static ImageRef parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InputException(field + ": missing; give the app image as REPOSITORY[:TAG], e.g. registry.example.com/shop:1.4.2");
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            throw new InputException(field + ": '" + Text.printable(text)
                    + "' is not a valid image reference; use REPOSITORY[:TAG] with a lowercase repository, e.g. registry.example.com/shop:1.4.2");
        }
        String repository = m.group(1);
        if (repository.length() > 255) {
            throw new InputException(field + ": the repository name is longer than 255 characters; use a shorter one");
        }
        String tag = m.group(2) == null ? DEFAULT_TAG : m.group(2);
        return new ImageRef(repository, tag, m.group(3) == null ? "" : m.group(3));
    }

    /** The reference as the user writes it: repository:tag, and @digest when there is one. */
    public String reference() {
        return repository + ":" + tag + (digest.isEmpty() ? "" : "@" + digest);
    }
}
