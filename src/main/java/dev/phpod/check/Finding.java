package dev.phpod.check;

import java.util.List;

/**
 * One pitfall in one object: which rule, where (object, the containers it is about), why, and how
 * to fix it. Most rules are about one container; the hardening rules name every container of the
 * workload they are about in one finding.
 */
public record Finding(Rule rule, Workload workload, List<String> containers, String why, String fix, Workload.Origin at) {
    public Finding {
        containers = List.copyOf(containers);
    }

    public Finding(Rule rule, Workload workload, List<String> containers, String why, String fix) {
        this(rule, workload, containers, why, fix, null);
    }

    /** A finding about one container, or about the pod when {@code container} is null. */
    public Finding(Rule rule, Workload workload, String container, String why, String fix) {
        this(rule, workload, container == null ? List.of() : List.of(container), why, fix);
    }

    /** The one container it is about, null when it is about the pod or several containers. */
    public String container() {
        return containers.size() == 1 ? containers.get(0) : null;
    }

    /** "Deployment ns/web, container nginx", "Deployment ns/web, containers nginx, php-fpm". */
    public String where() {
        return workload.ref() + switch (containers.size()) {
            case 0 -> "";
            case 1 -> ", container " + containers.get(0);
            default -> ", containers " + String.join(", ", containers);
        };
    }

    /**
     * Where the reader looks: the object the cause is in when it is another than the workload (a
     * Service, a claim), else the container's line when it is about one and the line is known, else the workload's.
     */
    public Workload.Origin origin() {
        if (at != null) {
            return at;
        }
        return containers.size() == 1 ? workload.origin().at(workload.containerLines().get(containers.get(0))) : workload.origin();
    }
}
