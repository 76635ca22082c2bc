package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import dev.phpod.support.InProcessCli;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * phpod check on broken manifests, the kind a hand edit or a bad template leaves: every file of the
 * corpus with one field of one object removed, set to null, emptied or given a string, chosen by a
 * fixed seed (so a failure is reproduced by running the test again). Whatever the damage, check
 * ends with 0, 1 or 2 and, when it cannot read an object, one line naming the file, the line and what
 * is wrong: never an internal error. An earlier run of this shape found 13 crashes (an empty list
 * item, an object without metadata, a volume mount without a name, a null ConfigMap value).
 */
@QuarkusTest
class CheckHostileInputTest {
    final QuarkusMainLauncher l = new InProcessCli();

    @TempDir
    Path tmp;

    /** Mutations per corpus file. */
    private static final int PER_FILE = 1;

    @Test
    void aDamagedManifestIsReportedNeverACrash() throws IOException {
        Random random = new Random(20261206);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()), new DumperOptions());
        List<Path> files;
        try (Stream<Path> s = Files.walk(CheckCorpusTest.CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> crashes = new ArrayList<>();
        int runs = 0;
        for (Path f : files) {
            List<Object> docs = new ArrayList<>();
            yaml.loadAll(Files.readString(f)).forEach(d -> {
                if (d != null) {
                    docs.add(d);
                }
            });
            for (int i = 0; i < PER_FILE; i++) {
                List<Object> copy = new ArrayList<>();
                docs.forEach(d -> copy.add(deepCopy(d)));
                String change = mutate(copy.get(random.nextInt(copy.size())), random);
                Path broken = tmp.resolve("broken-" + runs++ + ".yaml");
                Files.writeString(broken, yaml.dumpAll(copy.iterator()));
                LaunchResult r = l.launch("check", broken.toString());
                if (r.exitCode() > 2 || r.getErrorOutput().contains("internal error")) {
                    crashes.add(f.getFileName() + " with " + change + ": exit " + r.exitCode() + ": " + r.getErrorOutput().strip());
                }
            }
        }
        assertTrue(runs >= 100, "the corpus gave " + runs + " damaged files");
        assertEquals(List.of(), crashes);
    }

    /** Removes, nulls, empties or replaces by a string one field or item, anywhere in the object; says which. */
    @SuppressWarnings("unchecked")
    private static String mutate(Object doc, Random random) {
        List<Object[]> places = new ArrayList<>(); // {container, key or index}
        collect(doc, places);
        Object[] at = places.get(random.nextInt(places.size()));
        int op = random.nextInt(4);
        String what = switch (op) {
            case 0 -> "removed";
            case 1 -> "null";
            case 2 -> "emptied";
            default -> "a string";
        };
        if (at[0] instanceof Map<?, ?> m) {
            Map<Object, Object> map = (Map<Object, Object>) m;
            Object old = map.get(at[1]);
            switch (op) {
                case 0 -> map.remove(at[1]);
                case 1 -> map.put(at[1], null);
                case 2 -> map.put(at[1], old instanceof Map ? new LinkedHashMap<>() : old instanceof List ? new ArrayList<>() : "");
                default -> map.put(at[1], "x");
            }
        } else {
            List<Object> list = (List<Object>) at[0];
            int i = (Integer) at[1];
            Object old = list.get(i);
            switch (op) {
                case 0 -> list.remove(i);
                case 1 -> list.set(i, null);
                case 2 -> list.set(i, old instanceof Map ? new LinkedHashMap<>() : old instanceof List ? new ArrayList<>() : "");
                default -> list.set(i, "x");
            }
        }
        return at[1] + " " + what;
    }

    private static void collect(Object o, List<Object[]> places) {
        if (o instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                places.add(new Object[] { m, k });
                collect(m.get(k), places);
            }
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                places.add(new Object[] { l, i });
                collect(l.get(i), places);
            }
        }
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return out;
        }
        return o;
    }

    @Test
    void eachKindOfDamageIsOneLineNamingIt() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        -\n",
                "Deployment web has an empty item at spec.template.spec.containers[0] (a '-' with nothing after it); the API server refuses it");
        cases.put("apiVersion: v1\nkind: Service\nspec: {ports: [{port: 80}]}\n", "Service has no metadata.name; the API server refuses it: give it a name");
        cases.put("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: php-fpm, image: \"php:8.3-fpm\", volumeMounts: [{mountPath: /tmp}]}]\n",
                "Pod p: a volumeMount of container php-fpm has no name; the API server refuses it");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = tmp.resolve("case.yaml");
            Files.writeString(f, c.getKey());
            LaunchResult r = l.launch("check", f.toString());
            assertEquals(2, r.exitCode(), c.getKey() + r.getOutput() + r.getErrorOutput());
            assertTrue(r.getErrorOutput().contains(f + ":1: " + c.getValue()), r.getErrorOutput());
            assertFalse(r.getErrorOutput().contains("internal error"), r.getErrorOutput());
        }
        // A null value in a ConfigMap is stored as "" by the API server: read, not refused.
        Path cm = tmp.resolve("cm.yaml");
        Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {nginx.conf: null}\n---\n"
                + Files.readString(CheckCorpusTest.CORPUS.resolve("empty-code-volume/fires-no-init-container.yaml")));
        LaunchResult r = l.launch("check", cm.toString());
        assertEquals(1, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertEquals("", r.getErrorOutput().strip());
    }
}
