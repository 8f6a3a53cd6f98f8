package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreException;
import io.stevedore.apiserver.internal.Json;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletion as Kubernetes' generic registry does it: preconditions, graceful deletion (pods),
 * the {@code orphan}/{@code foregroundDeletion} finalizers of propagation policies, and removal
 * once no finalizer and no grace period holds the object (a namespace also waits for its
 * spec.finalizers, which the namespace controller lifts once the namespace is empty).
 */
final class Deletion {

    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";

    private Deletion() {
    }

    static DeleteResult delete(StoreRegistry registry, ResourceType type, String namespace, String name,
                               DeleteOptions options) {
        String key = Keys.key(type, namespace, name);
        for (int attempt = 0; attempt < StoreRegistry.MAX_CAS_RETRIES; attempt++) {
            Optional<ObjectNode> found = registry.read(type, namespace, name);
            if (found.isEmpty()) {
                throw ApiException.notFound(type, name);
            }
            ObjectNode current = found.get();
            checkPreconditions(type, name, current, options);
            ObjectNode obj = current.deepCopy();
            ObjectNode meta = Json.meta(obj);
            applyPropagation(meta, options.propagationPolicy());
            long grace = gracePeriod(type, current, options);
            boolean alreadyDeleting = meta.has("deletionTimestamp");
            Instant now = registry.clock().instant();
            if (type == ResourceTypes.NAMESPACES) {
                ((ObjectNode) obj.withObject("status")).put("phase", "Terminating");
            }
            boolean pending = grace > 0 || StoreRegistry.hasFinalizers(obj) || hasSpecFinalizers(type, obj);
            if (pending) {
                if (alreadyDeleting) {
                    long existing = meta.path("deletionGracePeriodSeconds").asLong(0);
                    if (grace >= existing && obj.equals(current)) {
                        return new DeleteResult(current, false);
                    }
                    if (grace < existing) {
                        meta.put("deletionTimestamp", Json.timestamp(now.plusSeconds(grace)));
                        meta.put("deletionGracePeriodSeconds", grace);
                    }
                } else {
                    meta.put("deletionTimestamp", Json.timestamp(now.plusSeconds(grace)));
                    meta.put("deletionGracePeriodSeconds", grace);
                    if (meta.path("generation").asLong(0) > 0) {
                        meta.put("generation", meta.path("generation").asLong() + 1);
                    }
                }
            }
            if (options.dryRun()) {
                return new DeleteResult(obj, !pending);
            }
            long rev = Long.parseLong(Json.resourceVersion(current));
            try {
                if (pending) {
                    KeyValue kv = registry.store().update(key, StoredObjects.encode(obj), rev);
                    meta.put("resourceVersion", Long.toString(kv.modRevision()));
                    return new DeleteResult(obj, false);
                }
                KeyValue kv = registry.store().delete(key, rev);
                Json.meta(current).put("resourceVersion", Long.toString(kv.modRevision()));
                return new DeleteResult(current, true);
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.CONFLICT) {
                    continue;
                }
                if (e.kind() == StoreException.Kind.KEY_NOT_FOUND) {
                    throw ApiException.notFound(type, name);
                }
                throw Errors.fromStore(type, name, e);
            }
        }
        throw ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
    }

    /** A namespace's spec.finalizers ({@code kubernetes}) hold it until the namespace controller empties it. */
    static boolean hasSpecFinalizers(ResourceType type, JsonNode obj) {
        JsonNode f = obj.path("spec").path("finalizers");
        return type == ResourceTypes.NAMESPACES && f.isArray() && !f.isEmpty();
    }

    /** An object being deleted is removed once no finalizer and no grace period holds it. */
    static boolean readyToRemove(JsonNode obj) {
        return obj.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0
                && !StoreRegistry.hasFinalizers(obj);
    }

    private static void checkPreconditions(ResourceType type, String name, ObjectNode current, DeleteOptions o) {
        String uid = current.path("metadata").path("uid").asString("");
        if (o.preconditionUid() != null && !o.preconditionUid().isEmpty() && !o.preconditionUid().equals(uid)) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: "
                    + o.preconditionUid() + ", UID in object meta: " + uid);
        }
        String rv = Json.resourceVersion(current);
        if (o.preconditionRv() != null && !o.preconditionRv().isEmpty() && !o.preconditionRv().equals(rv)) {
            throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                    + o.preconditionRv() + ", ResourceVersion in meta: " + rv);
        }
    }

    private static void applyPropagation(ObjectNode meta, String policy) {
        if (policy == null || policy.isEmpty()) {
            return;
        }
        switch (policy) {
            case "Orphan" -> {
                removeFinalizer(meta, FOREGROUND);
                addFinalizer(meta, ORPHAN);
            }
            case "Foreground" -> {
                removeFinalizer(meta, ORPHAN);
                addFinalizer(meta, FOREGROUND);
            }
            case "Background" -> {
                removeFinalizer(meta, ORPHAN);
                removeFinalizer(meta, FOREGROUND);
            }
            default -> throw ApiException.invalid("DeleteOptions", "meta.k8s.io", "", java.util.List.of(
                    new ApiException.Cause("FieldValueNotSupported", "Unsupported value: \"" + policy
                            + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"",
                            "propagationPolicy")));
        }
    }

    private static void addFinalizer(ObjectNode meta, String f) {
        ArrayNode list = meta.has("finalizers") && meta.get("finalizers").isArray()
                ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        for (JsonNode n : list) {
            if (f.equals(n.asString(""))) {
                return;
            }
        }
        list.add(f);
    }

    private static void removeFinalizer(ObjectNode meta, String f) {
        JsonNode list = meta.get("finalizers");
        if (list instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (f.equals(a.get(i).asString(""))) {
                    a.remove(i);
                }
            }
            if (a.isEmpty()) {
                meta.remove("finalizers");
            }
        }
    }

    /** Pods: the request's grace, else spec.terminationGracePeriodSeconds; 0 when unscheduled or finished. */
    private static long gracePeriod(ResourceType type, ObjectNode current, DeleteOptions o) {
        if (type != ResourceTypes.PODS) {
            return 0;
        }
        String nodeName = current.path("spec").path("nodeName").asString("");
        String phase = current.path("status").path("phase").asString("");
        if (nodeName.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        long grace = o.gracePeriodSeconds() != null ? o.gracePeriodSeconds()
                : current.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        return grace < 0 ? 1 : grace;
    }
}
