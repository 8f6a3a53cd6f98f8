package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An amount of the resources the scheduler accounts for: CPU in millicores, memory and ephemeral storage in
 * bytes, and extended (scalar) resources by name. Mutable; the scheduler's cache owns its instances.
 */
public final class Resources {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";
    /** What a container without a CPU request counts as when scores spread pods (Kubernetes' DefaultMilliCPURequest). */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** What a container without a memory request counts as when scores spread pods (DefaultMemoryRequest, 200 MiB). */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    public long milliCpu;
    public long memory;
    public long ephemeralStorage;
    /** The pod count (allocatable "pods" on a node). */
    public long pods;
    public final Map<String, Long> scalar = new HashMap<>();

    public Resources copy() {
        Resources r = new Resources();
        r.add(this);
        r.pods = pods;
        return r;
    }

    public void add(Resources other) {
        milliCpu += other.milliCpu;
        memory += other.memory;
        ephemeralStorage += other.ephemeralStorage;
        other.scalar.forEach((k, v) -> scalar.merge(k, v, Long::sum));
    }

    public void subtract(Resources other) {
        milliCpu -= other.milliCpu;
        memory -= other.memory;
        ephemeralStorage -= other.ephemeralStorage;
        other.scalar.forEach((k, v) -> scalar.merge(k, -v, Long::sum));
    }

    private void max(Resources other) {
        milliCpu = Math.max(milliCpu, other.milliCpu);
        memory = Math.max(memory, other.memory);
        ephemeralStorage = Math.max(ephemeralStorage, other.ephemeralStorage);
        other.scalar.forEach((k, v) -> scalar.merge(k, v, Math::max));
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalar.values().stream().allMatch(v -> v == 0);
    }

    /** A node's allocatable resources (or capacity, when it reports no allocatable). */
    public static Resources of(Map<String, Quantity> list) {
        Resources r = new Resources();
        if (list == null) {
            return r;
        }
        for (Map.Entry<String, Quantity> e : list.entrySet()) {
            String name = e.getKey();
            switch (name) {
                case CPU -> r.milliCpu = milli(e.getValue());
                case MEMORY -> r.memory = value(e.getValue());
                case EPHEMERAL_STORAGE -> r.ephemeralStorage = value(e.getValue());
                case PODS -> r.pods = value(e.getValue());
                default -> {
                    if (isScalar(name)) {
                        r.scalar.put(name, value(e.getValue()));
                    }
                }
            }
        }
        return r;
    }

    /** Extended resources and hugepages: the names the scheduler counts besides cpu, memory and storage. */
    static boolean isScalar(String name) {
        return name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")
                || (name.contains("/") && !name.startsWith("kubernetes.io/") && !name.startsWith("requests."));
    }

    /**
     * What a pod requests as Kubernetes computes it ({@code resourcehelper.PodRequests}): the sum of its
     * containers and sidecars (init containers with restartPolicy Always), or the largest init container plus
     * the sidecars started before it when that is more, plus the pod overhead.
     *
     * @param nonZero count containers without a CPU or memory request as the defaults (for scores)
     */
    public static Resources requests(Pod pod, boolean nonZero) {
        PodSpec spec = pod.getSpec();
        Resources sum = new Resources();
        if (spec == null) {
            return sum;
        }
        for (Container c : list(spec.getContainers())) {
            sum.add(container(c, nonZero));
        }
        Resources sidecars = new Resources();
        Resources initMax = new Resources();
        for (Container c : list(spec.getInitContainers())) {
            Resources r = container(c, nonZero);
            if ("Always".equals(c.getRestartPolicy())) {
                sum.add(r);
                sidecars.add(r);
                initMax.max(sidecars);
            } else {
                Resources withSidecars = r.copy();
                withSidecars.add(sidecars);
                initMax.max(withSidecars);
            }
        }
        sum.max(initMax);
        if (spec.getOverhead() != null) {
            sum.add(of(spec.getOverhead()));
        }
        return sum;
    }

    private static Resources container(Container c, boolean nonZero) {
        Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
        Resources r = of(req);
        r.pods = 0;
        if (nonZero) {
            if (req == null || !req.containsKey(CPU)) {
                r.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
            }
            if (req == null || !req.containsKey(MEMORY)) {
                r.memory = DEFAULT_MEMORY_REQUEST;
            }
        }
        return r;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** A quantity in millis, rounded up (a CPU of 0.0001 is 1m, as Kubernetes' MilliValue). */
    static long milli(Quantity q) {
        return Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    /** A quantity's value, rounded up (Kubernetes' Value). */
    static long value(Quantity q) {
        return Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
