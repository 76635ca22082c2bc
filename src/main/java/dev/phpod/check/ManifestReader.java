package dev.phpod.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
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
 * into an {@link Inventory}, each workload bound to fabric8's typed model, with the line of each
 * container. Objects are read one by one, as kubectl applies them: a document that is not a readable
 * Kubernetes object (not YAML, a field of the wrong type, no apiVersion, an apiVersion that never
 * served its kind) is reported (one line naming the file, the line, the object when known and the
 * fix) and the rest of the file and the other files are still read; a Helm template is reported for
 * its whole file. The same object (kind, namespace, name) defined in two files of one input is
 * noted: applied together, one replaces the other. In a
 * folder, a file that holds no Kubernetes object at all (a values.yaml, a Chart.yaml: YAML without
 * apiVersion and kind) is skipped with a note; named on the command line, it is a problem. An input
 * that gives no object (an empty pipe, an empty file, a folder of values files) is a problem too.
 */
public final class ManifestReader {
    /** Bigger than any rendered chart; a bound so that /dev/zero or a huge log cannot exhaust memory. */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    private static final String FIX = "pass Kubernetes YAML, such as the output of helm template or kustomize build";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Inventory inventory = new Inventory();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Inventory inventory() {
        return inventory;
    }

    /** One line per input that could not be read, each starting with the file (and line). */
    public List<String> problems() {
        return problems;
    }

    /** One line per file of a folder that was skipped (it holds no Kubernetes object), and per object defined again in another file. */
    public List<String> notes() {
        return notes;
    }

    /**
     * A file, a folder (every *.yaml, *.yml and *.json below it, hidden entries left out), or "-" for
     * {@code stdin}. What cannot be read is added to {@link #problems()}; nothing is thrown for it.
     */
    public void read(String arg, InputStream stdin) {
        int objects = inventory.objects();
        int before = problems.size();
        try {
            readArgument(arg, stdin);
        } catch (InputException e) {
            problems.add(e.getMessage());
        }
        if (inventory.objects() == objects && problems.size() == before) {
            problems.add(arg.equals("-")
                    ? "-: nothing read (no Kubernetes object on standard input); when a command pipes into phpod, check that it succeeded (bash: set -o pipefail)"
                    : arg + ": nothing read (no Kubernetes object " + (Files.isDirectory(Path.of(arg)) ? "in any file of this folder" : "in this file") + "); "
                            + FIX);
        }
    }

    private void readArgument(String arg, InputStream stdin) {
        if (arg.equals("-")) {
            commit(parse("-", bounded("-", stdin), false));
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
            for (Path f : files) {
                try {
                    commit(parse(f.toString(), readFile(f.toString(), f), true));
                } catch (InputException e) {
                    problems.add(e.getMessage());
                }
            }
            return;
        }
        if (!Files.exists(p)) {
            throw new InputException(arg + ": no such file or folder; " + FIX + ", or - for standard input");
        }
        if (!Files.isRegularFile(p)) {
            throw new InputException(arg + ": not a regular file or folder; " + FIX + " (pipe it through - when it is a stream)");
        }
        commit(parse(arg, readFile(arg, p), false));
    }

