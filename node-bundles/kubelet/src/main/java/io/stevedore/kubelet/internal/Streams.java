package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.api.ApiException;
import io.stevedore.api.runtime.ContainerStatus;
import io.stevedore.api.runtime.KubeletStreams;
import io.stevedore.api.runtime.LogOptions;
import io.stevedore.api.runtime.Sandbox;
import io.stevedore.api.runtime.StreamSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubelet's streaming endpoints (log, exec, attach, portforward) for the API server, with
 * Kubernetes' messages for a container that is unknown, not running, or has no previous instance.
 */
final class Streams implements KubeletStreams {

    private final Kubelet kubelet;

    Streams(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    @Override
    public String nodeName() {
        return kubelet.nodeName();
    }

    private Pod pod(String ns, String name) {
        return kubelet.pods().get(ns, name).orElseThrow(() -> ApiException.notFound(
                io.stevedore.api.ResourceTypes.PODS, name));
    }

    /** The container named, or the pod's only one; Kubernetes' messages otherwise. */
    private static String containerName(Pod pod, String container) {
        List<String> app = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> app.add(c.getName()));
        List<String> init = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> init.add(c.getName()));
        }
        String name = pod.getMetadata().getName();
        if (container == null || container.isEmpty()) {
            if (app.size() == 1) {
                return app.get(0);
            }
            String msg = "a container name must be specified for pod " + name + ", choose one of: "
                    + app.toString().replace(",", "");
            if (!init.isEmpty()) {
                msg += " or one of the init containers: " + init.toString().replace(",", "");
            }
            throw ApiException.badRequest(msg);
        }
        if (!app.contains(container) && !init.contains(container)) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + name);
        }
        return container;
    }

    private ContainerStatus running(Pod pod, String container) {
        String c = containerName(pod, container);
        ContainerStatus l = kubelet.cache().latest(pod.getMetadata().getUid(), c);
        if (l == null || l.state() != ContainerStatus.State.RUNNING) {
            throw ApiException.badRequest("unable to upgrade connection: container not found (\"" + c + "\")");
        }
        return l;
    }

    @Override
    public void logs(String namespace, String podName, String container, boolean previous, LogOptions options,
                     OutputStream out) throws IOException {
        Pod pod = pod(namespace, podName);
        String c = containerName(pod, container);
        String uid = pod.getMetadata().getUid();
        ContainerStatus target = previous ? kubelet.cache().previous(uid, c) : kubelet.cache().latest(uid, c);
        if (target == null) {
            if (previous) {
                throw ApiException.badRequest("previous terminated container \"" + c + "\" in pod \"" + podName
                        + "\" not found");
            }
            PodStatuses.Waiting w = kubelet.podSync().waitingOf(uid).get(c);
            throw ApiException.badRequest("container \"" + c + "\" in pod \"" + podName + "\" is waiting to start: "
                    + (w == null ? "ContainerCreating" : w.reason()));
        }
        if (!previous && target.state() == ContainerStatus.State.CREATED) {
            throw ApiException.badRequest("container \"" + c + "\" in pod \"" + podName
                    + "\" is waiting to start: ContainerCreating");
        }
        kubelet.runtime().logs(target.id(), options, out);
    }

    @Override
    public StreamSession exec(String namespace, String pod, String container, List<String> command, boolean stdin,
                              boolean tty) {
        ContainerStatus l = running(pod(namespace, pod), container);
        return kubelet.runtime().exec(l.id(), command, stdin, tty);
    }

    @Override
    public StreamSession attach(String namespace, String pod, String container, boolean stdin, boolean tty) {
        ContainerStatus l = running(pod(namespace, pod), container);
        return kubelet.runtime().attach(l.id(), stdin, tty);
    }

    @Override
    public Socket portForward(String namespace, String podName, int port) throws IOException {
        Pod pod = pod(namespace, podName);
        Sandbox sb = kubelet.cache().sandboxes(pod.getMetadata().getUid()).stream().filter(Sandbox::ready).findFirst()
                .orElseThrow(() -> ApiException.badRequest("pod " + podName + " is not running"));
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        String ip = hostNetwork || sb.ip().isEmpty() ? "127.0.0.1" : sb.ip();
        Socket s = new Socket();
        s.connect(new InetSocketAddress(ip, port), 5000);
        return s;
    }
}
