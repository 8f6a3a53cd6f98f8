package io.stevedore.apiserver.internal.proto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * What the protobuf descriptors cannot tell about a field's Kubernetes JSON shape, derived from
 * the Go API types (resource {@code go-json-hints.txt}, written by
 * {@code tools/extract_go_json_hints.py}): fields embedded with {@code json:",inline"}, fields
 * whose zero value must appear in JSON (Go pointers and fields without {@code omitempty}), and the
 * few fields whose JSON name differs from the protobuf name.
 */
final class GoJsonHints {

    private static final String RESOURCE = "go-json-hints.txt";

    private final Set<String> inline = new HashSet<>();
    private final Set<String> keepZero = new HashSet<>();
    private final Map<String, String> jsonNames = new HashMap<>();
    private final Map<FieldDescriptor, Hint> byField = new ConcurrentHashMap<>();

    /** The hints of one field, resolved once. */
    private record Hint(boolean inline, boolean keepZero, String jsonName) {
    }

    private GoJsonHints() {
    }

    static GoJsonHints load() {
        GoJsonHints hints = new GoJsonHints();
        try (InputStream in = GoJsonHints.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                String key = parts[0] + "#" + parts[1];
                if (parts[2].equals("inline")) {
                    hints.inline.add(key);
                } else if (parts[2].equals("keep")) {
                    hints.keepZero.add(key);
                } else if (parts[2].startsWith("json=")) {
                    hints.jsonNames.put(key, parts[2].substring(5));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hints;
    }

    private Hint hint(FieldDescriptor field) {
        return byField.computeIfAbsent(field, f -> {
            String key = f.getContainingType().getFullName() + "#" + f.getNumber();
            return new Hint(inline.contains(key), keepZero.contains(key), jsonNames.getOrDefault(key, f.getName()));
        });
    }

    /** The field's message is embedded: its fields appear directly in the parent JSON object. */
    boolean isInline(FieldDescriptor field) {
        return hint(field).inline();
    }

    /** A zero value (0, false, "") of this scalar is written to JSON rather than omitted. */
    boolean keepsZero(FieldDescriptor field) {
        return hint(field).keepZero();
    }

    /** The field's name in Kubernetes JSON. */
    String jsonName(FieldDescriptor field) {
        return hint(field).jsonName();
    }
}
