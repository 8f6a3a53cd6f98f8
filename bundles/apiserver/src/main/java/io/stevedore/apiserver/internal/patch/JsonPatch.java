package io.stevedore.apiserver.internal.patch;

import io.stevedore.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch ({@code application/json-patch+json}) with the error behaviour of the Kubernetes API server:
 * a body that is not a list of operations is a 400, more than {@value #MAX_OPERATIONS} operations a 413, and every
 * failure while applying (a failed {@code test}, a missing path, a bad pointer, an unknown op) is a 422 Invalid with
 * the generic message Kubernetes uses (the precise reason is the exception's Java cause).
 *
 * <p>Like the library Kubernetes uses (evanphx/json-patch v4), negative array indices count from the end, and a
 * {@code test} of a missing member with the value {@code null} succeeds.
 */
public final class JsonPatch {

    /** {@code maxJSONPatchOperations} of the API server. */
    public static final int MAX_OPERATIONS = 10000;

    private JsonPatch() {
    }

    /** Applies the patch to a copy of {@code target}; the patched object must still be an object. */
    public static ObjectNode applyToObject(ObjectNode target, JsonNode patch) {
        JsonNode out = apply(target, patch);
        if (!out.isObject()) {
            throw PatchErrors.genericInvalid("the patched document is not an object");
        }
        return (ObjectNode) out;
    }

    /** Applies the patch (a JSON array of operations) to a copy of {@code target} and returns the copy. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        List<ObjectNode> ops = decode(patch);
        if (ops.size() > MAX_OPERATIONS) {
            throw PatchErrors.tooManyOperations(MAX_OPERATIONS, ops.size());
        }
        Holder doc = new Holder(target.deepCopy());
        for (ObjectNode op : ops) {
            try {
                applyOne(doc, op);
            } catch (PatchFailure f) {
                throw PatchErrors.genericInvalid(f.getMessage());
            }
        }
        return doc.root;
    }

    private static List<ObjectNode> decode(JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw ApiException.badRequest("json: cannot unmarshal " + jsonKind(patch)
                    + " into Go value of type jsonpatch.Patch");
        }
        List<ObjectNode> ops = new ArrayList<>();
        for (JsonNode n : patch.values()) {
            if (!n.isObject()) {
                throw ApiException.badRequest("json: cannot unmarshal " + jsonKind(n)
                        + " into Go value of type jsonpatch.Operation");
            }
            ops.add((ObjectNode) n);
        }
        return ops;
    }

    private static String jsonKind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        return n.isObject() ? "object" : n.isArray() ? "array" : n.isNumber() ? "number" : n.isBoolean() ? "bool" : "string";
    }

    private static void applyOne(Holder doc, ObjectNode op) {
        JsonNode kindNode = op.get("op");
        String kind = kindNode != null && kindNode.isString() ? kindNode.stringValue() : "unknown";
        switch (kind) {
            case "add" -> add(doc, pointer(op, "path"), value(op, kind));
            case "remove" -> remove(doc, pointer(op, "path"), kind);
            case "replace" -> {
                List<String> path = pointer(op, "path");
                JsonNode v = value(op, kind);
                requireExisting(doc, path, kind);
                set(doc, path, v, false);
            }
            case "move" -> {
                List<String> from = pointer(op, "from");
                List<String> path = pointer(op, "path");
                if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
                    throw new PatchFailure("move operation does not apply: from \"" + render(from)
                            + "\" is a prefix of path \"" + render(path) + "\"");
                }
                JsonNode v = remove(doc, from, kind);
                add(doc, path, v);
            }
            case "copy" -> {
                List<String> from = pointer(op, "from");
                JsonNode v = requireExisting(doc, from, kind);
                add(doc, pointer(op, "path"), v.deepCopy());
            }
            case "test" -> {
                List<String> path = pointer(op, "path");
                JsonNode expected = op.get("value");
                JsonNode actual = find(doc, path);
                if (actual == null && (expected == null || expected.isNull())) {
                    return;
                }
                if (expected == null || !Nodes.equal(actual, expected)) {
                    throw new PatchFailure("testing value " + render(path) + " failed: test failed");
                }
            }
            default -> throw new PatchFailure("Unexpected kind: " + kind);
        }
    }

    private static JsonNode value(ObjectNode op, String kind) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw new PatchFailure(kind + " operation has no value");
        }
        return v.deepCopy();
    }

    /** Parses an RFC 6901 pointer into reference tokens; the empty pointer (the whole document) is not patchable. */
    static List<String> parsePointer(String pointer) {
        if (pointer.isEmpty() || pointer.charAt(0) != '/') {
            throw new PatchFailure("invalid JSON pointer: \"" + pointer + "\"");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '~') {
                    sb.append(c);
                    continue;
                }
                char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
                if (next == '0') {
                    sb.append('~');
                } else if (next == '1') {
                    sb.append('/');
                } else {
                    throw new PatchFailure("invalid JSON pointer escape in \"" + pointer + "\"");
                }
                i++;
            }
            tokens.add(sb.toString());
        }
        return tokens;
    }

    private static List<String> pointer(ObjectNode op, String member) {
        JsonNode p = op.get(member);
        if (p == null || !p.isString()) {
            throw new PatchFailure("operation missing " + member + " string");
        }
        return parsePointer(p.stringValue());
    }

    private static String render(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    private static JsonNode find(Holder doc, List<String> path) {
        JsonNode cur = doc.root;
        for (String t : path) {
            if (cur == null) {
                return null;
            }
            if (cur.isObject()) {
                cur = cur.get(t);
            } else if (cur.isArray()) {
                Integer i = index(t, cur.size(), false);
                cur = i == null ? null : cur.get(i);
            } else {
                return null;
            }
        }
        return cur;
    }

    private static JsonNode requireExisting(Holder doc, List<String> path, String kind) {
        JsonNode v = find(doc, path);
        if (v == null) {
            throw new PatchFailure(kind + " operation does not apply: doc is missing path: \"" + render(path) + "\"");
        }
        return v;
    }

    private static JsonNode parent(Holder doc, List<String> path, String kind) {
        JsonNode p = find(doc, path.subList(0, path.size() - 1));
        if (p == null || !p.isContainer()) {
            throw new PatchFailure(kind + " operation does not apply: doc is missing path: \"" + render(path) + "\"");
        }
        return p;
    }

    /** An array index: digits, negative from the end, or "-" (append, only when adding). */
    private static Integer index(String token, int size, boolean forAdd) {
        if (forAdd && token.equals("-")) {
            return size;
        }
        int i;
        try {
            i = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            return null;
        }
        if (i < 0) {
            i += size;
        }
        int max = forAdd ? size : size - 1;
        return i < 0 || i > max ? null : i;
    }

    private static void add(Holder doc, List<String> path, JsonNode value) {
        set(doc, path, value, true);
    }

    private static void set(Holder doc, List<String> path, JsonNode value, boolean insert) {
        String kind = insert ? "add" : "replace";
        JsonNode p = parent(doc, path, kind);
        String last = path.get(path.size() - 1);
        if (p.isObject()) {
            ((ObjectNode) p).set(last, value);
            return;
        }
        ArrayNode arr = (ArrayNode) p;
        Integer i = index(last, arr.size(), insert);
        if (i == null) {
            throw new PatchFailure("Unable to access invalid index: " + last);
        }
        if (insert) {
            arr.insert(i, value);
        } else {
            arr.set(i, value);
        }
    }

    private static JsonNode remove(Holder doc, List<String> path, String kind) {
        JsonNode p = parent(doc, path, kind);
        String last = path.get(path.size() - 1);
        if (p.isObject()) {
            JsonNode old = ((ObjectNode) p).remove(last);
            if (old == null) {
                throw new PatchFailure(kind + " operation does not apply: doc is missing key: " + render(path));
            }
            return old;
        }
        ArrayNode arr = (ArrayNode) p;
        Integer i = index(last, arr.size(), false);
        if (i == null) {
            throw new PatchFailure("Unable to access invalid index: " + last);
        }
        return arr.remove(i);
    }

    private static final class Holder {
        final JsonNode root;

        Holder(JsonNode root) {
            this.root = root;
        }
    }

    /** A failure while applying one operation; reported as the generic 422. */
    static final class PatchFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PatchFailure(String message) {
            super(message, null, false, false);
        }
    }
}
