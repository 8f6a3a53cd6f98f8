package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ServiceStrategyTest {

    private final KindStrategy services = KindStrategies.forType(ResourceTypes.SERVICES);

    static ObjectNode service() {
        return Json.obj("{'metadata':{'name':'web','namespace':'default','creationTimestamp':'2026-01-09T12:00:00Z'},"
                + "'spec':{'selector':{'app':'web'},'ports':[{'port':80}]}}");
    }

    private List<String> errors(ObjectNode s) {
        services.applyDefaults(s);
        return Json.rendered(services.validate(s));
    }

    @Test
    void defaults() {
        ObjectNode s = service();
        s.withObject("/spec").put("type", "LoadBalancer").put("sessionAffinity", "ClientIP");
        services.applyDefaults(s);
        assertThat(s.at("/spec/ports/0/protocol").asString()).isEqualTo("TCP");
        assertThat(s.at("/spec/ports/0/targetPort").asLong()).isEqualTo(80);
        assertThat(s.at("/spec/externalTrafficPolicy").asString()).isEqualTo("Cluster");
        assertThat(s.at("/spec/internalTrafficPolicy").asString()).isEqualTo("Cluster");
        assertThat(s.at("/spec/allocateLoadBalancerNodePorts").asBoolean()).isTrue();
        assertThat(s.at("/spec/sessionAffinityConfig/clientIP/timeoutSeconds").asLong()).isEqualTo(10800);
        ObjectNode plain = service();
        services.applyDefaults(plain);
        assertThat(plain.at("/spec/type").asString()).isEqualTo("ClusterIP");
        assertThat(plain.at("/spec/sessionAffinity").asString()).isEqualTo("None");
        assertThat(plain.at("/spec/externalTrafficPolicy").isMissingNode()).isTrue();
    }

    @Test
    void validServicePasses() {
        assertThat(errors(service())).isEmpty();
    }

    @Test
    void nameIsDns1035() {
        ObjectNode s = service();
        s.withObject("/metadata").put("name", "1web");
        assertThat(errors(s)).singleElement().asString().startsWith("metadata.name: Invalid value: \"1web\": a DNS-1035 label");
    }

    @Test
    void portsRequiredUnlessHeadlessOrExternalName() {
        ObjectNode s = service();
        s.withObject("/spec").putArray("ports");
        assertThat(errors(s)).containsExactly("spec.ports: Required value");
        s.withObject("/spec").put("clusterIP", "None");
        s.withObject("/spec").remove("clusterIPs");
        assertThat(errors(s)).isEmpty();
        ObjectNode ext = Json.obj("{'metadata':{'name':'ext','namespace':'default'},'spec':{'type':'ExternalName',"
                + "'externalName':'example.com'}}");
        assertThat(errors(ext)).isEmpty();
        ext.withObject("/spec").remove("externalName");
        assertThat(errors(ext)).containsExactly("spec.externalName: Required value");
    }

    @Test
    void portRules() {
        ObjectNode s = service();
        var ports = s.withObject("/spec").withArray("ports");
        ports.addObject().put("port", 0).put("protocol", "ICMP").put("targetPort", "Bad_Name");
        var errs = errors(s);
        assertThat(errs).contains("spec.ports[0].name: Required value", "spec.ports[1].name: Required value",
                "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
        assertThat(errs).anyMatch(e -> e.startsWith("spec.ports[1].targetPort: Invalid value: \"Bad_Name\": must contain only"));
    }

    @Test
    void typeAndNodePortRules() {
        ObjectNode s = service();
        s.withObject("/spec").put("type", "Magic");
        assertThat(errors(s)).containsExactly("spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", "
                + "\"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        ObjectNode np = service();
        np.withObject("/spec").put("type", "NodePort");
        ((ObjectNode) np.withObject("/spec").withArray("ports").get(0)).put("nodePort", 80);
        assertThat(errors(np)).containsExactly("spec.ports[0].nodePort: Invalid value: 80: provided port is not in the "
                + "valid range. The range of valid ports is 30000-32767");
        ObjectNode cip = service();
        ((ObjectNode) cip.withObject("/spec").withArray("ports").get(0)).put("nodePort", 30080);
        assertThat(errors(cip)).containsExactly("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    @Test
    void clusterIpAndSelector() {
        ObjectNode s = service();
        s.withObject("/spec").put("clusterIP", "10.0.0.300").putObject("selector").put("app", "-x");
        var errs = errors(s);
        assertThat(errs).contains("spec.clusterIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, "
                + "(e.g. 10.9.8.7 or 2001:db8::ffff)");
        assertThat(errs).anyMatch(e -> e.startsWith("spec.selector: Invalid value: \"-x\""));
    }

    @Test
    void clusterIpImmutableButKeptWhenOmitted() {
        ObjectNode old = service();
        old.withObject("/spec").put("clusterIP", "10.96.0.10").put("type", "NodePort");
        services.applyDefaults(old);
        ((ObjectNode) old.withObject("/spec").withArray("ports").get(0)).put("nodePort", 30080);
        ObjectNode applied = service();
        applied.withObject("/spec").put("type", "NodePort");
        services.applyDefaults(applied);
        services.prepareForUpdate(applied, old);
        assertThat(applied.at("/spec/clusterIP").asString()).isEqualTo("10.96.0.10");
        assertThat(applied.at("/spec/clusterIPs/0").asString()).isEqualTo("10.96.0.10");
        assertThat(applied.at("/spec/ports/0/nodePort").asLong()).isEqualTo(30080);
        assertThat(services.validateUpdate(applied, old)).isEmpty();
        ObjectNode changed = old.deepCopy();
        changed.withObject("/spec").put("clusterIP", "10.96.0.11").putArray("clusterIPs").add("10.96.0.11");
        assertThat(Json.rendered(services.validateUpdate(changed, old)))
                .containsExactly("spec.clusterIPs[0]: Invalid value: [\"10.96.0.11\"]: may not change once set");
    }

    @Test
    void createSetsEmptyLoadBalancerStatus() {
        ObjectNode s = service();
        s.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", "1.2.3.4");
        services.prepareForCreate(s);
        assertThat(s.get("status").toString()).isEqualTo("{\"loadBalancer\":{}}");
    }

    @Test
    void columnsAndCells() {
        assertThat(services.columns()).extracting(Table.Column::name)
                .containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
        ObjectNode s = service();
        s.withObject("/spec").put("clusterIP", "10.96.0.10");
        services.applyDefaults(s);
        assertThat(services.cells(s, Json.NOW)).containsExactly("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP",
                "24h", "app=web");
        assertThat(services.selectableFields(s)).containsEntry("spec.clusterIP", "10.96.0.10")
                .containsEntry("spec.type", "ClusterIP").containsEntry("metadata.namespace", "default");
        s.withObject("/spec").put("type", "LoadBalancer");
        ((ObjectNode) s.withObject("/spec").withArray("ports").get(0)).put("nodePort", 30080);
        assertThat(services.cells(s, Json.NOW)).containsExactly("web", "LoadBalancer", "10.96.0.10", "<pending>",
                "80:30080/TCP", "24h", "app=web");
        s.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", "1.2.3.4");
        assertThat(services.cells(s, Json.NOW).get(3)).isEqualTo("1.2.3.4");
        ObjectNode headless = Json.obj("{'metadata':{'name':'h'},'spec':{'type':'ClusterIP','clusterIPs':['None']}}");
        assertThat(services.cells(headless, Json.NOW)).containsExactly("h", "ClusterIP", "None", "<none>", "<none>",
                "<unknown>", "<none>");
        ObjectNode ext = Json.obj("{'metadata':{'name':'e'},'spec':{'type':'ExternalName','externalName':'example.com'}}");
        assertThat(services.cells(ext, Json.NOW).get(3)).isEqualTo("example.com");
    }
}
