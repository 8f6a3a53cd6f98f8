package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {

    @Test
    void validMetadataPasses() {
        var obj = Json.obj("{'metadata':{'name':'web','namespace':'default','labels':{'app.kubernetes.io/name':'web'},"
                + "'annotations':{'example.com/x':'y'},'finalizers':['example.com/f','kubernetes']}}");
        assertThat(ObjectMetaValidation.validate(obj, true, Names.Rule.DNS1123_SUBDOMAIN)).isEmpty();
    }

    @Test
    void nameRequiredNamespaceRules() {
        assertThat(Json.rendered(ObjectMetaValidation.validate(Json.obj("{'metadata':{}}"), true, Names.Rule.DNS1123_SUBDOMAIN)))
                .containsExactly("metadata.name: Required value: name or generateName is required",
                        "metadata.namespace: Required value");
        assertThat(Json.rendered(ObjectMetaValidation.validate(Json.obj("{'metadata':{'name':'n','namespace':'x'}}"), false,
                Names.Rule.DNS1123_LABEL))).containsExactly("metadata.namespace: Forbidden: not allowed on this type");
    }

    @Test
    void labelsAnnotationsFinalizers() {
        var obj = Json.obj("{'metadata':{'name':'web','labels':{'a':'-bad'},'annotations':{'a b':'c'},"
                + "'finalizers':['custom','orphan','foregroundDeletion']}}");
        var errs = Json.rendered(ObjectMetaValidation.validate(obj, false, Names.Rule.DNS1123_SUBDOMAIN));
        assertThat(errs).hasSize(4);
        assertThat(errs.get(0)).startsWith("metadata.labels: Invalid value: \"-bad\": a valid label must be");
        assertThat(errs.get(1)).startsWith("metadata.annotations: Invalid value: \"a b\": name part must consist of");
        assertThat(errs.get(2)).isEqualTo("metadata.finalizers: Invalid value: \"custom\": "
                + "name is neither a standard finalizer name nor is it fully qualified");
        assertThat(errs.get(3)).endsWith("finalizer orphan and foregroundDeletion cannot be both set");
    }

    @Test
    void annotationsLimitedTo256KiB() {
        var obj = Json.obj("{'metadata':{'name':'web'}}");
        obj.withObject("/metadata").putObject("annotations").put("big", "x".repeat(256 * 1024));
        assertThat(Json.rendered(ObjectMetaValidation.validate(obj, false, Names.Rule.DNS1123_SUBDOMAIN)))
                .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    @Test
    void ownerReferencesNeedFieldsAndOneController() {
        var obj = Json.obj("{'metadata':{'name':'web','ownerReferences':[{'apiVersion':'v1','kind':'A','name':'a','uid':'1',"
                + "'controller':true},{'apiVersion':'v1','kind':'B','name':'b','uid':'2','controller':true},{'kind':'C'}]}}");
        var errs = Json.rendered(ObjectMetaValidation.validate(obj, false, Names.Rule.DNS1123_SUBDOMAIN));
        assertThat(errs).anyMatch(e -> e.endsWith(": version must not be empty"))
                .anyMatch(e -> e.endsWith(": uid must not be empty"))
                .anyMatch(e -> e.contains("Only one reference can have Controller set to true. Found \"true\" in references for A/a and B/b"));
    }

    @Test
    void updateKeepsNameAndNamespace() {
        var old = Json.obj("{'metadata':{'name':'web','namespace':'a','uid':'u1'}}");
        var renamed = Json.obj("{'metadata':{'name':'web2','namespace':'a'}}");
        assertThat(Json.rendered(ObjectMetaValidation.validateUpdate(renamed, old)))
                .containsExactly("metadata.name: Invalid value: \"web2\": field is immutable");
        var newUid = Json.obj("{'metadata':{'name':'web','namespace':'a','uid':'u2'}}");
        assertThat(Json.rendered(ObjectMetaValidation.validateUpdate(newUid, old)))
                .containsExactly("metadata.uid: Invalid value: \"u2\": field is immutable");
    }
}
