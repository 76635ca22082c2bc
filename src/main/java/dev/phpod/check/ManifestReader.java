package dev.phpod.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.phpod.project.InputException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Reads Kubernetes YAML (files, folders, standard input; multi-document streams and {@code List}s)
 * into an {@link Inventory}, each workload bound to fabric8's typed model. Any input that is not
 * readable Kubernetes YAML is refused with one line naming the file, the line and the fix.
 */
public final class ManifestReader {
    /** Bigger than any rendered chart; a bound so that /dev/zero or a huge log cannot exhaust memory. */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    private static final String FIX = "pass Kubernetes YAML, such as the output of helm template or kustomize build";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Inventory inventory = new Inventory();

    public Inventory inventory() {
        return inventory;
    }

    /** A file, a folder (every *.yaml, *.yml and *.json below it, hidden entries left out), or "-" for {@code stdin}. */
    public void read(String arg, InputStream stdin) {
        if (arg.equals("-")) {
            readText("-", bounded("-", stdin));
            return;
        }
        Path p = Path.of(arg);
        if (Files.isDirectory(p)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(p)) {
                files = s.filter(f -> !p.relativize(f).toString().matches("(.*/)?\\..*"))
                        .filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)")).filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new InputException(arg + ": cannot read the folder (" + e.getMessage() + ")");
            }
            if (files.isEmpty()) {
                throw new InputException(arg + ": no *.yaml, *.yml or *.json file in this folder; " + FIX);
            }
            files.forEach(f -> readFile(f.toString(), f));
            return;
        }
        if (!Files.exists(p)) {
            throw new InputException(arg + ": no such file or folder; " + FIX + ", or - for standard input");
        }
        if (!Files.isRegularFile(p)) {
            throw new InputException(arg + ": not a regular file or folder; " + FIX + " (pipe it through - when it is a stream)");
        }
        readFile(arg, p);
    }

    private void readFile(String name, Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            readText(name, bounded(name, in));
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String bounded(String name, InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InputException(name + ": larger than " + MAX_BYTES / (1024 * 1024) + " MiB; check the manifests in smaller parts");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(name + ": not UTF-8 text; " + FIX);
        }
    }

    /** Splits a stream at its document markers, keeping each document's first line for the findings. */
    void readText(String name, String text) {
        List<String> lines = text.lines().toList();
        StringBuilder doc = new StringBuilder();
        int start = 1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if ((l.startsWith("---") || l.startsWith("...")) && MARKER.matcher(l).matches()) {
                readDocument(name, start, doc.toString());
                doc.setLength(0);
                start = i + 2;
            } else {
                doc.append(l).append('\n');
            }
        }
        readDocument(name, start, doc.toString());
    }

    /** A document marker: "---" (a comment or more may follow) or "...". */
    private static final java.util.regex.Pattern MARKER = java.util.regex.Pattern.compile("---(\\s.*)?|\\.\\.\\.\\s*");

    /** One loader for all the documents of a run (a Yaml instance is reusable, not shareable across threads). */
    private final Yaml yaml = yaml();

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        // Timestamps stay strings, as Kubernetes' own YAML reading keeps them.
        Resolver resolver = new Resolver() {
            @Override
            public void addImplicitResolver(org.yaml.snakeyaml.nodes.Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
                if (!tag.equals(org.yaml.snakeyaml.nodes.Tag.TIMESTAMP)) {
                    super.addImplicitResolver(tag, regexp, first, limit);
                }
            }
        };
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options, resolver);
    }

    private void readDocument(String name, int line, String text) {
        if (text.isBlank()) {
            return;
        }
        try {
            parseDocument(name, line, text);
        } catch (InputException e) {
            if (HELM.matcher(text).find()) {
                throw new InputException(name + ":" + line + ": a Helm template, not a manifest; render the chart first: helm template RELEASE CHART | phpod check -");
            }
            throw e;
        }
    }

    private static final java.util.regex.Pattern HELM = java.util.regex.Pattern.compile("\\{\\{-?\\s*(\\.Values|\\.Release|include|if|range|with|define|template|toYaml|end)\\b");

    private void parseDocument(String name, int line, String text) {
        Object doc;
        try {
            doc = yaml.load(text);
        } catch (MarkedYAMLException e) {
            int at = line + e.getProblemMark().getLine();
            throw new InputException(name + ":" + at + ": not YAML (" + e.getProblem() + "); " + FIX);
        } catch (YAMLException e) {
            throw new InputException(name + ":" + line + ": not YAML (" + firstLine(e.getMessage()) + "); " + FIX);
        }
        if (doc == null) {
            return;
        }
        readObject(name, line, doc);
    }

    @SuppressWarnings("unchecked")
    private void readObject(String name, int line, Object doc) {
        Workload.Origin origin = new Workload.Origin(name, line);
        if (!(doc instanceof Map<?, ?> m) || !(m.get("kind") instanceof String kind) || !(m.get("apiVersion") instanceof String api)) {
            throw new InputException(origin + ": not a Kubernetes object (no apiVersion and kind); " + FIX);
        }
        Map<String, Object> map = (Map<String, Object>) m;
        if (kind.endsWith("List") && map.get("items") instanceof List<?> items) {
            for (Object item : items) {
                readObject(name, line, item);
            }
            return;
        }
        String objectName = map.get("metadata") instanceof Map<?, ?> md && md.get("name") != null ? String.valueOf(md.get("name")) : "(no name)";
        try {
            Class<? extends HasMetadata> type = PodTemplates.KINDS.get(api + "/" + kind);
            switch (api + "/" + kind) {
                case "v1/ConfigMap" -> inventory.add(mapper.convertValue(map, ConfigMap.class));
                case "v1/Pod", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job",
                        "batch/v1/CronJob" -> {
                    HasMetadata o = mapper.convertValue(map, type);
                    PodSpec pod = PodTemplates.of(o);
                    if (pod == null) {
                        throw new InputException(origin + ": " + kind + " " + objectName + " has no " + PodTemplates.field(o) + "; " + FIX);
                    }
                    inventory.add(new Workload(kind, o.getMetadata().getNamespace(), objectName, pod, origin, PodTemplates.replicas(o)));
                }
                case "autoscaling/v2/HorizontalPodAutoscaler", "autoscaling/v1/HorizontalPodAutoscaler", "autoscaling/v2beta2/HorizontalPodAutoscaler" ->
                    scaler(map, kind, objectName, "maxReplicas", null, null);
                case "keda.sh/v1alpha1/ScaledObject" -> scaler(map, kind, objectName, "maxReplicaCount", "Deployment", 100);
                default -> {
                    // Any other kind with a pod template at spec.template.spec (Argo Rollouts, older API versions).
                    Object spec = dig(map, "spec", "template", "spec");
                    if (spec instanceof Map<?, ?> && ((Map<?, ?>) spec).containsKey("containers")) {
                        Map<String, Object> md = map.get("metadata") instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
                        Integer replicas = dig(map, "spec", "replicas") instanceof Number n ? n.intValue() : 1;
                        inventory.add(new Workload(kind, (String) md.get("namespace"), objectName, mapper.convertValue(spec, PodSpec.class), origin,
                                replicas));
                    } else {
                        inventory.countOther();
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            String why = e.getCause() instanceof JsonMappingException j ? path(j) + ": " + firstLine(j.getOriginalMessage()) : firstLine(e.getMessage());
            throw new InputException(origin + ": " + kind + " " + objectName + " does not match the Kubernetes API: " + why + "; " + FIX);
        }
    }

    /** An autoscaler: what it scales and to how many pods; one without a target or a maximum scales nothing this check can see. */
    private void scaler(Map<String, Object> map, String kind, String name, String maxField, String defaultKind, Integer defaultMax) {
        Object targetKind = dig(map, "spec", "scaleTargetRef", "kind");
        Object targetName = dig(map, "spec", "scaleTargetRef", "name");
        Object max = dig(map, "spec", maxField);
        int most = max instanceof Number n ? n.intValue() : defaultMax == null ? 0 : defaultMax;
        String namespace = dig(map, "metadata", "namespace") instanceof String ns ? ns : null;
        if (targetName instanceof String target && (targetKind instanceof String || defaultKind != null)) {
            inventory.add(new Inventory.Scaler(kind, namespace, name, targetKind instanceof String k ? k : defaultKind, target, most));
        } else {
            inventory.countOther();
        }
    }

    private static Object dig(Map<String, Object> m, String... keys) {
        Object o = m;
        for (String k : keys) {
            if (!(o instanceof Map<?, ?> x)) {
                return null;
            }
            o = x.get(k);
        }
        return o;
    }

    private static String path(JsonMappingException j) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : j.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
