package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.stevedore.api.runtime.ContainerSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A container's environment as the kubelet builds it: envFrom first, then env in order, each value
 * with {@code $(VAR)} references to earlier variables expanded ({@code $$} escapes), valueFrom
 * resolved from the pod's fields, its resources, ConfigMaps and Secrets.
 */
final class Env {

    private final BiFunction<String, String, Optional<ConfigMap>> configMaps;
    private final BiFunction<String, String, Optional<Secret>> secrets;

    Env(BiFunction<String, String, Optional<ConfigMap>> configMaps,
        BiFunction<String, String, Optional<Secret>> secrets) {
        this.configMaps = configMaps;
        this.secrets = secrets;
    }

    List<ContainerSpec.EnvVar> resolve(Pod pod, Container c, String podIp, String hostIp) throws ConfigError {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> vars = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    String name = from.getConfigMapRef().getName();
                    Optional<ConfigMap> cm = configMaps.apply(ns, name);
                    if (cm.isEmpty()) {
                        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                            continue;
                        }
                        throw new ConfigError("configmap \"" + name + "\" not found");
                    }
                    if (cm.get().getData() != null) {
                        cm.get().getData().forEach((k, v) -> vars.put(prefix + k, v));
                    }
                }
                if (from.getSecretRef() != null) {
                    String name = from.getSecretRef().getName();
                    Optional<Secret> s = secrets.apply(ns, name);
                    if (s.isEmpty()) {
                        if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                            continue;
                        }
                        throw new ConfigError("secret \"" + name + "\" not found");
                    }
                    secretData(s.get()).forEach((k, v) -> vars.put(prefix + k, v));
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                String value;
                if (e.getValueFrom() != null) {
                    value = valueFrom(pod, c, e.getValueFrom(), podIp, hostIp);
                    if (value == null) {
                        continue;
                    }
                } else {
                    value = expand(e.getValue() == null ? "" : e.getValue(), vars);
                }
                vars.put(e.getName(), value);
            }
        }
        List<ContainerSpec.EnvVar> out = new ArrayList<>();
        vars.forEach((k, v) -> out.add(new ContainerSpec.EnvVar(k, v)));
        return out;
    }

    /** A Secret's values as text (Volumes decodes data and stringData once for both uses). */
    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        Volumes.secretData(s).forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private String valueFrom(Pod pod, Container c, EnvVarSource src, String podIp, String hostIp) throws ConfigError {
        String ns = pod.getMetadata().getNamespace();
        if (src.getFieldRef() != null) {
            return field(pod, src.getFieldRef(), podIp, hostIp);
        }
        if (src.getResourceFieldRef() != null) {
            return resource(pod, c, src.getResourceFieldRef());
        }
        if (src.getConfigMapKeyRef() != null) {
            var ref = src.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> cm = configMaps.apply(ns, ref.getName());
            if (cm.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
            }
            String v = cm.get().getData() == null ? null : cm.get().getData().get(ref.getKey());
            if (v == null && !optional) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return v;
        }
        if (src.getSecretKeyRef() != null) {
            var ref = src.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> s = secrets.apply(ns, ref.getName());
            if (s.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ConfigError("secret \"" + ref.getName() + "\" not found");
            }
            String v = secretData(s.get()).get(ref.getKey());
            if (v == null && !optional) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return v;
        }
        return "";
    }

    /** The pod fields the downward API offers. */
    static String field(Pod pod, ObjectFieldSelector ref, String podIp, String hostIp) {
        String path = ref.getFieldPath();
        var meta = pod.getMetadata();
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
            String k = path.substring(17, path.length() - 2);
            return meta.getLabels() == null ? "" : meta.getLabels().getOrDefault(k, "");
        }
        if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
            String k = path.substring(22, path.length() - 2);
            return meta.getAnnotations() == null ? "" : meta.getAnnotations().getOrDefault(k, "");
        }
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "metadata.labels" -> lines(meta.getLabels());
            case "metadata.annotations" -> lines(meta.getAnnotations());
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName() == null ? "default"
                    : pod.getSpec().getServiceAccountName();
            case "status.hostIP", "status.hostIPs" -> hostIp;
            case "status.podIP", "status.podIPs" -> podIp;
            default -> "";
        };
    }

    /** {@code key="value"} lines, sorted, as downward API files hold labels and annotations. */
    static String lines(Map<String, String> m) {
        if (m == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        m.keySet().stream().sorted().forEach(k -> b.append(k).append("=\"")
                .append(m.get(k).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"\n"));
        return b.toString().isEmpty() ? "" : b.substring(0, b.length() - 1);
    }

    /** A container's request or limit in the divisor's unit, rounded up; unset limits are the node's allocatable. */
    static String resource(Pod pod, Container self, ResourceFieldSelector ref) {
        Container c = self;
        if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
            c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(ref.getContainerName()))
                    .findFirst().orElse(self);
        }
        String res = ref.getResource();
        Map<String, Quantity> m = null;
        if (c.getResources() != null) {
            m = res.startsWith("limits.") ? c.getResources().getLimits() : c.getResources().getRequests();
        }
        String name = res.substring(res.indexOf('.') + 1);
        Quantity q = m == null ? null : m.get(name);
        BigDecimal amount = q == null ? (res.startsWith("requests.") ? BigDecimal.ZERO
                : name.equals("cpu") ? BigDecimal.valueOf(Runtime.getRuntime().availableProcessors())
                : BigDecimal.valueOf(NodeStats.memoryTotalBytes())) : Quantity.getAmountInBytes(q);
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(ref.getDivisor());
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    /** Expands {@code $(NAME)} from the variables so far; unknown references stay as written, {@code $$} is {@code $}. */
    static String expand(String s, Map<String, String> vars) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '$' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next == '$') {
                    b.append('$');
                    i++;
                    continue;
                }
                if (next == '(') {
                    int end = s.indexOf(')', i + 2);
                    if (end > 0) {
                        String name = s.substring(i + 2, end);
                        String v = vars.get(name);
                        b.append(v != null ? v : "$(" + name + ")");
                        i = end;
                        continue;
                    }
                }
            }
            b.append(ch);
        }
        return b.toString();
    }
}
