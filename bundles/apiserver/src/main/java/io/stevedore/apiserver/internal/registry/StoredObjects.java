package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.store.KeyValue;
import io.stevedore.apiserver.internal.Json;
import tools.jackson.databind.node.ObjectNode;

/** Objects as stored (JSON without resourceVersion) and as served (resourceVersion = modRevision). */
final class StoredObjects {

    private StoredObjects() {
    }

    static ObjectNode decode(KeyValue kv) {
        return decode(kv.value(), kv.modRevision());
    }

    static ObjectNode decode(byte[] value, long revision) {
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(value);
        Json.meta(o).put("resourceVersion", Long.toString(revision));
        return o;
    }

    static byte[] encode(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        Json.meta(copy).remove("resourceVersion");
        return Json.write(copy);
    }
}