    private static String readFile(String name, Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return bounded(name, in);
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

    /** What one file gave, added to the inventory once the whole file was read. */
    private static final class Staged {
        final List<Object> objects = new ArrayList<>();
        /** Each object's kind, namespace as written, name and origin, for the duplicate note. */
        final List<Ident> idents = new ArrayList<>();
        /** One line per document that could not be read, by the line it starts at; the others are kept. */
        final java.util.TreeMap<Integer, String> problems = new java.util.TreeMap<>();
        /** Where each document without apiVersion and kind starts. */
        final List<Integer> plainLines = new ArrayList<>();
        /** Documents that are YAML but no Kubernetes object (no apiVersion and no kind), and where the first is. */
        int plain;
        int firstPlainLine;
    }

    /** An object as kubectl names it, and where it was read. */
    private record Ident(String kind, String namespace, String name, Workload.Origin origin) {
    }

    /** The first definition of each kind, namespace and name, for the note on a second one from another file. */
    private final Map<String, Ident> defined = new HashMap<>();

    private void commit(Staged staged) {
        if (staged == null) {
            return;
        }
        String implicit = implicitNamespace(staged.objects);
        for (Ident i : staged.idents) {
            String ns = i.namespace() == null || i.namespace().isEmpty() ? implicit : i.namespace();
            String key = i.kind() + "\u0000" + Workload.namespaceKey(ns) + "\u0000" + i.name();
            Ident first = defined.putIfAbsent(key, i);
            if (first != null && !first.origin().file().equals(i.origin().file())) {
                notes.add(i.origin() + ": " + i.kind() + " " + i.name() + " (namespace " + Workload.namespaceKey(ns) + ") is defined again, first at "
                        + first.origin() + ": applied together, one replaces the other, and this check reads them as one input; check the files one at a time if they are separate apps");
            }
        }
        for (Object raw : staged.objects) {
            Object o = implicit == null ? raw : inNamespace(raw, implicit);
            if (o instanceof Workload w) {
                inventory.add(w);
            } else if (o instanceof ConfigMap c) {
                inventory.add(c);
            } else if (o instanceof Inventory.Scaler s) {
                inventory.add(s);
            } else if (o instanceof Inventory.Service s) {
                inventory.add(s);
            } else if (o instanceof Inventory.Claim c) {
                inventory.add(c);
            } else if (o instanceof Inventory.NetworkPolicy n) {
                inventory.add(n);
            } else {
                inventory.countOther();
            }
        }
    }

    /**
     * The namespace the objects of one file without a namespace are applied in, when the file names
     * exactly one other than default (`kubectl apply -n NS -f file`, as a tutorial's file that names
     * its namespace on some objects only is applied); null otherwise (they go to default).
     */
    static String implicitNamespace(List<Object> objects) {
        java.util.Set<String> named = new java.util.HashSet<>();
        boolean unset = false;
        for (Object o : objects) {
            String ns = namespaceOf(o);
            if (ns == null || ns.isEmpty()) {
                unset |= o instanceof Workload || o instanceof ConfigMap || o instanceof Inventory.Scaler || o instanceof Inventory.Service
                        || o instanceof Inventory.Claim || o instanceof Inventory.NetworkPolicy;
            } else {
                named.add(ns);
            }
        }
        return unset && named.size() == 1 && !named.contains("default") ? named.iterator().next() : null;
    }

    private static String namespaceOf(Object o) {
        if (o instanceof Workload w) {
            return w.namespace();
        }
        if (o instanceof ConfigMap c) {
            return c.getMetadata() == null ? null : c.getMetadata().getNamespace();
        }
        if (o instanceof Inventory.Scaler s) {
            return s.namespace();
        }
        if (o instanceof Inventory.Service s) {
            return s.namespace();
        }
        if (o instanceof Inventory.Claim c) {
            return c.namespace();
        }
        return o instanceof Inventory.NetworkPolicy n ? n.namespace() : null;
    }

    /** The object in that namespace when it names none; as it is otherwise. */
    private static Object inNamespace(Object o, String ns) {
        String own = namespaceOf(o);
        if (own != null && !own.isEmpty()) {
            return o;
        }
        if (o instanceof Workload w) {
            return new Workload(w.kind(), ns, w.name(), w.pod(), w.origin(), w.replicas(), w.ignore(), w.containerLines(), w.labels());
        }
        if (o instanceof ConfigMap c && c.getMetadata() != null) {
            c.getMetadata().setNamespace(ns);
            return c;
        }
        if (o instanceof Inventory.Scaler s) {
            return new Inventory.Scaler(s.kind(), ns, s.name(), s.targetKind(), s.targetName(), s.max(), s.apiVersion(), s.origin(), s.ignore());
        }
        if (o instanceof Inventory.Service s) {
            return new Inventory.Service(ns, s.name(), s.selector(), s.ports(), s.origin());
        }
        if (o instanceof Inventory.Claim c) {
            return new Inventory.Claim(ns, c.name(), c.accessModes(), c.origin());
        }
        if (o instanceof Inventory.NetworkPolicy n) {
            return new Inventory.NetworkPolicy(ns, n.name(), n.matchLabels(), n.expressions(), n.ingress());
        }
        return o;
    }

    /** One stream's text, read and added to the inventory; throws the first problem, as one line. */
    void readText(String name, String text) {
        commit(parse(name, text, false));
    }

    /**
     * Splits a stream at its document markers, keeping each document's first line for the findings;
     * null when a file of a folder holds no Kubernetes object (a note says so).
     */
    private Staged parse(String name, String text, boolean inFolder) {
        Staged staged = new Staged();
        int docStart = 1;
        int lineNo = 0;
        StringBuilder doc = new StringBuilder();
        int at = 0;
        int n = text.length();
        while (at < n) {
            int eol = text.indexOf('\n', at);
            int next = eol < 0 ? n : eol + 1;
            String l = text.substring(at, eol < 0 ? n : (eol > at && text.charAt(eol - 1) == '\r' ? eol - 1 : eol));
            lineNo++;
            at = next;
            if ((l.startsWith("---") || l.startsWith("...")) && MARKER.matcher(l).matches()) {
                readDocument(name, docStart, doc.toString(), staged);
                doc.setLength(0);
                docStart = lineNo + 1;
            } else {
                doc.append(l).append('\n');
            }
        }
        readDocument(name, docStart, doc.toString(), staged);
        if (staged.plain > 0 && staged.objects.isEmpty() && staged.problems.isEmpty()) {
            if (inFolder) {
                notes.add(name + ": skipped, not a Kubernetes manifest (no apiVersion and kind)");
                return null;
            }
            throw new InputException(name + ":" + staged.firstPlainLine + ": not a Kubernetes object (no apiVersion and kind); " + FIX);
        }
        if (!staged.objects.isEmpty() || !staged.problems.isEmpty()) {
            // YAML without apiVersion and kind among objects: those documents only are not objects.
            staged.plainLines.forEach(l -> staged.problems.put(l, name + ":" + l + ": not a Kubernetes object (no apiVersion and kind); " + FIX));
        }
        problems.addAll(staged.problems.values());
        if (staged.objects.isEmpty() && staged.problems.isEmpty() && inFolder) {
            notes.add(name + ": skipped, no YAML document in it");
            return null;
        }
        return staged;
    }

    /** A document marker: "---" (a comment or more may follow) or "...". */
    private static final java.util.regex.Pattern MARKER = java.util.regex.Pattern.compile("---(\\s.*)?|\\.\\.\\.\\s*");

    /** SafeConstructor, with its document construction open to a node composed first (for the lines). */
    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
        }

