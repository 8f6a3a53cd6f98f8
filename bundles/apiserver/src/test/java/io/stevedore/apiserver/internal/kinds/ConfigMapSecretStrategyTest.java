package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;

import io.stevedore.api.ResourceTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ConfigMapSecretStrategyTest {

    private final KindStrategy configMaps = KindStrategies.forType(ResourceTypes.CONFIGMAPS);
    private final KindStrategy secrets = KindStrategies.forType(ResourceTypes.SECRETS);

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private List<String> errors(KindStrategy s, ObjectNode o) {
        s.applyDefaults(o);
        return Json.rendered(s.validate(o));
    }

    @Test
    void configMapKeysAndDuplicates() {
        ObjectNode cm = Json.obj("{'metadata':{'name':'cfg','namespace':'default'},'data':{'a.txt':'x','bad key':'y','dup':'1'},"
                + "'binaryData':{'dup':'" + b64("1") + "'}}");
        var errs = errors(configMaps, cm);
        assertThat(errs).hasSize(3);
        assertThat(errs.get(0)).isEqualTo("data[bad key]: Invalid value: \"bad key\": a valid config key must consist of "
                + "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', "
                + "regex used for validation is '[-._a-zA-Z0-9]+')");
        assertThat(errs).contains("data[dup]: Invalid value: \"dup\": duplicate of key present in binaryData",
                "binaryData[dup]: Invalid value: \"dup\": duplicate of key present in data");
    }

    @Test
    void configMapSizeLimit() {
        ObjectNode cm = Json.obj("{'metadata':{'name':'cfg','namespace':'default'},'data':{}}");
        cm.withObject("/data").put("big", "x".repeat(1024 * 1024 + 1));
        assertThat(errors(configMaps, cm)).containsExactly("[]: Too long: may not be more than 1048576 bytes");
        ObjectNode ok = Json.obj("{'metadata':{'name':'cfg','namespace':'default'},'data':{}}");
        ok.withObject("/data").put("big", "x".repeat(1024 * 1024));
        assertThat(errors(configMaps, ok)).isEmpty();
    }

    @Test
    void immutableConfigMap() {
        ObjectNode old = Json.obj("{'metadata':{'name':'cfg','namespace':'default'},'immutable':true,'data':{'a':'1'}}");
        ObjectNode changed = old.deepCopy();
        changed.withObject("/data").put("a", "2");
        changed.put("immutable", false);
        assertThat(Json.rendered(configMaps.validateUpdate(changed, old))).containsExactly(
                "immutable: Forbidden: field is immutable when `immutable` is set",
                "data: Forbidden: field is immutable when `immutable` is set");
        ObjectNode mutable = Json.obj("{'metadata':{'name':'cfg','namespace':'default'},'data':{'a':'1'}}");
        ObjectNode next = mutable.deepCopy();
        next.withObject("/data").put("a", "2");
        assertThat(configMaps.validateUpdate(next, mutable)).isEmpty();
    }

    @Test
    void configMapPrinter() {
        ObjectNode cm = Json.obj("{'metadata':{'name':'cfg','creationTimestamp':'2026-01-10T11:59:55Z'},"
                + "'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}");
        assertThat(configMaps.cells(cm, Json.NOW)).containsExactly("cfg", 3L, "5s");
    }

    @Test
    void secretDefaultsFoldStringData() {
        ObjectNode s = Json.obj("{'metadata':{'name':'s','namespace':'default'},'data':{'a':'" + b64("old") + "'},"
                + "'stringData':{'a':'new','b':'x'}}");
        assertThat(errors(secrets, s)).isEmpty();
        assertThat(s.get("type").asString()).isEqualTo("Opaque");
        assertThat(s.has("stringData")).isFalse();
        assertThat(s.at("/data/a").asString()).isEqualTo(b64("new"));
        assertThat(s.at("/data/b").asString()).isEqualTo(b64("x"));
    }

    @Test
    void secretTypeRules() {
        ObjectNode sa = Json.obj("{'metadata':{'name':'s','namespace':'default'},'type':'kubernetes.io/service-account-token'}");
        assertThat(errors(secrets, sa)).containsExactly(
                "metadata.annotations[kubernetes.io/service-account.name]: Required value");
        ObjectNode tls = Json.obj("{'metadata':{'name':'s','namespace':'default'},'type':'kubernetes.io/tls','data':{'tls.crt':''}}");
        assertThat(errors(secrets, tls)).containsExactly("data[tls.key]: Required value");
        ObjectNode docker = Json.obj("{'metadata':{'name':'s','namespace':'default'},'type':'kubernetes.io/dockerconfigjson'}");
        assertThat(errors(secrets, docker)).containsExactly("data[.dockerconfigjson]: Required value");
        docker.putObject("data").put(".dockerconfigjson", b64("{not json"));
        assertThat(errors(secrets, docker)).singleElement().asString()
                .startsWith("data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character");
        docker.putObject("data").put(".dockerconfigjson", b64("{\"auths\":{}}"));
        assertThat(errors(secrets, docker)).isEmpty();
        ObjectNode basic = Json.obj("{'metadata':{'name':'s','namespace':'default'},'type':'kubernetes.io/basic-auth'}");
        assertThat(errors(secrets, basic)).containsExactly("data[username]: Required value", "data[password]: Required value");
    }

    @Test
    void secretTypeImmutable() {
        ObjectNode old = Json.obj("{'metadata':{'name':'s','namespace':'default'},'type':'Opaque'}");
        ObjectNode next = old.deepCopy();
        next.put("type", "kubernetes.io/tls");
        next.putObject("data").put("tls.crt", "").put("tls.key", "");
        assertThat(Json.rendered(secrets.validateUpdate(next, old)))
                .containsExactly("type: Invalid value: \"kubernetes.io/tls\": field is immutable");
    }

    @Test
    void secretPrinterAndFields() {
        ObjectNode s = Json.obj("{'metadata':{'name':'s','namespace':'ns','creationTimestamp':'2026-01-10T11:00:00Z'},"
                + "'type':'kubernetes.io/tls','data':{'tls.crt':'','tls.key':''}}");
        assertThat(secrets.cells(s, Json.NOW)).containsExactly("s", "kubernetes.io/tls", 2L, "60m");
        assertThat(secrets.selectableFields(s)).containsEntry("type", "kubernetes.io/tls").containsEntry("metadata.namespace", "ns");
    }
}
