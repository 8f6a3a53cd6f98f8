package io.stevedore.apiserver.internal.registry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DefaultTolerationSeconds admission plugin: a new pod that does not already tolerate the
 * {@code node.kubernetes.io/not-ready} and {@code node.kubernetes.io/unreachable} NoExecute taints
 * gets tolerations for them of 300 seconds, so its node's loss evicts it after five minutes.
 */
final class DefaultTolerationSeconds {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final long DEFAULT_SECONDS = 300;

    private DefaultTolerationSeconds() {
    }

    static void admit(ObjectNode pod) {
        if (!(pod.path("spec") instanceof ObjectNode spec)) {
            return;
        }
        JsonNode existing = spec.get("tolerations");
        boolean notReady = tolerated(existing, NOT_READY);
        boolean unreachable = tolerated(existing, UNREACHABLE);
        if (notReady && unreachable) {
            return;
        }
        ArrayNode list = existing instanceof ArrayNode a ? a : spec.putArray("tolerations");
        if (!notReady) {
            add(list, NOT_READY);
        }
        if (!unreachable) {
            add(list, UNREACHABLE);
        }
    }

    private static void add(ArrayNode list, String key) {
        list.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", DEFAULT_SECONDS);
    }

    /** Whether some toleration tolerates a NoExecute taint with this key (any value). */
    private static boolean tolerated(JsonNode tolerations, String key) {
        if (tolerations == null || !tolerations.isArray()) {
            return false;
        }
        for (JsonNode t : tolerations) {
            String effect = t.path("effect").asString("");
            String k = t.path("key").asString("");
            String op = t.path("operator").asString("Equal");
            boolean effectOk = effect.isEmpty() || effect.equals("NoExecute");
            boolean keyOk = k.isEmpty() ? "Exists".equals(op) : k.equals(key);
            if (effectOk && keyOk) {
                return true;
            }
        }
        return false;
    }
}
