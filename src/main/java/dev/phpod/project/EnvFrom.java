package dev.phpod.project;

/**
 * A Secret or ConfigMap whose keys become environment variables of every container that runs the
 * app's code (Kubernetes' {@code envFrom}). phpod names it; its values are never written by phpod.
 *
 * @param secret true for a Secret, false for a ConfigMap
 * @param name   its name in the environment's namespace
 */
public record EnvFrom(boolean secret, String name) {

    /** The descriptor's key for this kind. */
    public String key() {
        return secret ? "secret" : "configMap";
    }

    /** Kubernetes' field of an EnvFromSource for this kind. */
    public String ref() {
        return secret ? "secretRef" : "configMapRef";
    }
}
