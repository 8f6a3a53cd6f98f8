package io.stevedore.apiserver.internal.patch;

import static io.stevedore.apiserver.internal.patch.T.json;
import static io.stevedore.apiserver.internal.patch.T.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stevedore.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class JsonPatchTest {

    private final ObjectNode pod = obj("{'metadata':{'name':'p','labels':{'app':'web'}},"
            + "'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}");

    @Test
    void addReplaceRemove() {
        ObjectNode out = JsonPatch.applyToObject(pod, json("[{'op':'add','path':'/metadata/labels/tier','value':'fe'},"
                + "{'op':'replace','path':'/spec/containers/0/image','value':'a:2'},"
                + "{'op':'remove','path':'/metadata/labels/app'}]"));
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{'tier':'fe'}"));
        assertThat(out.at("/spec/containers/0/image").stringValue()).isEqualTo("a:2");
        assertThat(pod.at("/metadata/labels/app").stringValue()).as("input untouched").isEqualTo("web");
    }

    @Test
    void addIntoArraysByIndexDashAndNegativeIndex() {
        ObjectNode out = JsonPatch.applyToObject(pod, json("[{'op':'add','path':'/spec/containers/-','value':{'name':'c'}},"
                + "{'op':'add','path':'/spec/containers/0','value':{'name':'z'}},"
                + "{'op':'remove','path':'/spec/containers/-1'}]"));
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'z'},{'name':'a','image':'a:1'},"
                + "{'name':'b','image':'b:1'}]"));
    }

    @Test
    void moveCopyAndTest() {
        ObjectNode out = JsonPatch.applyToObject(pod, json("[{'op':'test','path':'/spec/containers/1/name','value':'b'},"
                + "{'op':'copy','from':'/metadata/labels','path':'/metadata/annotations'},"
                + "{'op':'move','from':'/spec/containers/1','path':'/spec/containers/0'},"
                + "{'op':'test','path':'/metadata/missing','value':null}]"));
        assertThat(out.at("/metadata/annotations/app").stringValue()).isEqualTo("web");
        assertThat(out.at("/spec/containers/0/name").stringValue()).isEqualTo("b");
        assertThat(out.at("/spec/containers/1/name").stringValue()).isEqualTo("a");
    }

    @Test
    void pointerEscapes() {
        ObjectNode o = obj("{'metadata':{'annotations':{'a/b':'1','c~d':'2'}}}");
        ObjectNode out = JsonPatch.applyToObject(o, json("[{'op':'replace','path':'/metadata/annotations/a~1b','value':'x'},"
                + "{'op':'remove','path':'/metadata/annotations/c~0d'}]"));
        assertThat(out.at("/metadata/annotations")).isEqualTo(json("{'a/b':'x'}"));
        assertThat(JsonPatch.parsePointer("/a~01/b")).containsExactly("a~1", "b");
    }

    @Test
    void numbersCompareByValueInTest() {
        ObjectNode o = obj("{'spec':{'replicas':3}}");
        ObjectNode out = JsonPatch.applyToObject(o, json("[{'op':'test','path':'/spec/replicas','value':3.0},"
                + "{'op':'replace','path':'/spec/replicas','value':5}]"));
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(5);
    }

    @Test
    void failedTestIsGeneric422() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(pod,
                json("[{'op':'test','path':'/metadata/name','value':'other'}]")));
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
        assertThat(e.getCause()).hasMessageContaining("testing value /metadata/name failed");
    }

    @Test
    void missingPathIs422() {
        for (String op : new String[] {"[{'op':'remove','path':'/spec/nope'}]",
                "[{'op':'replace','path':'/spec/nope','value':1}]",
                "[{'op':'add','path':'/nope/deeper','value':1}]",
                "[{'op':'move','from':'/nope','path':'/x'}]",
                "[{'op':'add','path':'/spec/containers/7','value':1}]"}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(pod, json(op)));
            assertThat(e.code()).as(op).isEqualTo(422);
        }
    }

    @Test
    void badPointersAndOpsAre422() {
        for (String op : new String[] {"[{'op':'add','path':'metadata/name','value':'x'}]",
                "[{'op':'add','path':'/metadata/a~2b','value':'x'}]",
                "[{'op':'add','path':'','value':{}}]",
                "[{'op':'frobnicate','path':'/metadata'}]",
                "[{'path':'/metadata'}]",
                "[{'op':'add','path':'/metadata/x'}]"}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(pod, json(op)));
            assertThat(e.code()).as(op).isEqualTo(422);
        }
    }

    @Test
    void bodyThatIsNotAListIs400() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(pod, json("{'op':'add'}")));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("BadRequest");
        assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }

    @Test
    void tooManyOperationsIs413() {
        ArrayNode ops = Nodes.F.arrayNode();
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            ops.add(json("{'op':'test','path':'/metadata/name','value':'p'}"));
        }
        ApiException e = catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(pod, ops));
        assertThat(e.code()).isEqualTo(413);
        assertThat(e.getMessage()).contains("is 10000, got 10001");
    }

    @Test
    void failureLeavesInputUntouched() {
        ObjectNode before = pod.deepCopy();
        catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(pod,
                json("[{'op':'remove','path':'/metadata/labels'},{'op':'test','path':'/x','value':1}]")));
        assertThat(pod).isEqualTo(before);
    }
}
