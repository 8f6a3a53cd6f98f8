package io.stevedore.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class DocumentsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryDocumentSkippingEmptyOnesAndFlatteningLists() throws Exception {
        Path f = Files.writeString(dir.resolve("all.yaml"), """
                # leading comment
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                ---
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Secret, metadata: {name: b}}
                - {apiVersion: v1, kind: Secret, metadata: {name: c}}
                ---
                """);
        List<Documents.Manifest> docs = Documents.read(List.of(f));
        assertThat(docs).extracting(m -> KubeObjects.name(m.object())).containsExactly("a", "b", "c");
        assertThat(docs).allSatisfy(m -> assertThat(m.source()).isEqualTo(f));
    }

    @Test
    void malformedYamlIsAClientError() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "a: [1, 2\n");
        assertThatThrownBy(() -> Documents.read(List.of(f))).isInstanceOf(CommandError.class)
                .hasMessageStartingWith("error: error parsing " + f);
    }

    @Test
    void yamlHidesManagedFieldsAndQuotesWhatWouldChangeType() {
        ObjectNode o = (ObjectNode) Documents.JSON.readTree("""
                {"metadata":{"name":"x","managedFields":[{"manager":"m"}],"resourceVersion":"7"},
                 "data":{"on":"true","n":"42","list":"a,b","empty":""},"spec":{"ports":[{"port":80}]}}""");
        assertThat(Documents.yaml(o)).isEqualTo("""
                data:
                  empty: ""
                  list: "a,b"
                  "n": "42"
                  "on": "true"
                metadata:
                  name: x
                  resourceVersion: "7"
                spec:
                  ports:
                  - port: 80
                """);
    }

    @Test
    void compactJsonIsSorted() {
        assertThat(Documents.compact(Documents.JSON.readTree("{\"b\":1,\"a\":{\"d\":[],\"c\":{}}}")))
                .isEqualTo("{\"a\":{\"c\":{},\"d\":[]},\"b\":1}");
    }

    @Test
    void longAndMultiLineStringsStayReadable() {
        String longValue = "{\"apiVersion\":\"v1\",\"data\":{\"mode\":\"slow\"},\"kind\":\"ConfigMap\",\"metadata\":{}}";
        ObjectNode o = Documents.NODES.objectNode();
        o.put("long", longValue);
        o.put("script", "echo one\necho two\n");
        assertThat(Documents.yaml(o)).isEqualTo("long: \"" + longValue.replace("\"", "\\\"") + "\"\n"
                + "script: |\n  echo one\n  echo two\n");
    }
}
