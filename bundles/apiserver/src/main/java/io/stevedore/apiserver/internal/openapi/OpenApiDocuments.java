package io.stevedore.apiserver.internal.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI documents generated at build time (by {@code io.stevedore.build.openapi.OpenApiGenerator}),
 * loaded from class-path resources with their hashes, as kube-openapi serves them.
 *
 * <p>Resources: {@code openapi/v3-index.json} lists each group-version's path ("api/v1") and file
 * ("v3/api__v1.json", relative to {@code openapi/}); {@code openapi/v2.json} is the Swagger 2.0 document and
 * {@code openapi/v2.pb} the same as a gnostic protobuf message.
 */
public final class OpenApiDocuments {

    /** A document's bytes and its hash: the upper-case hex SHA-512 of the bytes (also its ETag, quoted). */
    public record Document(byte[] bytes, String hash) {

        static Document of(byte[] bytes) {
            return new Document(bytes, sha512(bytes));
        }

        /** The ETag header value: the hash in double quotes. */
        public String etag() {
            return '"' + hash + '"';
        }
    }

    private static final Pattern INDEX_ENTRY =
            Pattern.compile("\\{\\s*\"path\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"file\"\\s*:\\s*\"([^\"]+)\"\\s*}");

    private final Map<String, Document> groupVersions;
    private final Document v3Index;
    private final Document v2;
    private final byte[] v2Protobuf;

    OpenApiDocuments(Map<String, Document> groupVersions, Document v2, byte[] v2Protobuf) {
        this.groupVersions = Collections.unmodifiableMap(new LinkedHashMap<>(groupVersions));
        this.v2 = v2;
        this.v2Protobuf = v2Protobuf;
        StringBuilder b = new StringBuilder("{\"paths\":{");
        String sep = "";
        for (Map.Entry<String, Document> e : this.groupVersions.entrySet()) {
            b.append(sep).append('"').append(e.getKey()).append("\":{\"serverRelativeURL\":\"")
                    .append(serverRelativeUrl(e.getKey(), e.getValue().hash())).append("\"}");
            sep = ",";
        }
        b.append("}}");
        this.v3Index = Document.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Loads the documents from the given class loader's resources under {@code openapi/}. */
    public static OpenApiDocuments load(ClassLoader loader) {
        String index = new String(read(loader, "openapi/v3-index.json"), StandardCharsets.UTF_8);
        Map<String, Document> gvs = new LinkedHashMap<>();
        Matcher m = INDEX_ENTRY.matcher(index);
        while (m.find()) {
            gvs.put(m.group(1), Document.of(read(loader, "openapi/" + m.group(2))));
        }
        if (gvs.isEmpty()) {
            throw new IllegalStateException("openapi/v3-index.json lists no group-versions");
        }
        return new OpenApiDocuments(gvs, Document.of(read(loader, "openapi/v2.json")), read(loader, "openapi/v2.pb"));
    }

    /** The document of a group-version path such as "api/v1" or "apis/apps/v1". */
    public Optional<Document> groupVersion(String path) {
        return Optional.ofNullable(groupVersions.get(path));
    }

    /** The {@code /openapi/v3} discovery document. */
    public Document v3Index() {
        return v3Index;
    }

    /** The {@code /openapi/v2} document. */
    public Document v2() {
        return v2;
    }

    /**
     * The {@code /openapi/v2} document as a gnostic {@code openapi.v2.Document} protobuf message. Served under
     * the JSON document's ETag, as kube-openapi does (the two differ by Vary: Accept only).
     */
    public byte[] v2Protobuf() {
        return v2Protobuf;
    }

    /** "/openapi/v3/apis/apps/v1?hash=ABC..." */
    public static String serverRelativeUrl(String gvPath, String hash) {
        return "/openapi/v3/" + gvPath + "?hash=" + hash;
    }

    static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name
                        + " (generated at build time by io.stevedore.build.openapi.OpenApiGenerator)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
