package io.stevedore.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/** Reads manifests (multi-document YAML or JSON) and writes objects as {@code kubectl -o yaml|json} does. */
public final class Documents {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new GoYamlQuoting()).build())
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private static final DefaultPrettyPrinter GO_INDENT = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"));

    private Documents() {
    }

    /** Also quotes strings YAML 1.1 reads as timestamps, as Go's YAML encoder (and so kubectl) does. */
    private static final class GoYamlQuoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}([Tt\\s].*)?");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || TIMESTAMP.matcher(value).matches();
        }
    }

    /** Every object in the files and directories given (directories: their .yaml, .yml and .json files, sorted). */
    public static List<Manifest> read(List<Path> paths) throws IOException {
        List<Manifest> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(p)) {
                    files = s.filter(f -> Files.isRegularFile(f) && isManifest(f)).sorted().toList();
                }
                for (Path f : files) {
                    out.addAll(readFile(f));
                }
            } else if (Files.isRegularFile(p)) {
                out.addAll(readFile(p));
            } else {
                throw CommandError.client("the path \"" + p + "\" does not exist");
            }
        }
        return out;
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** The objects of one file; empty documents are skipped and "List" documents are flattened. */
    static List<Manifest> readFile(Path file) {
        List<Manifest> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                collect(doc, file, out);
            }
        } catch (JacksonException e) {
            throw CommandError.client("error parsing " + file + ": " + e.getOriginalMessage());
        }
        return out;
    }

    private static void collect(JsonNode doc, Path file, List<Manifest> out) {
        if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
            return;
        }
        if (!doc.isObject()) {
            throw CommandError.client("error validating \"" + file + "\": a document is not an object");
        }
        String kind = KubeObjects.text(doc, "kind");
        if (kind != null && kind.endsWith("List") && doc.path("items").isArray()) {
            for (JsonNode item : doc.path("items")) {
                collect(item, file, out);
            }
            return;
        }
        out.add(new Manifest((ObjectNode) doc, file));
    }

    /** An object read from a file. */
    public record Manifest(ObjectNode object, Path source) {
    }

    /**
     * YAML as kubectl prints it: keys sorted, no document marker, quotes only where needed, long lines
     * kept whole and multi-line strings as literal blocks.
     */
    public static String yaml(JsonNode node) {
        return YAML.writeValueAsString(sorted(forOutput(node)));
    }

    /** JSON as kubectl prints it: keys sorted, four-space indentation. */
    public static String json(JsonNode node) {
        return JSON.writer().with(GO_INDENT).writeValueAsString(sorted(forOutput(node))) + "\n";
    }

    /** A kubectl "List" of objects. */
    public static ObjectNode list(List<? extends JsonNode> items) {
        ObjectNode list = NODES.objectNode();
        list.put("apiVersion", "v1");
        ArrayNode arr = list.putArray("items");
        items.forEach(arr::add);
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    /** Compact JSON with sorted keys (the last-applied-configuration annotation). */
    public static String compact(JsonNode node) {
        return JSON.writeValueAsString(sorted(node));
    }

    /** A copy without managedFields, which kubectl hides by default. */
    private static JsonNode forOutput(JsonNode node) {
        JsonNode copy = node.deepCopy();
        if (copy.path("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        if (copy.path("items").isArray()) {
            for (JsonNode item : copy.path("items")) {
                if (item.path("metadata") instanceof ObjectNode m) {
                    m.remove("managedFields");
                }
            }
        }
        return copy;
    }

    /** A deep copy with object keys in sorted order, as Go's encoders write maps. */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                fields.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode out = NODES.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
