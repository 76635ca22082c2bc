package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * What the native image registers for Jackson (NativeReflection, run by the image builder), held
 * against Jackson's own account of the same classes, so that a fabric8 upgrade that adds a type
 * or a serializer fails here, in the unit tests, rather than as a silently empty field in the
 * native binary.
 */
class NativeReflectionTest {
    static NativeReflection.Reach reach() throws ClassNotFoundException {
        List<Class<?>> roots = new ArrayList<>(NativeReflection.ROOTS);
        for (String n : NativeReflection.CLIENT_ROOTS) {
            roots.add(Class.forName(n));
        }
        return NativeReflection.reach(roots);
    }

    @Test
    void everyTypeAndSerializerJacksonFindsIsRegistered() throws ClassNotFoundException {
        NativeReflection.Reach reach = reach();
        ObjectMapper mapper = new ObjectMapper();
        AnnotationIntrospector ai = mapper.getDeserializationConfig().getAnnotationIntrospector();
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : reach.beans()) {
            if (c.isInterface() || !c.getName().startsWith("io.fabric8.")) {
                continue;
            }
            JavaType type = mapper.constructType(c);
            for (BeanDescription d : List.of(mapper.getDeserializationConfig().introspect(type), mapper.getSerializationConfig().introspect(type))) {
                handler(ai, d.getClassInfo(), reach, missing, c.getName());
                for (BeanPropertyDefinition p : d.findProperties()) {
                    types(p.getPrimaryType(), reach, missing, c.getName() + "." + p.getName());
                    for (Annotated a : List.of(p.getPrimaryMember())) {
                        handler(ai, a, reach, missing, c.getName() + "." + p.getName());
                    }
                }
            }
        }
        assertEquals(Set.of(), missing);
    }

    private static void types(JavaType t, NativeReflection.Reach reach, Set<String> missing, String where) {
        Class<?> raw = t.getRawClass();
        if (!raw.isPrimitive() && !raw.getName().startsWith("java.") && !reach.beans().contains(raw)) {
            missing.add(raw.getName() + " (" + where + ")");
        }
        for (int i = 0; i < t.containedTypeCount(); i++) {
            types(t.containedType(i), reach, missing, where);
        }
        if (t.getContentType() != null) {
            types(t.getContentType(), reach, missing, where);
        }
    }

    private static void handler(AnnotationIntrospector ai, Annotated a, NativeReflection.Reach reach, Set<String> missing, String where) {
        if (a == null) {
            return;
        }
        for (Object h : new Object[] { ai.findDeserializer(a), ai.findSerializer(a), ai.findContentDeserializer(a), ai.findContentSerializer(a),
                ai.findKeyDeserializer(a), ai.findKeySerializer(a), ai.findNullSerializer(a) }) {
            if (h instanceof Class<?> c && !reach.handlers().contains(c)) {
                missing.add(c.getName() + " (made for " + where + ")");
            }
        }
    }

    @Test
    void theKindsReachWhatCheckReads() throws ClassNotFoundException {
        NativeReflection.Reach reach = reach();
        for (Class<?> c : List.of(Container.class, IntOrString.class, Quantity.class, NamedAuthInfo.class,
                Class.forName("io.fabric8.kubernetes.client.Config$ExecCredentialStatus"))) {
            assertTrue(reach.beans().contains(c), c.getName());
        }
        assertTrue(reach.handlers().contains(Quantity.Deserializer.class), reach.handlers().toString());
    }

    /** fabric8's fluent builders are most of its model's code; Jackson never uses them. */
    @Test
    void noBuilderIsRegistered() throws ClassNotFoundException {
        List<String> builders = reach().beans().stream().map(Class::getName).filter(n -> n.endsWith("Builder") || n.endsWith("Fluent")).toList();
        assertEquals(List.of(), builders);
    }

    /** What KubernetesClientBuilder.build() calls by reflection; the image builder fails without it. */
    @Test
    void theClientsConstructorIsThere() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        for (String n : NativeReflection.CLIENT_CONSTRUCTOR) {
            types.add(Class.forName(n));
        }
        Class.forName(NativeReflection.CLIENT).getConstructor(types.toArray(Class<?>[]::new));
    }
}
