package dev.phpod.check;

/** One pitfall in one object: which rule, where (object, container), why, and how to fix it. */
public record Finding(Rule rule, Workload workload, String container, String why, String fix) {
    /** "Deployment ns/web, container nginx". */
    public String where() {
        return workload.ref() + (container == null ? "" : ", container " + container);
    }
}
