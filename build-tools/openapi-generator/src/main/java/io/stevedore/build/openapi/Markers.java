package io.stevedore.build.openapi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code x-kubernetes-*} list, map and patch extensions of Kubernetes' fields.
 *
 * <p>They are not in client-java's models, so they are read from {@code k8s-markers.tsv}, a table
 * extracted (by {@code tools/extract_markers.py}) from the struct tags ({@code patchStrategy},
 * {@code patchMergeKey}) and comment markers ({@code +listType}, {@code +listMapKey},
 * {@code +mapType}, {@code +structType}) of the Go types, plus the Go doc comments of struct-typed fields
 * (used as descriptions only where client-java-api's model has none) in k8s.io/api and k8s.io/apimachinery v0.33.13.
 */
final class Markers {

    static final String RESOURCE = "k8s-markers.tsv";

    /** definition -> property ("" for the definition itself) -> extension -> value. */
    private final Map<String, Map<String, Map<String, String>>> table = new HashMap<>();

    static Markers load() {
        Markers m = new Markers();
        try (InputStream in = Markers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 4) {
                    throw new IllegalStateException("bad marker line: " + line);
                }
                m.table.computeIfAbsent(cols[0], k -> new HashMap<>())
                        .computeIfAbsent(cols[1], k -> new LinkedHashMap<>())
                        .put(cols[2], cols[3]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The extensions of one property, or of the definition itself when {@code property} is "". */
    Map<String, String> of(String definition, String property) {
        return table.getOrDefault(definition, Map.of()).getOrDefault(property, Map.of());
    }
}
