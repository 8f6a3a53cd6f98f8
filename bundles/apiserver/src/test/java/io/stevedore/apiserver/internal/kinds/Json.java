package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Test helpers: objects from JSON text (single quotes allowed) and a fixed clock. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private Json() {
    }

    /** Parses JSON written with single quotes for readability. */
    static ObjectNode obj(String json) {
        return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
    }

    /** "field: message" of each cause, as the Invalid message renders them. */
    static List<String> rendered(List<Cause> causes) {
        return causes.stream().map(c -> c.field() + ": " + c.message()).toList();
    }
}
