package dev.phpod.check;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetList;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerList;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;

/**
 * The native image's reflection for phpod check, computed when the image is built (a
 * native-image {@link Feature}, named in application.properties): what Jackson binds, and what
 * fabric8's client makes by name. Nothing here runs in phpod itself.
 * <p>
 * Jackson reads a class through reflection: its constructors, fields, getters and setters, and
 * the serializers its annotations name. A native image answers those questions only for the
 * classes registered, so every class Jackson can reach from {@link #ROOTS} is: the roots, their
 * super types, the types of their properties (type arguments included), again for those. Builders
 * and other methods Jackson never calls are left out, which keeps fabric8's fluent builders (most
 * of its model's code) out of the binary.
 */
public final class NativeReflection implements Feature {
    /**
     * What check binds: the kinds it reads from files and from the API server with their lists
     * (the client asks for {@code <Kind>List} by name), the API server's error answers and the
     * kubeconfig.
     */
    static final List<Class<?>> ROOTS = List.of(Pod.class, PodList.class, Deployment.class, DeploymentList.class, StatefulSet.class,
            StatefulSetList.class, DaemonSet.class, DaemonSetList.class, ReplicaSet.class, ReplicaSetList.class, Job.class, JobList.class,
            CronJob.class, CronJobList.class, ConfigMap.class, ConfigMapList.class, HorizontalPodAutoscaler.class,
            HorizontalPodAutoscalerList.class, Status.class, io.fabric8.kubernetes.api.model.Config.class);

    /** The client's own, not public: what it reads from credential plugins (kubeconfig exec) and OpenID providers. */
    static final List<String> CLIENT_ROOTS = List.of("io.fabric8.kubernetes.client.Config$ExecCredential",
            "io.fabric8.kubernetes.client.utils.OpenIDConnectionUtils$OpenIdConfiguration",
            "io.fabric8.kubernetes.client.utils.OpenIDConnectionUtils$OAuthToken");

