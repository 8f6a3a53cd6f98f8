package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ConfigMaps: key names, 1 MiB total, the {@code immutable} flag. */
final class ConfigMapStrategy extends BaseStrategy {

    /** MaxSecretSize, shared by configmaps and secrets. */
    static final int MAX_SIZE = 1024 * 1024;
    static final String IMMUTABLE = "field is immutable when `immutable` is set";

    ConfigMapStrategy() {
        super(ResourceTypes.CONFIGMAPS);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        long total = 0;
        Map<String, String> data = Nodes.stringMap(obj, "data");
        Map<String, String> binary = Nodes.stringMap(obj, "binaryData");
        for (Map.Entry<String, String> e : data.entrySet()) {
            String path = "data[" + e.getKey() + "]";
            for (String m : Names.configMapKey(e.getKey())) {
                errs.add(FieldErrors.invalid(path, e.getKey(), m));
            }
            if (binary.containsKey(e.getKey())) {
                errs.add(FieldErrors.invalid(path, e.getKey(), "duplicate of key present in binaryData"));
            }
            total += e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            String path = "binaryData[" + e.getKey() + "]";
            for (String m : Names.configMapKey(e.getKey())) {
                errs.add(FieldErrors.invalid(path, e.getKey(), m));
            }
            if (data.containsKey(e.getKey())) {
                errs.add(FieldErrors.invalid(path, e.getKey(), "duplicate of key present in data"));
            }
            total += decodedLength(e.getValue());
        }
        if (total > MAX_SIZE) {
            errs.add(FieldErrors.tooLong("[]", MAX_SIZE));
        }
        return errs;
    }

    /** The decoded length of base64 text (what Kubernetes counts for []byte data). */
    static long decodedLength(String base64) {
        try {
            return java.util.Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        return immutableRules(obj, old, List.of("data", "binaryData"));
    }

    /** {@code ValidateConfigMapUpdate}/{@code ValidateSecretUpdate}: nothing changes once {@code immutable} is true. */
    static List<Cause> immutableRules(JsonNode obj, JsonNode old, List<String> fields) {
        List<Cause> errs = new ArrayList<>();
        if (Nodes.isTrue(old, "immutable")) {
            if (!Nodes.isTrue(obj, "immutable")) {
                errs.add(FieldErrors.forbidden("immutable", IMMUTABLE));
            }
            for (String f : fields) {
                if (!Nodes.semanticEquals(Nodes.at(obj, f), Nodes.at(old, f))) {
                    errs.add(FieldErrors.forbidden(f, IMMUTABLE));
                }
            }
        }
        return errs;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.string("Data", Descriptions.CM_DATA), Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        long n = Nodes.stringMap(obj, "data").size() + Nodes.stringMap(obj, "binaryData").size();
        return new ArrayList<>(List.of(Nodes.name(obj), n, age(obj, now)));
    }
}
