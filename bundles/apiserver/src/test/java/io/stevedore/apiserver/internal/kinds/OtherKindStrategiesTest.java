package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Leases, endpoints, endpoint slices, events and service accounts. */
class OtherKindStrategiesTest {

    @Test
    void leases() {
        KindStrategy leases = KindStrategies.forType(ResourceTypes.LEASES);
        ObjectNode l = Json.obj("{'metadata':{'name':'kube-scheduler','namespace':'kube-system','creationTimestamp':"
                + "'2026-01-10T11:00:00Z'},'spec':{'holderIdentity':'node-1_abc','leaseDurationSeconds':15}}");
        assertThat(leases.validate(l)).isEmpty();
        assertThat(leases.cells(l, Json.NOW)).containsExactly("kube-scheduler", "node-1_abc", "60m");
        l.withObject("/spec").put("leaseDurationSeconds", 0).put("leaseTransitions", -1);
        assertThat(Json.rendered(leases.validate(l))).containsExactly(
                "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
                "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void endpoints() {
        KindStrategy endpoints = KindStrategies.forType(ResourceTypes.ENDPOINTS);
        ObjectNode ep = Json.obj("{'metadata':{'name':'web','namespace':'default'},'subsets':[{'addresses':[{'ip':'10.0.0.1'},"
                + "{'ip':'10.0.0.2'},{'ip':'10.0.0.3'},{'ip':'10.0.0.4'}],'ports':[{'port':80}]}]}");
        endpoints.applyDefaults(ep);
        assertThat(endpoints.validate(ep)).isEmpty();
        assertThat(endpoints.cells(ep, Json.NOW).get(1)).isEqualTo("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...");
        assertThat(EndpointsStrategy.format(Json.obj("{}"))).isEqualTo("<none>");
        assertThat(EndpointsStrategy.format(Json.obj("{'subsets':[{'addresses':[{'ip':'10.0.0.1'}]}]}"))).isEqualTo("10.0.0.1");
        ObjectNode bad = Json.obj("{'metadata':{'name':'web','namespace':'default'},'subsets':[{'addresses':[{'ip':'127.0.0.1'},"
                + "{'ip':'nope'}],'ports':[{'port':80,'name':'a'},{'port':0}]},{'ports':[]}]}");
        endpoints.applyDefaults(bad);
        assertThat(Json.rendered(endpoints.validate(bad))).containsExactly(
                "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
                "subsets[0].addresses[1].ip: Invalid value: \"nope\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "subsets[0].ports[1].name: Required value",
                "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`");
    }

    @Test
    void endpointSlices() {
        KindStrategy slices = KindStrategies.forType(ResourceTypes.ENDPOINTSLICES);
        ObjectNode eps = Json.obj("{'metadata':{'name':'web-abc','namespace':'default','creationTimestamp':'2026-01-10T11:59:00Z'},"
                + "'addressType':'IPv4','endpoints':[{'addresses':['10.0.0.1']},{'addresses':['10.0.0.2']}],"
                + "'ports':[{'name':'http','port':80}]}");
        slices.applyDefaults(eps);
        assertThat(slices.validate(eps)).isEmpty();
        assertThat(slices.cells(eps, Json.NOW)).containsExactly("web-abc", "IPv4", "80", "10.0.0.1,10.0.0.2", "60s");
        ObjectNode empty = Json.obj("{'metadata':{'name':'e','namespace':'default'},'addressType':'IPv4'}");
        assertThat(slices.cells(empty, Json.NOW).subList(2, 4)).containsExactly("<unset>", "<unset>");
        ObjectNode bad = Json.obj("{'metadata':{'name':'e','namespace':'default'},'addressType':'IPv5',"
                + "'endpoints':[{'addresses':[]}],'ports':[{'name':'x','port':80},{'name':'x','port':81}]}");
        slices.applyDefaults(bad);
        assertThat(Json.rendered(slices.validate(bad))).containsExactly(
                "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"",
                "endpoints[0].addresses: Required value: must contain at least 1 address",
                "ports[1].name: Duplicate value: \"x\"");
        ObjectNode v4 = Json.obj("{'metadata':{'name':'e','namespace':'default'},'addressType':'IPv4','endpoints':[{'addresses':['::1']}]}");
        assertThat(Json.rendered(slices.validate(v4))).containsExactly(
                "endpoints[0].addresses[0]: Invalid value: \"::1\": must be a valid IPv4 address");
        ObjectNode changed = eps.deepCopy();
        changed.put("addressType", "IPv6");
        changed.putArray("endpoints");
        assertThat(Json.rendered(slices.validateUpdate(changed, eps))).containsExactly(
                "addressType: Invalid value: \"IPv6\": field is immutable");
    }

    @Test
    void events() {
        KindStrategy events = KindStrategies.forType(ResourceTypes.EVENTS);
        ObjectNode ev = Json.obj("{'metadata':{'name':'web.1','namespace':'default'},'involvedObject':{'kind':'Pod',"
                + "'namespace':'default','name':'web','fieldPath':'spec.containers{app}'},'reason':'Pulled','message':' done ',"
                + "'type':'Normal','source':{'component':'kubelet','host':'node-1'},'firstTimestamp':'2026-01-10T11:00:00Z',"
                + "'lastTimestamp':'2026-01-10T11:58:00Z','count':4}");
        assertThat(events.validate(ev)).isEmpty();
        assertThat(events.columns()).extracting(Table.Column::name).containsExactly("Last Seen", "Type", "Reason", "Object",
                "Subobject", "Source", "Message", "First Seen", "Count", "Name");
        assertThat(events.cells(ev, Json.NOW)).containsExactly("2m", "Normal", "Pulled", "pod/web", "spec.containers{app}",
                "kubelet, node-1", "done", "60m", 4L, "web.1");
        assertThat(events.selectableFields(ev)).containsEntry("involvedObject.kind", "Pod")
                .containsEntry("involvedObject.name", "web").containsEntry("reason", "Pulled").containsEntry("source", "kubelet")
                .containsEntry("type", "Normal");
        ObjectNode other = ev.deepCopy();
        other.withObject("/involvedObject").put("namespace", "kube-system");
        assertThat(Json.rendered(events.validate(other))).containsExactly(
                "involvedObject.namespace: Invalid value: \"kube-system\": does not match event.namespace");
        ObjectNode single = Json.obj("{'metadata':{'name':'x','namespace':'default'},'involvedObject':{'kind':'Node','name':'n1'},"
                + "'eventTime':'2026-01-10T11:59:30.000000Z','reportingComponent':'sched'}");
        assertThat(events.cells(single, Json.NOW)).containsExactly("30s", "", "", "node/n1", "", "sched", "", "30s", 1L, "x");
        // an event with an eventTime (the events.k8s.io shape) must say who reported what, in every version
        assertThat(Json.rendered(events.validate(single))).containsExactly("reportingInstance: Required value",
                "action: Required value", "reason: Required value");
        single.put("reportingInstance", "sched-1").put("action", "Binding").put("reason", "Scheduled")
                .put("reportingComponent", "not a name!");
        assertThat(Json.rendered(events.validate(single))).hasSize(1).allMatch(m -> m.startsWith(
                "reportingController: Invalid value: \"not a name!\": name part must consist of alphanumeric"));
    }

    @Test
    void serviceAccounts() {
        KindStrategy sas = KindStrategies.forType(ResourceTypes.SERVICEACCOUNTS);
        ObjectNode sa = Json.obj("{'metadata':{'name':'default','namespace':'default','creationTimestamp':'2026-01-10T11:00:00Z'},"
                + "'secrets':[{'name':'tok'}]}");
        assertThat(sas.validate(sa)).isEmpty();
        assertThat(sas.cells(sa, Json.NOW)).containsExactly("default", 1L, "60m");
        sa.putArray("imagePullSecrets").addObject();
        assertThat(Json.rendered(sas.validate(sa))).containsExactly("imagePullSecrets[0].name: Required value");
    }
}
