package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodStrategyTest {

    private final KindStrategy pods = KindStrategies.forType(ResourceTypes.PODS);

    static ObjectNode pod() {
        return Json.obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default',"
                + "'creationTimestamp':'2026-01-10T11:00:00Z'},'spec':{'containers':[{'name':'app','image':'nginx:1.27',"
                + "'ports':[{'name':'http','containerPort':80}],'env':[{'name':'A','value':'1'}],"
                + "'volumeMounts':[{'name':'data','mountPath':'/data'}],"
                + "'resources':{'requests':{'cpu':'100m'},'limits':{'cpu':'500m','memory':'128Mi'}}}],"
                + "'volumes':[{'name':'data','emptyDir':{}}]}}");
    }

    private List<String> errors(ObjectNode p) {
        pods.applyDefaults(p);
        return Json.rendered(pods.validate(p));
    }

    @Test
    void defaultsLikeKubernetes() {
        ObjectNode p = pod();
        p.withObject("/spec").withArray("containers").addObject().put("name", "side").put("image", "busybox")
                .putObject("livenessProbe").putObject("httpGet").put("port", 8080);
        pods.applyDefaults(p);
        var spec = p.get("spec");
        assertThat(spec.get("dnsPolicy").asString()).isEqualTo("ClusterFirst");
        assertThat(spec.get("restartPolicy").asString()).isEqualTo("Always");
        assertThat(spec.get("terminationGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(spec.get("schedulerName").asString()).isEqualTo("default-scheduler");
        assertThat(spec.get("enableServiceLinks").asBoolean()).isTrue();
        assertThat(spec.get("securityContext").isObject()).isTrue();
        var app = spec.get("containers").get(0);
        assertThat(app.get("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(app.get("terminationMessagePath").asString()).isEqualTo("/dev/termination-log");
        assertThat(app.get("terminationMessagePolicy").asString()).isEqualTo("File");
        assertThat(app.at("/ports/0/protocol").asString()).isEqualTo("TCP");
        assertThat(app.at("/resources/requests/memory").asString()).isEqualTo("128Mi");
        assertThat(app.at("/resources/requests/cpu").asString()).isEqualTo("100m");
        var side = spec.get("containers").get(1);
        assertThat(side.get("imagePullPolicy").asString()).isEqualTo("Always");
        assertThat(side.at("/livenessProbe/timeoutSeconds").asLong()).isEqualTo(1);
        assertThat(side.at("/livenessProbe/periodSeconds").asLong()).isEqualTo(10);
        assertThat(side.at("/livenessProbe/successThreshold").asLong()).isEqualTo(1);
        assertThat(side.at("/livenessProbe/failureThreshold").asLong()).isEqualTo(3);
        assertThat(side.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/");
        assertThat(side.at("/livenessProbe/httpGet/scheme").asString()).isEqualTo("HTTP");
    }

    @Test
    void imagePullPolicyFollowsTheTag() {
        assertThat(PodSpecs.imageTag("nginx")).isEqualTo("latest");
        assertThat(PodSpecs.imageTag("nginx:latest")).isEqualTo("latest");
        assertThat(PodSpecs.imageTag("localhost:5000/nginx")).isEqualTo("latest");
        assertThat(PodSpecs.imageTag("localhost:5000/nginx:1.2")).isEqualTo("1.2");
        assertThat(PodSpecs.imageTag("nginx@sha256:abc")).isEmpty();
    }

    @Test
    void validPodPasses() {
        assertThat(errors(pod())).isEmpty();
    }

    @Test
    void containersRequired() {
        ObjectNode p = pod();
        p.withObject("/spec").putArray("containers");
        assertThat(errors(p)).contains("spec.containers: Required value");
    }

    @Test
    void containerNamesAndImages() {
        ObjectNode p = pod();
        var cs = p.withObject("/spec").withArray("containers");
        cs.addObject().put("name", "app").put("image", "x");
        cs.addObject().put("name", "Bad_Name").put("image", "x");
        cs.addObject().put("name", "noimage");
        var errs = errors(p);
        assertThat(errs).contains("spec.containers[1].name: Duplicate value: \"app\"",
                "spec.containers[3].image: Required value");
        assertThat(errs).anyMatch(e -> e.startsWith("spec.containers[2].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label"));
    }

    @Test
    void portsRangeNamesProtocol() {
        ObjectNode p = pod();
        var ports = p.withObject("/spec").withArray("containers").get(0).withArray("ports");
        ports.addObject().put("name", "http").put("containerPort", 70000).put("protocol", "HTTP");
        var errs = errors(p);
        assertThat(errs).containsExactly(
                "spec.containers[0].ports[1].name: Duplicate value: \"http\"",
                "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    @Test
    void requestsMustNotExceedLimits() {
        ObjectNode p = pod();
        var res = p.withObject("/spec").withArray("containers").get(0).withObject("resources");
        res.withObject("requests").put("cpu", "2");
        res.withObject("limits").put("cpu", "1");
        assertThat(errors(p)).containsExactly(
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1");
    }

    @Test
    void requestLimitMessageUsesCanonicalQuantities() {
        ObjectNode p = pod();
        var res = p.withObject("/spec").withArray("containers").get(0).withObject("resources");
        res.withObject("requests").put("cpu", "1500m").put("memory", "2048Mi");
        res.withObject("limits").put("cpu", "1000m").put("memory", "1Gi");
        assertThat(errors(p)).containsExactlyInAnyOrder(
                "spec.containers[0].resources.requests: Invalid value: \"1500m\": must be less than or equal to cpu limit of 1",
                "spec.containers[0].resources.requests: Invalid value: \"2Gi\": must be less than or equal to memory limit of 1Gi");
    }

    @Test
    void malformedQuantity() {
        ObjectNode p = pod();
        p.withObject("/spec").withArray("containers").get(0).withObject("resources").withObject("limits").put("memory", "lots");
        assertThat(errors(p)).first().isEqualTo("spec.containers[0].resources.limits[memory]: Invalid value: \"lots\": "
                + "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    @Test
    void restartAndDnsPolicies() {
        ObjectNode p = pod();
        p.withObject("/spec").put("restartPolicy", "Sometimes").put("dnsPolicy", "Google");
        assertThat(errors(p)).containsExactly(
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", "
                        + "\"ClusterFirst\", \"Default\", \"None\"");
    }

    @Test
    void envNamesAndMountsAndVolumes() {
        ObjectNode p = pod();
        var c = p.withObject("/spec").withArray("containers").get(0);
        c.withArray("env").addObject().put("name", "A=B");
        c.withArray("env").addObject().put("value", "x");
        c.withArray("volumeMounts").addObject().put("name", "missing").put("mountPath", "/data");
        p.withObject("/spec").withArray("volumes").addObject().put("name", "data").putObject("emptyDir");
        var errs = errors(p);
        assertThat(errs).containsExactly(
                "spec.volumes[1].name: Duplicate value: \"data\"",
                "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist "
                        + "only of printable ASCII characters other than '='",
                "spec.containers[0].env[2].name: Required value",
                "spec.containers[0].volumeMounts[1].name: Not found: \"missing\"",
                "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique");
    }

    @Test
    void tolerationRules() {
        ObjectNode p = pod();
        var t = p.withObject("/spec").withArray("tolerations");
        t.addObject().put("key", "k").put("operator", "Exists").put("value", "v");
        t.addObject().put("key", "k").put("effect", "Never");
        assertThat(errors(p)).containsExactly(
                "spec.tolerations[0].operator: Invalid value: {\"Key\":\"k\",\"Operator\":\"Exists\",\"Value\":\"v\","
                        + "\"Effect\":\"\",\"TolerationSeconds\":null}: value must be empty when `operator` is 'Exists'",
                "spec.tolerations[1].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", "
                        + "\"PreferNoSchedule\", \"NoExecute\"");
    }

    @Test
    void nameIsSubdomain() {
        ObjectNode p = pod();
        p.withObject("/metadata").put("name", "Web");
        assertThat(errors(p)).singleElement().asString().startsWith("metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain");
    }

    @Test
    void prepareForCreateSetsPendingAndQos() {
        ObjectNode p = pod();
        pods.applyDefaults(p);
        p.putObject("status").put("phase", "Running");
        pods.prepareForCreate(p);
        assertThat(p.at("/status/phase").asString()).isEqualTo("Pending");
        assertThat(p.at("/status/qosClass").asString()).isEqualTo("Burstable");
        assertThat(p.at("/metadata/generation").isMissingNode()).isTrue();
    }

    @Test
    void qosClasses() {
        assertThat(PodSpecs.qosClass(Json.obj("{'containers':[{'name':'a'}]}"))).isEqualTo("BestEffort");
        assertThat(PodSpecs.qosClass(Json.obj("{'containers':[{'resources':{'limits':{'cpu':'1','memory':'1Gi'},"
                + "'requests':{'cpu':'1000m','memory':'1Gi'}}}]}"))).isEqualTo("Guaranteed");
        assertThat(PodSpecs.qosClass(Json.obj("{'containers':[{'resources':{'requests':{'cpu':'1'}}}]}"))).isEqualTo("Burstable");
    }

    @Test
    void schedulingGatesAddCondition() {
        ObjectNode p = pod();
        p.withObject("/spec").withArray("schedulingGates").addObject().put("name", "example.com/gate");
        pods.applyDefaults(p);
        pods.prepareForCreate(p);
        assertThat(p.at("/status/conditions/0/reason").asString()).isEqualTo("SchedulingGated");
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("SchedulingGated");
    }

    @Test
    void updateMayChangeImagesOnly() {
        ObjectNode old = pod();
        pods.applyDefaults(old);
        ObjectNode img = old.deepCopy();
        ((ObjectNode) img.withObject("/spec").withArray("containers").get(0)).put("image", "nginx:1.28");
        assertThat(pods.validateUpdate(img, old)).isEmpty();
        ObjectNode env = old.deepCopy();
        env.withObject("/spec").withArray("containers").get(0).withArray("env").addObject().put("name", "B").put("value", "2");
        assertThat(Json.rendered(pods.validateUpdate(env, old))).singleElement().asString()
                .startsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,");
        ObjectNode zeroValues = old.deepCopy();
        zeroValues.withObject("/spec").put("hostNetwork", false).put("nodeName", "");
        assertThat(pods.validateUpdate(zeroValues, old)).isEmpty();
        ObjectNode tol = old.deepCopy();
        tol.withObject("/spec").withArray("tolerations").addObject().put("key", "k").put("operator", "Exists");
        assertThat(pods.validateUpdate(tol, old)).isEmpty();
        assertThat(Json.rendered(pods.validateUpdate(old, tol)))
                .containsExactly("spec.tolerations[0]: Forbidden: existing toleration can not be modified except its tolerationSeconds");
    }

    @Test
    void updateKeepsStatusAndStatusUpdateKeepsSpec() {
        ObjectNode old = pod();
        old.putObject("status").put("phase", "Running");
        ObjectNode next = old.deepCopy();
        next.withObject("/status").put("phase", "Failed");
        pods.prepareForUpdate(next, old);
        assertThat(next.at("/status/phase").asString()).isEqualTo("Running");
        ObjectNode statusUpdate = old.deepCopy();
        statusUpdate.withObject("/status").put("phase", "Succeeded");
        statusUpdate.withObject("/spec").put("nodeName", "sneaky");
        statusUpdate.withObject("/metadata").put("resourceVersion", "42").putObject("labels").put("x", "y");
        pods.prepareForStatusUpdate(statusUpdate, old);
        assertThat(statusUpdate.at("/status/phase").asString()).isEqualTo("Succeeded");
        assertThat(statusUpdate.at("/spec/nodeName").isMissingNode()).isTrue();
        assertThat(statusUpdate.at("/metadata/labels").isMissingNode()).isTrue();
        assertThat(statusUpdate.at("/metadata/resourceVersion").asString()).isEqualTo("42");
    }

    @Test
    void selectableFields() {
        ObjectNode p = pod();
        p.withObject("/spec").put("nodeName", "n1").put("serviceAccountName", "sa");
        p.putObject("status").put("phase", "Running").putArray("podIPs").addObject().put("ip", "10.1.0.5");
        pods.applyDefaults(p);
        assertThat(pods.selectableFields(p)).containsEntry("metadata.name", "web").containsEntry("metadata.namespace", "default")
                .containsEntry("spec.nodeName", "n1").containsEntry("spec.restartPolicy", "Always")
                .containsEntry("spec.schedulerName", "default-scheduler").containsEntry("spec.serviceAccountName", "sa")
                .containsEntry("spec.hostNetwork", "false").containsEntry("status.phase", "Running")
                .containsEntry("status.podIP", "10.1.0.5").containsEntry("status.nominatedNodeName", "");
    }

    @Test
    void columns() {
        assertThat(pods.columns()).extracting(Table.Column::name).containsExactly("Name", "Ready", "Status", "Restarts",
                "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(pods.columns()).extracting(Table.Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(pods.columns().get(0).format()).isEqualTo("name");
        assertThat(pods.columns().get(3).type()).isEqualTo("string");
    }

    @Test
    void runningPodRow() {
        ObjectNode p = pod();
        p.withObject("/spec").put("nodeName", "node-1").withArray("readinessGates").addObject().put("conditionType", "x/ready");
        p.set("status", Json.obj("{'phase':'Running','podIP':'10.1.0.5','conditions':[{'type':'Ready','status':'True'},"
                + "{'type':'x/ready','status':'False'}],'containerStatuses':[{'name':'app','ready':true,'restartCount':3,"
                + "'state':{'running':{}},'lastState':{'terminated':{'exitCode':1,'finishedAt':'2026-01-10T11:55:00Z'}}}]}"));
        assertThat(pods.cells(p, Json.NOW)).containsExactly("web", "1/1", "Running", "3 (5m ago)", "60m", "10.1.0.5",
                "node-1", "<none>", "0/1");
    }

    @Test
    void pendingAndWaitingRows() {
        ObjectNode p = pod();
        p.set("status", Json.obj("{'phase':'Pending'}"));
        assertThat(pods.cells(p, Json.NOW)).containsExactly("web", "0/1", "Pending", "0", "60m", "<none>", "<none>",
                "<none>", "<none>");
        p.set("status", Json.obj("{'phase':'Pending','containerStatuses':[{'name':'app','ready':false,'restartCount':0,"
                + "'state':{'waiting':{'reason':'ImagePullBackOff'}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("ImagePullBackOff");
    }

    @Test
    void terminatedAndInitRows() {
        ObjectNode p = pod();
        p.set("status", Json.obj("{'phase':'Failed','containerStatuses':[{'name':'app','state':{'terminated':{'exitCode':2}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("ExitCode:2");
        p.set("status", Json.obj("{'phase':'Succeeded','containerStatuses':[{'name':'app','state':{'terminated':"
                + "{'exitCode':0,'reason':'Completed'}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("Completed");
        p.withObject("/spec").withArray("initContainers").addObject().put("name", "init").put("image", "busybox");
        p.set("status", Json.obj("{'phase':'Pending','initContainerStatuses':[{'name':'init','state':{'running':{}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("Init:0/1");
        p.set("status", Json.obj("{'phase':'Pending','initContainerStatuses':[{'name':'init','state':{'terminated':"
                + "{'exitCode':1,'reason':'Error'}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("Init:Error");
        p.set("status", Json.obj("{'phase':'Pending','initContainerStatuses':[{'name':'init','state':{'terminated':"
                + "{'exitCode':0,'signal':9}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("Pending");
    }

    @Test
    void terminatingRow() {
        ObjectNode p = pod();
        p.withObject("/metadata").put("deletionTimestamp", "2026-01-10T11:59:00Z");
        p.set("status", Json.obj("{'phase':'Running','containerStatuses':[{'name':'app','ready':true,'state':{'running':{}}}]}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("Terminating");
        p.set("status", Json.obj("{'phase':'Running','reason':'NodeLost'}"));
        assertThat(pods.cells(p, Json.NOW).get(2)).isEqualTo("Unknown");
    }
}
