package io.stevedore.build.openapi;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Build-time tool: writes the OpenAPI documents the apiserver serves.
 *
 * <p>Usage: {@code OpenApiGenerator <output dir>}. Writes, under {@code <output dir>/openapi/}:
 * {@code v3/<gv>.json} (one OpenAPI 3.0 document per group-version, e.g. {@code v3/api__v1.json},
 * {@code v3/apis__apps__v1.json}), {@code v3-index.json} (the group-versions and their file names),
 * {@code v2.json} (one Swagger 2.0 document of everything) and {@code v2.pb} (the same as a gnostic protobuf). Schemas come from the
 * client-java-api model classes by reflection; see {@link ModelSchemas}.
 */
public final class OpenApiGenerator {

    /** The Kubernetes release the documents describe, as reported in {@code info.version}. */
    public static final String KUBERNETES_VERSION = "v1.32.0";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private OpenApiGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: OpenApiGenerator <output directory>");
        }
        Map<String, byte[]> all = new TreeMap<>();
        generateAll(all).forEach((name, text) -> all.put(name, text.getBytes(StandardCharsets.UTF_8)));
        Path out = Path.of(args[0]);
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            Path f = out.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            byte[] bytes = e.getValue();
            if (!Files.exists(f) || !java.util.Arrays.equals(Files.readAllBytes(f), bytes)) {
                Files.write(f, bytes);
            }
        }
    }

    /** Generates every document: relative file name ("openapi/v2.json", ...) to JSON text. */
    public static Map<String, String> generate() {
        return generateAll(new TreeMap<>());
    }

    /** Like {@link #generate()}, also filling {@code binaries} with the binary documents ("openapi/v2.pb"). */
    static Map<String, String> generateAll(Map<String, byte[]> binaries) {
        ModelSchemas schemas = new ModelSchemas(Markers.load());
        // Shared meta definitions first, so that they get their apimachinery names.
        String status = schemas.define(ModelSchemas.model("V1Status"), ModelSchemas.META);
        schemas.define(ModelSchemas.model("V1WatchEvent"), ModelSchemas.META);
        schemas.define(ModelSchemas.model("V1DeleteOptions"), ModelSchemas.META);
        schemas.define(ModelSchemas.model("V1APIResourceList"), ModelSchemas.META);
        schemas.addGvk(status, new Gvk("", "v1", "Status"));
        schemas.addGvk(ResourcePaths.API_RESOURCE_LIST, new Gvk("", "v1", "APIResourceList"));
        ResourcePaths builder = new ResourcePaths(schemas);

        Map<GroupVersion, List<PathItem>> pathsByGv = new LinkedHashMap<>();
        // Core first: the group a type is first reached from decides its package when client-java's
        // class name does not say (e.g. V1PodTemplateSpec is core although apps refers to it).
        for (GroupVersion gv : ServedResources.groupVersions()) {
            List<ServedResource> rs = ServedResources.all().stream().filter(r -> r.groupVersion().equals(gv)).toList();
            pathsByGv.put(gv, builder.build(gv, rs));
            schemas.addGvk(ResourcePaths.DELETE_OPTIONS, new Gvk(gv.group(), gv.version(), "DeleteOptions"));
            schemas.addGvk(ResourcePaths.WATCH_EVENT, new Gvk(gv.group(), gv.version(), "WatchEvent"));
        }
        Map<String, JsonObject> all = schemas.definitions();
        DocumentRenderer renderer = new DocumentRenderer(KUBERNETES_VERSION);
        Map<String, String> files = new TreeMap<>();
        JsonArray index = new JsonArray();
        List<PathItem> allPaths = new ArrayList<>();
        for (Map.Entry<GroupVersion, List<PathItem>> e : pathsByGv.entrySet()) {
            GroupVersion gv = e.getKey();
            Set<String> used = schemas.closure(referencedBy(e.getValue()));
            Map<String, JsonObject> subset = new TreeMap<>();
            used.forEach(n -> subset.put(n, all.get(n)));
            files.put("openapi/v3/" + gv.fileName(), GSON.toJson(renderer.v3(e.getValue(), subset)));
            JsonObject entry = new JsonObject();
            entry.addProperty("path", gv.openApiPath());
            entry.addProperty("file", "v3/" + gv.fileName());
            index.add(entry);
            allPaths.addAll(e.getValue());
        }
        allPaths.sort((a, b) -> a.path().compareTo(b.path()));
        Set<String> v2Used = schemas.closure(referencedBy(allPaths));
        Map<String, JsonObject> v2Schemas = new TreeMap<>();
        v2Used.forEach(n -> v2Schemas.put(n, all.get(n)));
        JsonObject v2 = renderer.v2(allPaths, v2Schemas);
        files.put("openapi/v2.json", GSON.toJson(v2));
        binaries.put("openapi/v2.pb", GnosticV2Encoder.encode(v2));
        JsonObject idx = new JsonObject();
        idx.add("groupVersions", index);
        files.put("openapi/v3-index.json", GSON.toJson(idx));
        for (String w : schemas.warnings()) {
            System.err.println("openapi generator: " + w);
        }
        return files;
    }

    private static Set<String> referencedBy(List<PathItem> paths) {
        Set<String> out = new LinkedHashSet<>();
        for (PathItem p : paths) {
            for (Operation op : p.operations()) {
                if (op.body() != null) {
                    out.add(op.body());
                }
                op.responses().values().forEach(r -> {
                    if (r.schemaRef() != null) {
                        out.add(r.schemaRef());
                    }
                });
            }
        }
        return out;
    }

    /** Parses generated JSON; for tests. */
    static JsonObject parse(String json) {
        return GSON.fromJson(json, JsonElement.class).getAsJsonObject();
    }
}
