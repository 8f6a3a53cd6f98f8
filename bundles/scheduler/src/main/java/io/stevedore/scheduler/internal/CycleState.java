package io.stevedore.scheduler.internal;

import java.util.HashMap;
import java.util.Map;

/** Data plugins compute once per scheduling cycle (in pre-filter and pre-score) and read per node. */
public final class CycleState {

    private final Map<String, Object> data = new HashMap<>();

    @SuppressWarnings("unchecked")
    public <T> T read(String key) {
        return (T) data.get(key);
    }

    public void write(String key, Object value) {
        data.put(key, value);
    }

    /** A copy for a what-if run (preemption), sharing the plugins' values, which they never change after writing. */
    public CycleState copy() {
        CycleState c = new CycleState();
        c.data.putAll(data);
        return c;
    }
}
