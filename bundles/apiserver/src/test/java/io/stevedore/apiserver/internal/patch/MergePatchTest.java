package io.stevedore.apiserver.internal.patch;

import static io.stevedore.apiserver.internal.patch.T.json;
import static io.stevedore.apiserver.internal.patch.T.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stevedore.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class MergePatchTest {

    @Test
    void rfc7386Example() {
        ObjectNode target = obj("{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},"
                + "'tags':['example','sample'],'content':'This will be unchanged'}");
        ObjectNode patch = obj("{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},"
                + "'tags':['example']}");
        assertThat(MergePatch.applyToObject(target, patch)).isEqualTo(json("{'title':'Hello!',"
                + "'author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged',"
                + "'phoneNumber':'+01-123-456-7890'}"));
    }

    @Test
    void rfc7386TestCases() {
        assertThat(MergePatch.apply(json("{'a':'b'}"), json("{'a':'c'}"))).isEqualTo(json("{'a':'c'}"));
        assertThat(MergePatch.apply(json("{'a':'b'}"), json("{'b':'c'}"))).isEqualTo(json("{'a':'b','b':'c'}"));
        assertThat(MergePatch.apply(json("{'a':'b','b':'c'}"), json("{'a':null}"))).isEqualTo(json("{'b':'c'}"));
        assertThat(MergePatch.apply(json("{'a':[{'b':'c'}]}"), json("{'a':[1]}"))).isEqualTo(json("{'a':[1]}"));
        assertThat(MergePatch.apply(json("{'e':null}"), json("{'a':1}"))).isEqualTo(json("{'e':null,'a':1}"));
        assertThat(MergePatch.apply(json("[1,2]"), json("{'a':'b','c':null}"))).isEqualTo(json("{'a':'b'}"));
        assertThat(MergePatch.apply(json("{}"), json("{'a':{'bb':{'ccc':null}}}"))).isEqualTo(json("{'a':{'bb':{}}}"));
    }

    @Test
    void scaleStylePatchOnDeployment() {
        ObjectNode d = obj("{'spec':{'replicas':1,'template':{'spec':{'containers':[{'name':'a'}]}}}}");
        ObjectNode out = MergePatch.applyToObject(d, obj("{'spec':{'replicas':3}}"));
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(3);
        assertThat(out.at("/spec/template/spec/containers/0/name").stringValue()).isEqualTo("a");
        assertThat(d.at("/spec/replicas").intValue()).as("input untouched").isEqualTo(1);
    }

    @Test
    void nonObjectPatchIs400() {
        for (String p : new String[] {"null", "[1]", "3"}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> MergePatch.applyToObject(obj("{}"), json(p)));
            assertThat(e.code()).as(p).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Invalid JSON Patch");
        }
    }
}
