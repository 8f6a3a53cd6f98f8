package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Secrets: stringData folded into data, type default Opaque, per-type required keys. */
final class SecretStrategy extends BaseStrategy {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    SecretStrategy() {
        super(ResourceTypes.SECRETS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(obj, "type", "Opaque");
        ObjectNode stringData = Nodes.obj(obj, "stringData");
        if (stringData != null) {
            ObjectNode data = Nodes.child(obj, "data");
            for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                String v = Nodes.str(e.getValue()) == null ? "" : Nodes.str(e.getValue());
                data.put(e.getKey(), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            }
        }
        obj.remove("stringData");
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        Map<String, String> data = Nodes.stringMap(obj, "data");
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            for (String m : Names.configMapKey(e.getKey())) {
                errs.add(FieldErrors.invalid("data[" + e.getKey() + "]", e.getKey(), m));
            }
            total += ConfigMapStrategy.decodedLength(e.getValue());
        }
        if (total > ConfigMapStrategy.MAX_SIZE) {
            errs.add(FieldErrors.tooLong("data", ConfigMapStrategy.MAX_SIZE));
        }
        String type = Nodes.textOr(obj, "type");
        switch (type) {
            case "kubernetes.io/service-account-token" -> {
                if (Nodes.textOr(obj, "metadata", "annotations", "kubernetes.io/service-account.name").isEmpty()) {
                    errs.add(FieldErrors.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> requireJson(data, ".dockercfg", errs);
            case "kubernetes.io/dockerconfigjson" -> requireJson(data, ".dockerconfigjson", errs);
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.add(FieldErrors.required("data[username]", ""));
                    errs.add(FieldErrors.required("data[password]", ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (ConfigMapStrategy.decodedLength(data.getOrDefault("ssh-privatekey", "")) == 0) {
                    errs.add(FieldErrors.required("data[ssh-privatekey]", ""));
                }
            }
            case "kubernetes.io/tls" -> {
                if (!data.containsKey("tls.crt")) {
                    errs.add(FieldErrors.required("data[tls.crt]", ""));
                }
                if (!data.containsKey("tls.key")) {
                    errs.add(FieldErrors.required("data[tls.key]", ""));
                }
            }
            default -> {
            }
        }
        return errs;
    }

    private static void requireJson(Map<String, String> data, String key, List<Cause> errs) {
        String path = "data[" + key + "]";
        if (!data.containsKey(key)) {
            errs.add(FieldErrors.required(path, ""));
            return;
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = "";
        }
        if (text.isBlank()) {
            errs.add(FieldErrors.invalid(path, "<secret contents redacted>", "unexpected end of JSON input"));
            return;
        }
        try {
            JsonNode n = MAPPER.readTree(text);
            if (!n.isObject()) {
                errs.add(FieldErrors.invalid(path, "<secret contents redacted>",
                        "json: cannot unmarshal " + (n.isArray() ? "array" : n.isString() ? "string" : "number")
                                + " into Go value of type map[string]interface {}"));
            }
        } catch (JacksonException e) {
            errs.add(FieldErrors.invalid(path, "<secret contents redacted>",
                    "invalid character '" + firstBad(text) + "' looking for beginning of value"));
        }
    }

    private static char firstBad(String text) {
        String t = text.strip();
        return t.isEmpty() ? ' ' : t.charAt(0);
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        List<Cause> errs = new ArrayList<>();
        String type = Nodes.textOr(obj, "type");
        if (!type.equals(Nodes.textOr(old, "type"))) {
            errs.add(FieldErrors.immutable("type", type));
        }
        errs.addAll(ConfigMapStrategy.immutableRules(obj, old, List.of("data")));
        return errs;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("type", Nodes.textOr(obj, "type"));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.string("Type", Descriptions.SECRET_TYPE),
                Columns.string("Data", Descriptions.SECRET_DATA), Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        return new ArrayList<>(List.of(Nodes.name(obj), Nodes.textOr(obj, "type"),
                (long) Nodes.stringMap(obj, "data").size(), age(obj, now)));
    }
}