    /** KubernetesClientBuilder makes the client through this constructor, found by name. */
    static final String CLIENT = "io.fabric8.kubernetes.client.impl.KubernetesClientImpl";
    static final List<String> CLIENT_CONSTRUCTOR = List.of("io.fabric8.kubernetes.client.http.HttpClient", "io.fabric8.kubernetes.client.Config",
            "io.fabric8.kubernetes.client.KubernetesClientBuilder$ExecutorSupplier", "io.fabric8.kubernetes.client.utils.KubernetesSerialization");

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        List<Class<?>> roots = new ArrayList<>(ROOTS);
        CLIENT_ROOTS.forEach(n -> roots.add(load(access, n)));
        Reach reach = reach(roots);
        for (Class<?> c : reach.beans()) {
            RuntimeReflection.register(c);
            RuntimeReflection.register(c.getDeclaredConstructors());
            RuntimeReflection.register(c.getDeclaredFields());
            RuntimeReflection.register(Arrays.stream(c.getDeclaredMethods()).filter(NativeReflection::jacksonUses).toArray(Executable[]::new));
        }
        for (Class<?> c : reach.handlers()) {
            RuntimeReflection.register(c);
            RuntimeReflection.register(c.getDeclaredConstructors());
        }
        Class<?> client = load(access, CLIENT);
        RuntimeReflection.register(client);
        try {
            RuntimeReflection.register(client.getConstructor(CLIENT_CONSTRUCTOR.stream().map(n -> load(access, n)).toArray(Class<?>[]::new)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(CLIENT + " has no constructor " + CLIENT_CONSTRUCTOR + "; see KubernetesClientBuilder.build()", e);
        }
    }

    private static Class<?> load(FeatureAccess access, String name) {
        Class<?> c = access.findClassByName(name);
        if (c == null) {
            throw new IllegalStateException(name + " is not on the class path; NativeReflection names a class fabric8 no longer has");
        }
        return c;
    }

    /**
     * What Jackson can reach from some roots: the bean classes (each with its super types and the
     * types of its properties), and the serializers and deserializers their annotations name.
     */
    record Reach(Set<Class<?>> beans, Set<Class<?>> handlers) {
    }

    static Reach reach(List<Class<?>> roots) {
        Set<Class<?>> beans = new LinkedHashSet<>();
        Set<Class<?>> handlers = new LinkedHashSet<>();
        Deque<Type> todo = new ArrayDeque<>(roots);
        Set<Type> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (!seen.add(t)) {
                continue; // also ends recursive bounds, such as E extends Enum<E>
            }
            if (t instanceof ParameterizedType p) {
                todo.push(p.getRawType());
                todo.addAll(Arrays.asList(p.getActualTypeArguments()));
            } else if (t instanceof GenericArrayType a) {
                todo.push(a.getGenericComponentType());
            } else if (t instanceof WildcardType w) {
                todo.addAll(Arrays.asList(w.getUpperBounds()));
            } else if (t instanceof TypeVariable<?> v) {
                todo.addAll(Arrays.asList(v.getBounds()));
            } else if (t instanceof Class<?> c) {
                if (c.isArray()) {
                    todo.push(c.getComponentType());
                    continue;
                }
                if (c.isPrimitive() || c.getName().startsWith("java.")) {
                    continue;
                }
                beans.add(c);
                if (c.getGenericSuperclass() != null) {
                    todo.push(c.getGenericSuperclass());
                }
                // Raw: an interface's type arguments are no property (Editable<PodBuilder> would bring the builders).
                todo.addAll(Arrays.asList(c.getInterfaces()));
                handlers(c, handlers);
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        todo.add(f.getGenericType());
                        handlers(f, handlers);
                    }
                }
                for (Method m : c.getDeclaredMethods()) {
                    if (jacksonUses(m)) {
                        todo.add(m.getGenericReturnType());
                        todo.addAll(Arrays.asList(m.getGenericParameterTypes()));
                        handlers(m, handlers);
                    }
                }
            }
        }
        return new Reach(beans, handlers);
    }

    /**
     * A getter, a setter, or a method Jackson calls for its annotation ({@code @JsonAnySetter} ...).
     * Not the methods marked {@code @JsonIgnore} that are neither: fabric8 marks {@code edit()} and
     * {@code toBuilder()} so, and they would bring the builders.
     */
    static boolean jacksonUses(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
            return false;
        }
        String n = m.getName();
        boolean getter = m.getParameterCount() == 0 && m.getReturnType() != void.class && (n.startsWith("get") || n.startsWith("is"));
        boolean setter = m.getParameterCount() == 1 && n.startsWith("set");
        return getter || setter || Arrays.stream(m.getAnnotations()).map(a -> a.annotationType())
                .anyMatch(a -> a.getName().startsWith("com.fasterxml.jackson.") && a != JsonIgnore.class);
    }

    /** The serializers and deserializers named by {@code @JsonSerialize} and {@code @JsonDeserialize}; Jackson makes them by reflection. */
    private static void handlers(AnnotatedElement e, Set<Class<?>> into) {
        List<Class<?>> named = new ArrayList<>();
        JsonSerialize s = e.getAnnotation(JsonSerialize.class);
        if (s != null) {
            named.addAll(List.of(s.using(), s.contentUsing(), s.keyUsing(), s.nullsUsing()));
        }
        JsonDeserialize d = e.getAnnotation(JsonDeserialize.class);
        if (d != null) {
            named.addAll(List.of(d.using(), d.contentUsing(), d.keyUsing()));
        }
        named.stream().filter(c -> !NONE.contains(c)).forEach(into::add);
    }

    /** The annotations' defaults: markers for "none", not classes Jackson makes. */
    private static final Set<Class<?>> NONE = Set.of(JsonSerializer.None.class, JsonDeserializer.None.class, KeyDeserializer.None.class);
}