        Object construct(Node node) {
            return constructDocument(node);
        }
    }

    private final LoaderOptions options = options();
    private final Constructor constructor = new Constructor(options);
    /** One loader for all the documents of a run (a Yaml instance is reusable, not shareable across threads). */
    private final Yaml yaml = yaml(options, constructor);

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    private static Yaml yaml(LoaderOptions options, Constructor constructor) {
        // Timestamps stay strings, as Kubernetes' own YAML reading keeps them.
        Resolver resolver = new Resolver() {
            @Override
            public void addImplicitResolver(org.yaml.snakeyaml.nodes.Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
                if (!tag.equals(org.yaml.snakeyaml.nodes.Tag.TIMESTAMP)) {
                    super.addImplicitResolver(tag, regexp, first, limit);
                }
            }
        };
        return new Yaml(constructor, new Representer(new DumperOptions()), new DumperOptions(), options, resolver);
    }

    private void readDocument(String name, int line, String text, Staged staged) {
        if (text.isBlank()) {
            return;
        }
        try {
            parseDocument(name, line, text, staged);
        } catch (InputException e) {
            if (HELM.matcher(text).find()) {
                throw new InputException(name + ":" + line + ": a Helm template, not a manifest; render the chart first: helm template RELEASE CHART | phpod check -");
            }
            staged.problems.put(line, e.getMessage());
        }
    }

    private static final java.util.regex.Pattern HELM = java.util.regex.Pattern.compile("\\{\\{-?\\s*(\\.Values|\\.Release|include|if|range|with|define|template|toYaml|end)\\b");

    private void parseDocument(String name, int line, String text, Staged staged) {
        Object doc;
        Node node;
        try {
            node = yaml.compose(new StringReader(text));
            doc = node == null ? null : constructor.construct(node);
        } catch (MarkedYAMLException e) {
            int at = line + e.getProblemMark().getLine();
            throw new InputException(name + ":" + at + ": not YAML (" + e.getProblem() + "); " + FIX);
        } catch (YAMLException e) {
            throw new InputException(name + ":" + line + ": not YAML (" + firstLine(e.getMessage()) + "); " + FIX);
        }
        if (doc == null) {
            return;
        }
        if (!(doc instanceof Map<?, ?> m) || !m.containsKey("apiVersion") && !m.containsKey("kind")) {
            if (staged.plain++ == 0) {
                staged.firstPlainLine = line;
            }
            staged.plainLines.add(line);
            return;
        }
        readObject(name, line, doc, node, staged);
    }

    /** The value of {@code key} in a mapping node, null when there is none. */
    private static Node child(Node node, String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    /** The line of each container and init container below {@code node}, by name. */
    private static Map<String, Integer> containerLines(Node node, int firstLine) {
        Map<String, Integer> out = new HashMap<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        if (node != null) {
            todo.push(node);
        }
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                    if ((key.equals("containers") || key.equals("initContainers")) && t.getValueNode() instanceof SequenceNode s) {
                        for (Node c : s.getValue()) {
                            if (child(c, "name") instanceof ScalarNode cn) {
                                out.putIfAbsent(cn.getValue(), firstLine + c.getStartMark().getLine());
                            }
                        }
                    } else if (!key.equals("data") && !key.equals("binaryData")) {
                        todo.push(t.getValueNode());
                    }
                }
            } else if (n instanceof SequenceNode s) {
                s.getValue().forEach(todo::push);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void readObject(String name, int line, Object doc, Node node, Staged staged) {
        Workload.Origin origin = new Workload.Origin(name, line);
        if (!(doc instanceof Map<?, ?> m) || !(m.get("kind") instanceof String) && !(m.get("apiVersion") instanceof String)) {
            throw new InputException(origin + ": not a Kubernetes object (no apiVersion and kind); " + FIX);
        }
        String named = m.get("metadata") instanceof Map<?, ?> md0 && md0.get("name") != null ? " " + md0.get("name") : "";
        if (!(m.get("kind") instanceof String kind)) {
            throw new InputException(origin + ": object" + named + " has apiVersion " + m.get("apiVersion") + " but no kind (a misspelt key?); the API server refuses it: add its kind");
        }
        if (!(m.get("apiVersion") instanceof String api)) {
            throw new InputException(origin + ": " + kind + named + " has no apiVersion (a misspelt key?); the API server refuses it: add apiVersion"
                    + (SERVED.containsKey(kind) ? ": " + SERVED.get(kind).get(0) : ""));
        }
        if (SERVED.containsKey(kind) && builtInGroup(api) && !SERVED.get(kind).contains(api)) {
            throw new InputException(origin + ": " + kind + named + " has apiVersion " + api + ", which never served " + kind
                    + ": the API server refuses it; use apiVersion " + SERVED.get(kind).get(0));
        }
        Map<String, Object> map = (Map<String, Object>) m;
        if (kind.endsWith("List") && map.get("items") instanceof List<?> items) {
            Node itemNodes = child(node, "items");
            for (int i = 0; i < items.size(); i++) {
                Node item = itemNodes instanceof SequenceNode s && s.getValue().size() == items.size() ? s.getValue().get(i) : null;
                readObject(name, line, items.get(i), item, staged);
            }
            return;
        }
        String objectName = map.get("metadata") instanceof Map<?, ?> md && md.get("name") != null ? String.valueOf(md.get("name")) : "(no name)";
        if (!(map.get("metadata") instanceof Map<?, ?> meta) || meta.get("name") == null && meta.get("generateName") == null) {
            throw new InputException(origin + ": " + kind + " has no metadata.name; the API server refuses it: give it a name");
        }
        String empty = emptyItem(map, "");
        if (empty != null) {
            throw new InputException(origin + ": " + kind + " " + objectName + " has an empty item at " + empty
                    + " (a '-' with nothing after it); the API server refuses it: remove the item or fill it in");
        }
        int before = staged.objects.size();
        try {
            Class<? extends HasMetadata> type = PodTemplates.KINDS.get(api + "/" + kind);
            switch (api + "/" + kind) {
                case "v1/ConfigMap" -> {
                    ConfigMap cm = mapper.convertValue(map, ConfigMap.class);
                    if (cm.getData() != null) {
                        cm.getData().replaceAll((k, v) -> v == null ? "" : v); // a null value is stored as "", as the API server does
                    }
                    staged.objects.add(cm);
                }
                case "v1/Pod", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job",
                        "batch/v1/CronJob" -> {
                    HasMetadata o = mapper.convertValue(map, type);
                    PodSpec pod = PodTemplates.of(o);
                    if (pod == null) {
                        throw new InputException(origin + ": " + kind + " " + objectName + " has no " + PodTemplates.field(o) + "; " + FIX);
                    }
                    unnamed(pod, origin + ": " + kind + " " + objectName);
                    staged.objects.add(new Workload(kind, o.getMetadata().getNamespace(), objectName, pod, origin, PodTemplates.replicas(o),
                            PodTemplates.ignore(o), containerLines(node, line), templateLabels(map, kind)));
                }
                case "autoscaling/v2/HorizontalPodAutoscaler", "autoscaling/v1/HorizontalPodAutoscaler", "autoscaling/v2beta2/HorizontalPodAutoscaler",
                        "autoscaling/v2beta1/HorizontalPodAutoscaler" ->
                    staged.objects.add(scaler(map, kind, objectName, "maxReplicas", null, null, api, origin));
                case "keda.sh/v1alpha1/ScaledObject" -> staged.objects.add(scaler(map, kind, objectName, "maxReplicaCount", "Deployment", 100, api, origin));
                case "v1/Service" -> staged.objects.add(service(map, objectName, origin));
                case "v1/PersistentVolumeClaim" -> staged.objects.add(new Inventory.Claim(namespace(map), objectName,
                        dig(map, "spec", "accessModes") instanceof List<?> modes ? modes.stream().map(String::valueOf).toList() : List.of(), origin));
                case "networking.k8s.io/v1/NetworkPolicy" -> staged.objects.add(networkPolicy(map, objectName));
                default -> {
                    // Any other kind with a pod template at spec.template.spec (Argo Rollouts, older API versions).
                    Object spec = dig(map, "spec", "template", "spec");
                    if (spec instanceof Map<?, ?> && ((Map<?, ?>) spec).containsKey("containers")) {
                        Map<String, Object> md = map.get("metadata") instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
                        Integer replicas = dig(map, "spec", "replicas") instanceof Number n ? n.intValue() : 1;
                        Ignore ignore = Ignore.of(strings(md.get("annotations")), strings(dig(map, "spec", "template", "metadata", "annotations")));
                        PodSpec pod = mapper.convertValue(spec, PodSpec.class);
                        unnamed(pod, origin + ": " + kind + " " + objectName);
                        staged.objects.add(new Workload(kind, (String) md.get("namespace"), objectName, pod, origin,
                                replicas, ignore, containerLines(node, line), templateLabels(map, kind)));
                    } else {
                        staged.objects.add(OTHER);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            String why = e.getCause() instanceof JsonMappingException j ? path(j) + ": " + firstLine(j.getOriginalMessage()) : firstLine(e.getMessage());
            throw new InputException(origin + ": " + kind + " " + objectName + " does not match the Kubernetes API: " + why + "; " + FIX);
        }
        if (staged.objects.size() > before && map.get("metadata") instanceof Map<?, ?> md && md.get("name") != null) {
            staged.idents.add(new Ident(kind, namespace(map), objectName, origin));
        }
    }

    /**
     * The apiVersions that ever served each kind this reader knows, the current one first: another
     * (extensions/v1 for a Deployment) is a typo the API server refuses. Removed versions that did
     * serve it (extensions/v1beta1) are still read; hpa-removed-api reports autoscalers on them.
     */
    /** Refuses a volume or a volume mount without a name (or a mount without a path), as the API server does. */
    private static void unnamed(PodSpec pod, String object) {
        List<io.fabric8.kubernetes.api.model.Volume> volumes = pod.getVolumes() == null ? List.of() : pod.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i).getName() == null) {
                throw new InputException(object + ": volumes[" + i + "] has no name; the API server refuses it: name the volume");
            }
        }
        List<io.fabric8.kubernetes.api.model.Container> all = new ArrayList<>(pod.getInitContainers() == null ? List.of() : pod.getInitContainers());
        all.addAll(pod.getContainers() == null ? List.of() : pod.getContainers());
        for (io.fabric8.kubernetes.api.model.Container c : all) {
            for (io.fabric8.kubernetes.api.model.VolumeMount m : c.getVolumeMounts() == null ? List.<io.fabric8.kubernetes.api.model.VolumeMount>of() : c.getVolumeMounts()) {
                if (m.getName() == null || m.getMountPath() == null) {
                    throw new InputException(object + ": a volumeMount of container " + c.getName() + " has no " + (m.getName() == null ? "name" : "mountPath")
                            + "; the API server refuses it: give it the volume's name and a mountPath");
                }
            }
        }
    }

    /** The path of the first list item that is null ({@code spec.template.spec.containers[1]}), or null when none is. */
    private static String emptyItem(Object o, String path) {
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String found = emptyItem(e.getValue(), path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String at = path + "[" + i + "]";
                String found = l.get(i) == null ? at : emptyItem(l.get(i), at);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Whether an apiVersion is of Kubernetes' own API groups (core, apps, batch, *.k8s.io …), where
     * {@link #SERVED} knows every version of its kinds. A kind of another group (Knative's
     * serving.knative.dev Service, OpenKruise's apps.kruise.io StatefulSet) is a custom resource that
     * shares the name, not a misspelt built-in one.
     */
    private static boolean builtInGroup(String api) {
        String group = api.contains("/") ? api.substring(0, api.indexOf('/')) : "";
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static final Map<String, List<String>> SERVED = Map.ofEntries(Map.entry("Pod", List.of("v1")), Map.entry("ConfigMap", List.of("v1")),
            Map.entry("Service", List.of("v1")), Map.entry("Secret", List.of("v1")), Map.entry("Namespace", List.of("v1")),
            Map.entry("PersistentVolumeClaim", List.of("v1")), Map.entry("PersistentVolume", List.of("v1")),
            Map.entry("Deployment", List.of("apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1")),
            Map.entry("StatefulSet", List.of("apps/v1", "apps/v1beta1", "apps/v1beta2")),
            Map.entry("DaemonSet", List.of("apps/v1", "apps/v1beta2", "extensions/v1beta1")),
            Map.entry("ReplicaSet", List.of("apps/v1", "apps/v1beta2", "extensions/v1beta1")), Map.entry("Job", List.of("batch/v1")),
            Map.entry("CronJob", List.of("batch/v1", "batch/v1beta1", "batch/v2alpha1")),
            Map.entry("HorizontalPodAutoscaler", List.of("autoscaling/v2", "autoscaling/v1", "autoscaling/v2beta2", "autoscaling/v2beta1")),
            Map.entry("NetworkPolicy", List.of("networking.k8s.io/v1", "extensions/v1beta1")),
            Map.entry("Ingress", List.of("networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1")));

    /** An object of a kind the checks do not read: counted only. */
    private static final Object OTHER = new Object();

    private static Map<String, String> strings(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static String namespace(Map<String, Object> map) {
        return dig(map, "metadata", "namespace") instanceof String ns ? ns : null;
    }

    /** The pod template's labels (a CronJob's under its job template; a Pod's its own). */
    private static Map<String, String> templateLabels(Map<String, Object> map, String kind) {
        Object labels = kind.equals("Pod") ? dig(map, "metadata", "labels")
                : kind.equals("CronJob") ? dig(map, "spec", "jobTemplate", "spec", "template", "metadata", "labels")
                : dig(map, "spec", "template", "metadata", "labels");
        Map<String, String> out = strings(labels);
        return out == null ? Map.of() : out;
    }

    /** A Service's selector and ports; a port without targetPort targets its own number. */
    private static Object service(Map<String, Object> map, String name, Workload.Origin origin) {
        Map<String, String> selector = strings(dig(map, "spec", "selector"));
        List<Inventory.ServicePort> ports = new ArrayList<>();
        if (dig(map, "spec", "ports") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> port && port.get("port") instanceof Number n) {
                    Object target = port.get("targetPort");
                    ports.add(new Inventory.ServicePort(port.get("name") == null ? null : String.valueOf(port.get("name")), n.intValue(),
                            target == null ? String.valueOf(n.intValue()) : String.valueOf(target)));
                }
            }
        }
        return new Inventory.Service(namespace(map), name, selector == null ? Map.of() : selector, ports, origin);
    }

    /** A NetworkPolicy restricts ingress when policyTypes says Ingress, or when it has no policyTypes (the API then sets Ingress). */
    private static Object networkPolicy(Map<String, Object> map, String name) {
        Object types = dig(map, "spec", "policyTypes");
        boolean ingress = !(types instanceof List<?> t) || t.contains("Ingress");
        Map<String, String> labels = strings(dig(map, "spec", "podSelector", "matchLabels"));
        boolean expressions = dig(map, "spec", "podSelector", "matchExpressions") instanceof List<?> e && !e.isEmpty();
        return new Inventory.NetworkPolicy(namespace(map), name, labels == null ? Map.of() : labels, expressions, ingress);
    }

    /** An autoscaler: what it scales and to how many pods; one without a target or a maximum scales nothing this check can see. */
    @SuppressWarnings("unchecked")
    private static Object scaler(Map<String, Object> map, String kind, String name, String maxField, String defaultKind, Integer defaultMax, String api,
            Workload.Origin origin) {
        Object targetKind = dig(map, "spec", "scaleTargetRef", "kind");
        Object targetName = dig(map, "spec", "scaleTargetRef", "name");
        Object max = dig(map, "spec", maxField);
        int most = max instanceof Number n ? n.intValue() : defaultMax == null ? 0 : defaultMax;
        String namespace = dig(map, "metadata", "namespace") instanceof String ns ? ns : null;
        if (targetName instanceof String target && (targetKind instanceof String || defaultKind != null)) {
            Map<String, Object> md = map.get("metadata") instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
            return new Inventory.Scaler(kind, namespace, name, targetKind instanceof String k ? k : defaultKind, target, most, api, origin,
                    Ignore.of(strings(md.get("annotations")), null));
        }
        return OTHER;
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
