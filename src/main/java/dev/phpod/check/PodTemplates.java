package dev.phpod.check;

import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The workload kinds of the Kubernetes API and where each keeps its pod spec: one place for both readers. */
final class PodTemplates {
    /** apiVersion/kind of each typed workload. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("v1/Pod", Pod.class, "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class, "apps/v1/DaemonSet", DaemonSet.class, "apps/v1/ReplicaSet", ReplicaSet.class,
            "batch/v1/Job", Job.class, "batch/v1/CronJob", CronJob.class);

    private PodTemplates() {
    }

    /** The pod spec of a workload, null when it has none. */
    static PodSpec of(HasMetadata o) {
        if (o instanceof Pod p) {
            return p.getSpec();
        }
        if (o instanceof CronJob c) {
            var job = c.getSpec() == null || c.getSpec().getJobTemplate() == null ? null : c.getSpec().getJobTemplate().getSpec();
            return job == null ? null : spec(job.getTemplate());
        }
        if (o instanceof Deployment d) {
            return d.getSpec() == null ? null : spec(d.getSpec().getTemplate());
        }
        if (o instanceof StatefulSet s) {
            return s.getSpec() == null ? null : spec(s.getSpec().getTemplate());
        }
        if (o instanceof DaemonSet d) {
            return d.getSpec() == null ? null : spec(d.getSpec().getTemplate());
        }
        if (o instanceof ReplicaSet r) {
            return r.getSpec() == null ? null : spec(r.getSpec().getTemplate());
        }
        if (o instanceof Job j) {
            return j.getSpec() == null ? null : spec(j.getSpec().getTemplate());
        }
        return null;
    }

    /**
     * {@code spec.replicas} of the kinds that have it (1 when unset, the API's default), null for
     * the others: a DaemonSet's pods follow the nodes, a Job's and a Pod's are not replicas.
     */
    static Integer replicas(HasMetadata o) {
        Integer r = o instanceof Deployment d && d.getSpec() != null ? d.getSpec().getReplicas()
                : o instanceof StatefulSet s && s.getSpec() != null ? s.getSpec().getReplicas()
                : o instanceof ReplicaSet x && x.getSpec() != null ? x.getSpec().getReplicas() : null;
        boolean has = o instanceof Deployment || o instanceof StatefulSet || o instanceof ReplicaSet;
        return has ? (r == null ? 1 : r) : null;
    }

    /** The annotations of a workload's pod template (a CronJob's job template's too), null when it has none. */
    static Map<String, String> templateAnnotations(HasMetadata o) {
        PodTemplateSpec t = o instanceof CronJob c ? (c.getSpec() == null || c.getSpec().getJobTemplate() == null
                || c.getSpec().getJobTemplate().getSpec() == null ? null : c.getSpec().getJobTemplate().getSpec().getTemplate())
                : o instanceof Deployment d ? (d.getSpec() == null ? null : d.getSpec().getTemplate())
                : o instanceof StatefulSet s ? (s.getSpec() == null ? null : s.getSpec().getTemplate())
                : o instanceof DaemonSet d ? (d.getSpec() == null ? null : d.getSpec().getTemplate())
                : o instanceof ReplicaSet r ? (r.getSpec() == null ? null : r.getSpec().getTemplate())
                : o instanceof Job j ? (j.getSpec() == null ? null : j.getSpec().getTemplate()) : null;
        Map<String, String> out = new java.util.HashMap<>();
        if (o instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null && c.getSpec().getJobTemplate().getMetadata() != null
                && c.getSpec().getJobTemplate().getMetadata().getAnnotations() != null) {
            out.putAll(c.getSpec().getJobTemplate().getMetadata().getAnnotations());
        }
        if (t != null && t.getMetadata() != null && t.getMetadata().getAnnotations() != null) {
            out.putAll(t.getMetadata().getAnnotations());
        }
        return out.isEmpty() ? null : out;
    }

    /** What a workload's annotations (its own and its pod template's) silence. */
    static Ignore ignore(HasMetadata o) {
        return Ignore.of(o.getMetadata() == null ? null : o.getMetadata().getAnnotations(), templateAnnotations(o));
    }

    /** Where {@link #of} looks, for the message when it finds nothing. */
    static String field(HasMetadata o) {
        return o instanceof Pod ? "spec" : o instanceof CronJob ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
    }

    private static PodSpec spec(PodTemplateSpec t) {
        return t == null ? null : t.getSpec();
    }
}
