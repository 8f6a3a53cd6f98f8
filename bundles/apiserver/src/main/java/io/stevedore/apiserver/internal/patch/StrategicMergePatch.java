package io.stevedore.apiserver.internal.patch;

import io.stevedore.api.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}), applied as
 * {@code k8s.io/apimachinery/pkg/util/strategicpatch} {@code StrategicMergeMapPatch} does (merge options
 * {@code MergeParallelList} and {@code IgnoreUnmatchedNulls}).
 *
 * <p>Maps merge member by member and {@code null} deletes a member. Lists with a merge rule in the
 * {@link PatchSchema} merge by key (objects) or as sets (scalars); other lists are replaced. Directives:
 * {@code $patch: replace|delete} in a map, {@code $patch: replace|delete} as a list element of a keyed list,
 * {@code $retainKeys}, {@code $setElementOrder/<field>} and {@code $deleteFromPrimitiveList/<field>}.
 *
 * <p>Errors are reported with Kubernetes' status codes: malformed directive lists are 400
 * ({@code interpretStrategicMergePatchError}); lists of lists are the generic 422; other failures of the Go library
 * (unknown {@code $patch} value, an item without its merge key, a bad {@code $setElementOrder}) are plain errors,
 * which the API server answers with 500 and the error text. An unknown {@code $}-prefixed member is rejected as
 * strict decoding rejects unknown fields (422).
 *
 * <p>Kinds without struct tags (custom resources) get a merge with lists replaced; Kubernetes itself refuses SMP
 * for them with 415 (see {@link PatchSchema#isBuiltIn} and {@link PatchErrors#strategicMergeUnsupported()}).
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ORDER = "$setElementOrder/";
    static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

    private final PatchSchema schema;

    public StrategicMergePatch(PatchSchema schema) {
        this.schema = schema;
    }

    /** An engine over the built-in Kubernetes table. */
    public StrategicMergePatch() {
        this(PatchSchema.kubernetes());
    }

    /** Applies the patch to a copy of {@code original}, with the rules of the original's apiVersion and kind. */
    public ObjectNode apply(ObjectNode original, ObjectNode patch) {
        return apply(original, patch, text(original.get("apiVersion")), text(original.get("kind")));
    }

    /** Applies the patch to a copy of {@code original} with the rules of the given kind; neither input changes. */
    public ObjectNode apply(ObjectNode original, ObjectNode patch, String apiVersion, String kind) {
        Merger m = new Merger(schema.forKind(apiVersion, kind), patch);
        return m.mergeMap(original.deepCopy(), patch.deepCopy(), "");
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.stringValue() : null;
    }

    /** One application: the kind's rules and the untouched patch (for error messages). */
    private static final class Merger {
        private final PatchSchema.KindSchema rules;
        private final ObjectNode rootPatch;

        Merger(PatchSchema.KindSchema rules, ObjectNode rootPatch) {
            this.rules = rules;
            this.rootPatch = rootPatch;
        }

        ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String path) {
            JsonNode directive = patch.get(DIRECTIVE);
            if (directive != null) {
                return mapDirective(directive, patch);
            }
            if (original == null) {
                original = Nodes.F.objectNode();
            }
            retainKeys(original, patch);
            setElementOrders(original, patch, path);

            for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
                String k = e.getKey();
                JsonNode pv = e.getValue();
                boolean deleteList = false;
                if (k.startsWith(DELETE_PRIMITIVE)) {
                    k = k.substring(DELETE_PRIMITIVE.length());
                    deleteList = true;
                } else if (k.startsWith("$")) {
                    throw PatchErrors.strictDecoding(Nodes.goString(rootPatch), join(path, k));
                }
                String child = join(path, k);
                if (pv.isNull()) {
                    original.remove(k);
                    continue;
                }
                JsonNode ov = original.get(k);
                if (ov == null || !Nodes.goType(ov).equals(Nodes.goType(pv))) {
                    if (!deleteList) {
                        original.set(k, fresh(pv, child));
                    }
                    continue;
                }
                if (pv.isObject()) {
                    original.set(k, mergeMap((ObjectNode) ov, (ObjectNode) pv, child));
                } else if (pv.isArray()) {
                    original.set(k, mergeSliceHandler((ArrayNode) ov, (ArrayNode) pv, child, deleteList));
                } else {
                    original.set(k, pv);
                }
            }
            return original;
        }

        private ObjectNode mapDirective(JsonNode directive, ObjectNode patch) {
            String d = directive.isString() ? directive.stringValue() : null;
            if ("replace".equals(d)) {
                ObjectNode out = (ObjectNode) Nodes.withoutNulls(patch);
                out.remove(DIRECTIVE);
                return out;
            }
            if ("delete".equals(d)) {
                return Nodes.F.objectNode();
            }
            throw badPatchType(directive, patch);
        }

        /** A patch value with no counterpart in the original: merged into an empty value so directives apply. */
        private JsonNode fresh(JsonNode pv, String path) {
            if (pv.isObject()) {
                return mergeMap(Nodes.F.objectNode(), (ObjectNode) pv, path);
            }
            if (pv.isArray()) {
                return mergeSliceHandler(Nodes.F.arrayNode(), (ArrayNode) pv, path, false);
            }
            return pv;
        }

        private void retainKeys(ObjectNode original, ObjectNode patch) {
            JsonNode rk = patch.remove(RETAIN_KEYS);
            if (rk == null) {
                return;
            }
            if (!rk.isArray()) {
                throw PatchErrors.badRequest("invalid patch format of retainKeys");
            }
            Set<String> keep = new HashSet<>();
            rk.values().forEach(v -> keep.add(Nodes.goString(v)));
            for (Map.Entry<String, JsonNode> e : patch.properties()) {
                String k = e.getKey();
                if (e.getValue().isNull() || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) {
                    continue;
                }
                if (!keep.contains(k)) {
                    throw PatchErrors.badRequest("invalid patch format of retainKeys");
                }
            }
            original.properties().removeIf(e -> !keep.contains(e.getKey()));
        }

        private void setElementOrders(ObjectNode original, ObjectNode patch, String path) {
            for (String key : new ArrayList<>(patch.propertyNames())) {
                if (!key.startsWith(SET_ORDER)) {
                    continue;
                }
                JsonNode order = patch.remove(key);
                if (!order.isArray()) {
                    throw PatchErrors.unknown("expected a []interface {}, but received a " + goTypeName(order));
                }
                String field = key.substring(SET_ORDER.length());
                String child = join(path, field);
                JsonNode ol = original.get(field);
                JsonNode pl = patch.get(field);
                boolean foundOriginal = ol != null && !ol.isNull();
                boolean foundPatch = pl != null && !pl.isNull();
                if (foundOriginal && !ol.isArray()) {
                    throw PatchErrors.unknown("expected a []interface {}, but received a " + goTypeName(ol));
                }
                if (foundPatch && !pl.isArray()) {
                    throw PatchErrors.unknown("expected a []interface {}, but received a " + goTypeName(pl));
                }
                PatchSchema.FieldRule rule = rules.rule(child);
                boolean mergeList = rule != null && rule.isMergeList();
                String mergeKey = mergeList ? rule.mergeKey() : null;
                List<JsonNode> orderList = list(order);
                List<JsonNode> patchList = foundPatch ? list(pl) : List.of();
                List<JsonNode> originalList = foundOriginal ? list(ol) : List.of();
                validateWithSetOrder(patchList, orderList, mergeKey);
                if (!foundOriginal && !foundPatch) {
                    continue;
                }
                ArrayNode merged;
                if (foundOriginal && !foundPatch) {
                    merged = (ArrayNode) ol;
                } else if (!foundOriginal) {
                    merged = (ArrayNode) fresh(pl, child);
                } else {
                    merged = mergeSliceHandler((ArrayNode) ol, (ArrayNode) pl, child, false);
                }
                patch.remove(field);
                if (!mergeList || merged.isEmpty()) {
                    original.set(field, merged);
                    continue;
                }
                boolean maps = "map".equals(elementType(List.of(originalList, patchList)));
                List<JsonNode> items = list(merged);
                List<List<JsonNode>> parts = maps && mergeKey != null
                        ? partitionMaps(items, orderList, mergeKey) : partitionPrimitives(items, orderList);
                original.set(field, array(normalize(parts.get(0), parts.get(1), orderList, originalList,
                        maps ? mergeKey : null)));
            }
        }

        private void validateWithSetOrder(List<JsonNode> patchList, List<JsonNode> order, String mergeKey) {
            if (order.isEmpty() || patchList.isEmpty()) {
                return;
            }
            List<JsonNode> nonDelete = new ArrayList<>();
            for (JsonNode v : patchList) {
                if (mergeKey != null && !v.isObject()) {
                    throw PatchErrors.unknown("expected a map[string]interface {}, but received a " + goTypeName(v));
                }
                if (mergeKey == null || !isDeleteDirective(v)) {
                    nonDelete.add(v);
                }
            }
            int pi = 0;
            int si = 0;
            while (pi < nonDelete.size() && si < order.size()) {
                JsonNode item = nonDelete.get(pi);
                if (item.isObject() && item.has(DIRECTIVE)) {
                    pi++;
                    continue;
                }
                if (mergeKeyValueEqual(item, order.get(si), mergeKey)) {
                    pi++;
                }
                si++;
            }
            if (pi < nonDelete.size()) {
                throw PatchErrors.unknown("The order in patch list:\n" + Nodes.goString(array(patchList))
                        + "\n doesn't match $setElementOrder list:\n" + Nodes.goString(array(order)) + "\n");
            }
        }

        private boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) {
            if (mergeKey == null) {
                return Nodes.equal(left, right);
            }
            if (!right.isObject()) {
                throw PatchErrors.unknown("expected a map[string]interface {}, but received a " + goTypeName(right));
            }
            JsonNode l = left.get(mergeKey);
            if (l == null) {
                throw noMergeKey(left, mergeKey);
            }
            JsonNode r = right.get(mergeKey);
            if (r == null) {
                throw noMergeKey(right, mergeKey);
            }
            return Nodes.equal(l, r);
        }

        private ArrayNode mergeSliceHandler(ArrayNode original, ArrayNode patch, String path, boolean deleteList) {
            PatchSchema.FieldRule rule = rules.rule(path);
            if (rule != null && rule.isMergeList()) {
                return mergeSlice(original, patch, rule.strategy() == PatchSchema.Strategy.MERGE_BY_KEY
                        ? rule.mergeKey() : null, path, deleteList);
            }
            if (deleteList) {
                return array(deleteFromSlice(list(original), list(patch)));
            }
            return (ArrayNode) Nodes.withoutNulls(patch);
        }

        private ArrayNode mergeSlice(ArrayNode originalNode, ArrayNode patchNode, String mergeKey, String path,
                                     boolean deleteList) {
            if (originalNode.isEmpty() && patchNode.isEmpty()) {
                return originalNode;
            }
            List<JsonNode> original = list(originalNode);
            List<JsonNode> patch = list(patchNode);
            boolean maps = "map".equals(elementType(List.of(original, patch)));
            List<JsonNode> merged;
            if (!maps) {
                if (deleteList) {
                    return array(deleteFromSlice(original, patch));
                }
                List<JsonNode> both = new ArrayList<>(original);
                both.addAll(patch);
                merged = dedup(both);
            } else {
                if (mergeKey == null) {
                    throw PatchErrors.unknown("cannot merge lists without merge key for " + path);
                }
                List<List<JsonNode>> special = withSpecialElements(original, patch, mergeKey, path);
                original = special.get(0);
                patch = special.get(1);
                merged = withoutSpecialElements(original, patch, mergeKey, path);
            }
            List<List<JsonNode>> parts = maps ? partitionMaps(merged, patch, mergeKey)
                    : partitionPrimitives(merged, patch);
            return array(normalize(parts.get(0), parts.get(1), patch, original, maps ? mergeKey : null));
        }

        /** Applies {@code $patch} list elements: returns [original after deletions, patch without directives]. */
        private List<List<JsonNode>> withSpecialElements(List<JsonNode> original, List<JsonNode> patch, String mergeKey,
                                                       String path) {
            List<JsonNode> plain = new ArrayList<>();
            boolean replace = false;
            List<JsonNode> orig = new ArrayList<>(original);
            for (JsonNode v : patch) {
                JsonNode d = v.get(DIRECTIVE);
                if (d == null) {
                    plain.add(v);
                    continue;
                }
                String directive = d.isString() ? d.stringValue() : null;
                if ("delete".equals(directive)) {
                    JsonNode key = v.get(mergeKey);
                    if (key == null) {
                        throw noMergeKey(v, mergeKey);
                    }
                    orig.removeIf(item -> Nodes.equal(item.get(mergeKey), key) && item.get(mergeKey) != null);
                } else if ("replace".equals(directive)) {
                    replace = true;
                } else if ("merge".equals(directive)) {
                    throw PatchErrors.unknown("merging lists cannot yet be specified in the patch");
                } else {
                    throw badPatchType(d, v);
                }
            }
            if (replace) {
                List<JsonNode> replaced = new ArrayList<>();
                for (JsonNode v : plain) {
                    replaced.add(mergeMap(Nodes.F.objectNode(), (ObjectNode) v, path));
                }
                return List.of(replaced, List.of());
            }
            return List.of(orig, plain);
        }

        private List<JsonNode> withoutSpecialElements(List<JsonNode> original, List<JsonNode> patch, String mergeKey,
                                                      String path) {
            List<JsonNode> out = new ArrayList<>(original);
            for (JsonNode v : patch) {
                JsonNode key = v.get(mergeKey);
                if (key == null) {
                    throw noMergeKey(v, mergeKey);
                }
                int at = indexOf(out, v, mergeKey);
                if (at >= 0) {
                    out.set(at, mergeMap((ObjectNode) out.get(at), (ObjectNode) v, path));
                } else {
                    out.add(mergeMap(Nodes.F.objectNode(), (ObjectNode) v, path));
                }
            }
            return out;
        }

        private List<List<JsonNode>> partitionMaps(List<JsonNode> items, List<JsonNode> by, String mergeKey) {
            List<JsonNode> inPatch = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            for (JsonNode v : items) {
                if (!v.isObject()) {
                    throw PatchErrors.unknown("expected a map[string]interface {}, but received a " + goTypeName(v));
                }
                if (v.get(mergeKey) == null) {
                    throw noMergeKey(v, mergeKey);
                }
                (indexOf(by, v, mergeKey) >= 0 ? inPatch : serverOnly).add(v);
            }
            return List.of(inPatch, serverOnly);
        }

        private List<List<JsonNode>> partitionPrimitives(List<JsonNode> items, List<JsonNode> by) {
            List<JsonNode> inPatch = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            for (JsonNode v : items) {
                (indexOf(by, v, null) >= 0 ? inPatch : serverOnly).add(v);
            }
            return List.of(inPatch, serverOnly);
        }

        /** {@code normalizeElementOrder}: sort both parts by their order lists, then interleave by server order. */
        private List<JsonNode> normalize(List<JsonNode> patchItems, List<JsonNode> serverOnly, List<JsonNode> patchOrder,
                                         List<JsonNode> serverOrder, String mergeKey) {
            List<JsonNode> left = sortByOrder(serverOnly, serverOrder, mergeKey);
            List<JsonNode> right = sortByOrder(patchItems, patchOrder, mergeKey);
            List<JsonNode> out = new ArrayList<>(left.size() + right.size());
            int i = 0;
            int j = 0;
            while (i < left.size() || j < right.size()) {
                if (i >= left.size()) {
                    out.add(right.get(j++));
                } else if (j >= right.size()) {
                    out.add(left.get(i++));
                } else {
                    int li = indexOf(serverOrder, left.get(i), mergeKey);
                    int ri = indexOf(serverOrder, right.get(j), mergeKey);
                    if (li >= 0 && ri >= 0 && li < ri) {
                        out.add(left.get(i++));
                    } else {
                        out.add(right.get(j++));
                    }
                }
            }
            return out;
        }

        /** Items found in {@code order} take its relative order (in the slots they occupy); others stay put. */
        private List<JsonNode> sortByOrder(List<JsonNode> toSort, List<JsonNode> order, String mergeKey) {
            if (mergeKey != null) {
                for (JsonNode v : order) {
                    if (!v.isObject() || v.get(mergeKey) == null) {
                        throw noMergeKey(v, mergeKey);
                    }
                }
            }
            List<Integer> slots = new ArrayList<>();
            List<JsonNode> found = new ArrayList<>();
            for (int i = 0; i < toSort.size(); i++) {
                if (indexOf(order, toSort.get(i), mergeKey) >= 0) {
                    slots.add(i);
                    found.add(toSort.get(i));
                }
            }
            found.sort((a, b) -> Integer.compare(indexOf(order, a, mergeKey), indexOf(order, b, mergeKey)));
            List<JsonNode> out = new ArrayList<>(toSort);
            for (int s = 0; s < slots.size(); s++) {
                out.set(slots.get(s), found.get(s));
            }
            return out;
        }

        private static int indexOf(List<JsonNode> list, JsonNode v, String mergeKey) {
            JsonNode needle = mergeKey == null ? v : v.get(mergeKey);
            if (needle == null) {
                return -1;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode candidate = mergeKey == null ? list.get(i) : list.get(i).get(mergeKey);
                if (candidate != null && Nodes.equal(needle, candidate)) {
                    return i;
                }
            }
            return -1;
        }

        private static List<JsonNode> deleteFromSlice(List<JsonNode> current, List<JsonNode> toDelete) {
            return current.stream().filter(v -> indexOf(toDelete, v, null) < 0).collect(Collectors.toList());
        }

        private static List<JsonNode> dedup(List<JsonNode> items) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : items) {
                if (indexOf(out, v, null) < 0) {
                    out.add(v);
                }
            }
            return out;
        }

        /** {@code sliceElementType}: every element of every list has one JSON type, and it is not a list. */
        private static String elementType(List<List<JsonNode>> lists) {
            String type = null;
            for (List<JsonNode> l : lists) {
                for (JsonNode v : l) {
                    String t = Nodes.goType(v);
                    if (type == null) {
                        type = t;
                        if (t.equals("slice")) {
                            throw PatchErrors.genericInvalid("lists of lists are not supported");
                        }
                    } else if (!type.equals(t)) {
                        throw PatchErrors.unknown("list element types are not identical: " + lists.stream()
                                .map(x -> Nodes.goString(array(x))).collect(Collectors.joining(" ", "[", "]")));
                    }
                }
            }
            return type;
        }

        private static boolean isDeleteDirective(JsonNode v) {
            JsonNode d = v.get(DIRECTIVE);
            return d != null && d.isString() && d.stringValue().equals("delete");
        }

        private static ApiException noMergeKey(JsonNode map, String key) {
            return PatchErrors.unknown("map: " + Nodes.goString(map) + " does not contain declared merge key: " + key);
        }

        private static ApiException badPatchType(JsonNode directive, JsonNode map) {
            return PatchErrors.unknown("unknown patch type: " + Nodes.goString(directive) + " in map: " + Nodes.goString(map));
        }

        private static String goTypeName(JsonNode v) {
            return switch (Nodes.goType(v)) {
                case "map" -> "map[string]interface {}";
                case "slice" -> "[]interface {}";
                case "number" -> "float64";
                case "nil" -> "<nil>";
                default -> Nodes.goType(v);
            };
        }
    }

    static String join(String path, String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.values().forEach(out::add);
        return out;
    }

    static ArrayNode array(List<JsonNode> items) {
        ArrayNode a = Nodes.F.arrayNode();
        items.forEach(a::add);
        return a;
    }
}
