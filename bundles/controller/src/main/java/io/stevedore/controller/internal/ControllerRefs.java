package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.LabelSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Controller references ({@code ownerReferences} with {@code controller: true}) and the claim rules
 * of Kubernetes' {@code ControllerRefManager}: a controller keeps the dependents it controls that
 * still match its selector, releases those that no longer match, and adopts matching orphans
 * (after checking, fresh from the API, that it is not itself being deleted). Dependents controlled
 * by someone else are never touched.
 */
public final class ControllerRefs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ControllerRefs() {
    }

    public static Optional<OwnerReference> controllerOf(HasMetadata obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    /** The reference a controller puts on what it creates or adopts. */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** Whether {@code ref} points at an owner of this kind (apiVersion's group and kind). */
    public static boolean refersTo(OwnerReference ref, String apiVersion, String kind) {
        return kind.equals(ref.getKind()) && group(apiVersion).equals(group(ref.getApiVersion()));
    }

    private static String group(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** A strategic merge patch adding the owner's controller reference; the dependent's uid guards it. */
    public static String adoptPatch(HasMetadata owner, String dependentUid) {
        OwnerReference ref = controllerRef(owner);
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode meta = patch.putObject("metadata");
        ObjectNode r = meta.putArray("ownerReferences").addObject();
        r.put("apiVersion", ref.getApiVersion()).put("kind", ref.getKind()).put("name", ref.getName())
                .put("uid", ref.getUid()).put("controller", true).put("blockOwnerDeletion", true);
        meta.put("uid", dependentUid);
        return JSON.writeValueAsString(patch);
    }

    /** A strategic merge patch removing the references to the given owners; the dependent's uid guards it. */
    public static String removeOwnersPatch(List<String> ownerUids, String dependentUid) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode meta = patch.putObject("metadata");
        ArrayNode refs = meta.putArray("ownerReferences");
        for (String uid : ownerUids) {
            refs.addObject().put("$patch", "delete").put("uid", uid);
        }
        meta.put("uid", dependentUid);
        return JSON.writeValueAsString(patch);
    }

    /** How a controller acts on one dependent while claiming. */
    public interface Claimer<D> {
        void adopt(D dependent);

        void release(D dependent);
    }

    /**
     * Claims dependents for {@code owner}: returns those it controls after adoption and release.
     * Failures to adopt or release are collected and rethrown (the first) after every dependent has
     * been looked at, so the pass is retried; a dependent gone meanwhile is skipped.
     */
    public static <D extends HasMetadata> List<D> claim(HasMetadata owner, LabelSelectors.Selector selector,
                                                        List<D> candidates, BooleanSupplier canAdopt,
                                                        Claimer<D> claimer) {
        String uid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<D> claimed = new ArrayList<>();
        RuntimeException first = null;
        Boolean adoptable = null;
        for (D d : candidates) {
            Map<String, String> labels = d.getMetadata().getLabels();
            Optional<OwnerReference> ref = controllerOf(d);
            try {
                if (ref.isPresent()) {
                    if (!uid.equals(ref.get().getUid())) {
                        continue;
                    }
                    if (selector.matches(labels)) {
                        claimed.add(d);
                    } else if (!ownerDeleting) {
                        claimer.release(d);
                    }
                    continue;
                }
                if (ownerDeleting || !selector.matches(labels) || d.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (adoptable == null) {
                    adoptable = canAdopt.getAsBoolean();
                }
                if (!adoptable) {
                    continue;
                }
                claimer.adopt(d);
                claimed.add(d);
            } catch (ApiException e) {
                if (e.code() != 404 && first == null) {
                    first = e;
                }
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return claimed;
    }
}
