package io.stevedore.apiserver.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every resource the apiserver serves has its paths in the generated documents (the generator keeps its own
 * copy of the resource list, so this catches the two drifting apart).
 */
class OpenApiCoverageTest {

    private final OpenApiDocuments docs = OpenApiDocuments.load(getClass().getClassLoader());

    @Test
    void everyServedResourceHasAPatchablePathAndEverySubresourceAPath() {
        for (ResourceType t : ResourceTypes.all()) {
            String gv = t.groupVersionPath().substring(1);
            assertThat(docs.groupVersion(gv)).as(gv).isPresent();
            String doc = new String(docs.groupVersion(gv).orElseThrow().bytes(), StandardCharsets.UTF_8);
            String collection = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
            if (!ResourceTypes.isStored(t)) {
                assertThat(doc).as(collection).contains("\"" + collection + "\":{").contains("\"kind\":\"" + t.kind() + "\"");
                continue;
            }
            String item = collection + "/{name}";
            assertThat(doc).as(item).contains("\"" + item + "\":{");
            assertThat(doc).contains("\"x-kubernetes-group-version-kind\":{\"group\":\"" + t.group() + "\",\"kind\":\""
                    + t.kind() + "\",\"version\":\"" + t.version() + "\"}");
            for (String sub : t.subresources()) {
                assertThat(doc).as(item + "/" + sub).contains("\"" + item + "/" + sub + "\":{");
            }
        }
    }
}
