package io.stevedore.apiserver.internal.patch;

import static io.stevedore.apiserver.internal.patch.T.json;
import static io.stevedore.apiserver.internal.patch.T.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stevedore.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTest {

    private final StrategicMergePatch smp = new StrategicMergePatch();

    private static ObjectNode liveDeployment() {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default',"
                + "'uid':'u1','resourceVersion':'5','generation':1,'labels':{'app':'web','tier':'frontend'},"
                + "'annotations':{'deployment.kubernetes.io/revision':'1',"
                + "'kubectl.kubernetes.io/last-applied-configuration':'{old}'}},"
                + "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},"
                + "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':["
                + "{'name':'web','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],"
                + "'env':[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'C','value':'3'}],"
                + "'resources':{},'imagePullPolicy':'IfNotPresent'},"
                + "{'name':'sidecar','image':'busybox','command':['sleep','3600']}],"
                + "'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}},"
                + "'status':{'replicas':2,'conditions':[{'type':'Available','status':'True'}]}}");
    }

    /** The patch kubectl 1.32 sends on a second client-side apply (3-way diff against last-applied). */
    @Test
    void secondClientSideKubectlApply() {
        ObjectNode patch = obj("{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}\\n'},"
                + "'labels':{'tier':null}},"
                + "'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],"
                + "'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'C'}],"
                + "'env':[{'$patch':'delete','name':'B'}],'image':'nginx:1.26','name':'web'}]}}}}");
        ObjectNode live = liveDeployment();
        ObjectNode out = smp.apply(live, patch);

        assertThat(out.at("/metadata/labels")).isEqualTo(json("{'app':'web'}"));
        assertThat(out.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").stringValue())
                .isEqualTo("{new}\n");
        assertThat(out.at("/metadata/annotations/deployment.kubernetes.io~1revision").stringValue()).isEqualTo("1");
        assertThat(out.at("/spec/template/spec/containers")).isEqualTo(json("["
                + "{'name':'web','image':'nginx:1.26','ports':[{'containerPort':80,'protocol':'TCP'}],"
                + "'env':[{'name':'A','value':'1'},{'name':'C','value':'3'}],"
                + "'resources':{},'imagePullPolicy':'IfNotPresent'},"
                + "{'name':'sidecar','image':'busybox','command':['sleep','3600']}]"));
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(2);
        assertThat(out.get("status")).isEqualTo(live.get("status"));
        assertThat(out.toString()).doesNotContain("$setElementOrder").doesNotContain("$patch");
        assertThat(live).as("input untouched").isEqualTo(liveDeployment());
    }

    @Test
    void kubectlApplyRemovingAContainer() {
        ObjectNode out = smp.apply(liveDeployment(), obj("{'spec':{'template':{'spec':{"
                + "'$setElementOrder/containers':[{'name':'web'}],'containers':[{'$patch':'delete','name':'sidecar'}]}}}}"));
        assertThat(out.at("/spec/template/spec/containers")).hasSize(1);
        assertThat(out.at("/spec/template/spec/containers/0/name").stringValue()).isEqualTo("web");
        assertThat(out.at("/spec/template/spec/containers/0/env")).hasSize(3);
    }

    @Test
    void mergesContainersPortsEnvAndMountsByKey() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':["
                + "{'name':'a','ports':[{'containerPort':80,'name':'http'}],'volumeMounts':[{'mountPath':'/d','name':'v'}]}],"
                + "'tolerations':[{'key':'k1','operator':'Exists'}]}}");
        ObjectNode out = smp.apply(pod, obj("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'},"
                + "{'containerPort':443}],'volumeMounts':[{'mountPath':'/d','readOnly':true}],'env':[{'name':'X','value':'1'}]},"
                + "{'name':'b','image':'b'}],'tolerations':[{'key':'k2','operator':'Exists'}]}}"));
        assertThat(out.at("/spec/containers/0/ports")).isEqualTo(json("[{'containerPort':80,'name':'http','protocol':'TCP'},"
                + "{'containerPort':443}]"));
        assertThat(out.at("/spec/containers/0/volumeMounts")).isEqualTo(json("[{'mountPath':'/d','name':'v','readOnly':true}]"));
        assertThat(out.at("/spec/containers/0/env")).isEqualTo(json("[{'name':'X','value':'1'}]"));
        assertThat(out.at("/spec/containers/1/name").stringValue()).isEqualTo("b");
        assertThat(out.at("/spec/tolerations")).as("tolerations are replaced").isEqualTo(json("[{'key':'k2','operator':'Exists'}]"));
    }

    @Test
    void setElementOrderReordersTheList() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'name':'a'},{'name':'b'}]}}");
        ObjectNode out = smp.apply(pod, obj("{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'},{'name':'c'}],"
                + "'containers':[{'name':'c','image':'c'}]}}"));
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'b'},{'name':'a'},{'name':'c','image':'c'}]"));
    }

    @Test
    void setElementOrderThatContradictsThePatchListFails() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'name':'a'},{'name':'b'}]}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'b','image':'x'}]}}")));
        assertThat(e.code()).isEqualTo(500);
        assertThat(e.getMessage()).contains("doesn't match $setElementOrder list");
    }

    @Test
    void patchReplaceAndDeleteDirectives() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'labels':{'a':'1','b':'2'}},"
                + "'spec':{'containers':[{'name':'a'},{'name':'b'}],'nodeSelector':{'x':'y'}}}");
        ObjectNode out = smp.apply(pod, obj("{'metadata':{'labels':{'$patch':'replace','c':'3'}},"
                + "'spec':{'containers':[{'name':'z','image':'z'},{'$patch':'replace'}],'nodeSelector':{'$patch':'delete'}}}"));
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{'c':'3'}"));
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'z','image':'z'}]"));
        assertThat(out.at("/spec/nodeSelector")).isEqualTo(json("{}"));
    }

    @Test
    void deletingAMissingItemIsANoOp() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'name':'a','env':[{'name':'A','value':'1'}]}]}}");
        ObjectNode out = smp.apply(pod, obj("{'spec':{'containers':[{'name':'a','env':[{'$patch':'delete','name':'NOPE'}]}]}}"));
        assertThat(out).isEqualTo(pod);
    }

    @Test
    void retainKeysClearsOtherVolumeSources() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'volumes':[{'name':'v','emptyDir':{}},{'name':'w','emptyDir':{}}]}}");
        ObjectNode out = smp.apply(pod, obj("{'spec':{'volumes':[{'$retainKeys':['configMap','name'],'name':'v',"
                + "'configMap':{'name':'cm'}}]}}"));
        assertThat(out.at("/spec/volumes")).isEqualTo(json("[{'name':'v','configMap':{'name':'cm'}},{'name':'w','emptyDir':{}}]"));
    }

    @Test
    void retainKeysNotCoveringThePatchIs400() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'volumes':[{'name':'v','emptyDir':{}}]}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'volumes':[{'$retainKeys':['name'],'name':'v','configMap':{'name':'cm'}}]}}")));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("invalid patch format of retainKeys");
    }

    @Test
    void finalizersMergeAsASetAndDeleteFromPrimitiveList() {
        ObjectNode cm = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'finalizers':['a','b']},'data':{'k':'v','x':'y'}}");
        ObjectNode out = smp.apply(cm, obj("{'metadata':{'finalizers':['b','c'],'$deleteFromPrimitiveList/finalizers':['a']},"
                + "'data':{'x':null,'n':'m'}}"));
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['b','c']"));
        assertThat(out.get("data")).isEqualTo(json("{'k':'v','n':'m'}"));
    }

    @Test
    void ownerReferencesMergeByUid() {
        ObjectNode rs = obj("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'ownerReferences':["
                + "{'uid':'1','kind':'Deployment','name':'d','controller':true}]}}");
        ObjectNode out = smp.apply(rs, obj("{'metadata':{'ownerReferences':[{'uid':'1','blockOwnerDeletion':true},"
                + "{'uid':'2','kind':'X','name':'x'}]}}"));
        assertThat(out.at("/metadata/ownerReferences")).isEqualTo(json("[{'uid':'1','kind':'Deployment','name':'d',"
                + "'controller':true,'blockOwnerDeletion':true},{'uid':'2','kind':'X','name':'x'}]"));
    }

    @Test
    void servicePortsByPortAndNodeAddressesByType() {
        ObjectNode svc = obj("{'apiVersion':'v1','kind':'Service','spec':{'ports':[{'port':80,'targetPort':8080}]}}");
        ObjectNode out = smp.apply(svc, obj("{'spec':{'ports':[{'port':80,'name':'http'},{'port':443}]}}"));
        assertThat(out.at("/spec/ports")).isEqualTo(json("[{'port':80,'targetPort':8080,'name':'http'},{'port':443}]"));

        ObjectNode node = obj("{'apiVersion':'v1','kind':'Node','status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'}],"
                + "'conditions':[{'type':'Ready','status':'False'}]}}");
        ObjectNode n2 = smp.apply(node, obj("{'status':{'addresses':[{'type':'Hostname','address':'n1'}],"
                + "'conditions':[{'type':'Ready','status':'True'}]}}"));
        // Kubernetes' mergeSortedSlice puts patch items not present in the live list first.
        assertThat(n2.at("/status/addresses")).isEqualTo(json("[{'type':'Hostname','address':'n1'},"
                + "{'type':'InternalIP','address':'10.0.0.1'}]"));
        assertThat(n2.at("/status/conditions")).isEqualTo(json("[{'type':'Ready','status':'True'}]"));
    }

    @Test
    void podStatusConditionsAndPodIpsMergeByKey() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','status':{'conditions':[{'type':'Ready','status':'False'}],"
                + "'podIPs':[{'ip':'10.1.0.5'}]}}");
        ObjectNode out = smp.apply(pod, obj("{'status':{'conditions':[{'type':'PodScheduled','status':'True'},"
                + "{'type':'Ready','status':'True'}],'podIPs':[{'ip':'fd00::5'}]}}"));
        assertThat(out.at("/status/conditions")).isEqualTo(json("[{'type':'PodScheduled','status':'True'},"
                + "{'type':'Ready','status':'True'}]"));
        assertThat(out.at("/status/podIPs")).isEqualTo(json("[{'ip':'fd00::5'},{'ip':'10.1.0.5'}]"));
    }

    @Test
    void unknownPatchDirectiveValueIsAnUnknownError() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'name':'x'}]}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'containers':[{'$patch':'frob','name':'x'}]}}")));
        assertThat(e.code()).isEqualTo(500);
        assertThat(e.reason()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("unknown patch type: frob in map: map[$patch:frob name:x]");

        ApiException inMap = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'$patch':'merge'}}")));
        assertThat(inMap.getMessage()).startsWith("unknown patch type: merge in map:");

        ApiException mergeList = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'containers':[{'$patch':'merge'}]}}")));
        assertThat(mergeList.getMessage()).isEqualTo("merging lists cannot yet be specified in the patch");
    }

    @Test
    void unknownDollarMemberIsRejectedLikeStrictDecoding() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(pod, obj("{'spec':{'$frob':1}}")));
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.getMessage()).contains("strict decoding error: unknown field \"spec.$frob\"");
    }

    @Test
    void itemWithoutMergeKeyFails() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'name':'x'}]}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'containers':[{'image':'nginx'}]}}")));
        assertThat(e.code()).isEqualTo(500);
        assertThat(e.getMessage()).isEqualTo("map: map[image:nginx] does not contain declared merge key: name");

        ApiException del = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'containers':[{'$patch':'delete'}]}}")));
        assertThat(del.getMessage()).contains("does not contain declared merge key: name");
    }

    @Test
    void listsOfListsAreTheGeneric422() {
        ObjectNode node = obj("{'apiVersion':'v1','kind':'Node','spec':{}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(node,
                obj("{'spec':{'podCIDRs':[['a']]}}")));
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.getMessage()).isEqualTo(PatchErrors.GENERIC_INVALID_MESSAGE);
    }

    @Test
    void malformedDirectiveListsAre400() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{'volumes':[]}}");
        ApiException e = catchThrowableOfType(ApiException.class, () -> smp.apply(pod,
                obj("{'spec':{'volumes':[{'name':'v','$retainKeys':'name'}]}}")));
        assertThat(e.code()).isEqualTo(400);
    }

    @Test
    void deploymentTemplateUsesPodSpecRules() {
        ObjectNode out = smp.apply(liveDeployment(), obj("{'spec':{'template':{'spec':{'containers':[{'name':'sidecar',"
                + "'image':'busybox:2'}],'imagePullSecrets':[{'name':'reg'}]}}}}"));
        assertThat(out.at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("nginx:1.25");
        assertThat(out.at("/spec/template/spec/containers/1/image").stringValue()).isEqualTo("busybox:2");
        assertThat(out.at("/spec/template/spec/imagePullSecrets")).isEqualTo(json("[{'name':'reg'}]"));
    }

    @Test
    void newFieldsFromThePatchHaveDirectivesAndNullsApplied() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','spec':{}}");
        ObjectNode out = smp.apply(pod, obj("{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},"
                + "{'$patch':'delete','name':'Y'}],'image':null}]}}"));
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'a','env':[{'name':'X','value':'1'}]}]"));
    }

    @Test
    void unknownKindsMergeMapsAndReplaceLists() {
        ObjectNode cr = obj("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'finalizers':['a']},"
                + "'spec':{'items':[{'name':'a'}],'size':1}}");
        ObjectNode out = smp.apply(cr, obj("{'metadata':{'finalizers':['b']},'spec':{'items':[{'name':'b'}]}}"));
        assertThat(out.at("/spec/items")).isEqualTo(json("[{'name':'b'}]"));
        assertThat(out.at("/spec/size").intValue()).isEqualTo(1);
        // As in Kubernetes' normalizeElementOrder, patch items not in the live list come first.
        assertThat(out.at("/metadata/finalizers")).as("ObjectMeta rules still apply").isEqualTo(json("['b','a']"));
        assertThat(PatchSchema.kubernetes().isBuiltIn("example.com/v1", "Widget")).isFalse();
        assertThat(PatchErrors.strategicMergeUnsupported().code()).isEqualTo(415);
    }
}
