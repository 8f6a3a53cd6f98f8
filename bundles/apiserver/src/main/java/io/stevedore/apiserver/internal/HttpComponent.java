package io.stevedore.apiserver.internal;

import io.stevedore.api.registry.Registry;
import io.stevedore.api.runtime.KubeletStreams;
import io.stevedore.apiserver.internal.http.ApiServer;
import io.stevedore.apiserver.internal.http.ApiServerConfig;
import io.stevedore.apiserver.internal.streams.Kubelets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the registry over the Kubernetes REST API; a new address or port applies live. The pod streams go to the
 * {@link KubeletStreams} services of the pods' nodes, which come and go at any time.
 */
@Component(immediate = true, service = {}, configurationPid = "io.stevedore.apiserver",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ApiServerSettings.class)
public final class HttpComponent {

    private static final Logger LOG = LoggerFactory.getLogger(HttpComponent.class);

    private final Registry registry;
    private final Kubelets kubelets = new Kubelets();
    private ApiServer server;
    private ApiServerConfig current;

    @Activate
    public HttpComponent(@Reference Registry registry, ApiServerSettings settings) {
        this.registry = registry;
        modified(settings);
    }

    @Modified
    synchronized void modified(ApiServerSettings settings) {
        ApiServerConfig next = new ApiServerConfig(settings.bindAddress(), settings.port(),
                settings.maxRequestBytes(), settings.minRequestTimeout(), settings.workerThreads());
        if (next.equals(current)) {
            return;
        }
        stop();
        try {
            server = ApiServer.start(registry, kubelets, next, () -> true);
            current = next;
            LOG.info("Kubernetes API listening on http://{}:{}", next.bindAddress(), server.port());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + next.bindAddress() + ":" + next.port(), e);
        }
    }

    /** A kubelet came: the pods of its node stream through it (log, exec, attach, portforward). */
    @Reference(name = "kubelet", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeKubelet", updated = "updatedKubelet")
    void addKubelet(KubeletStreams kubelet, Map<String, Object> properties) {
        kubelets.add(Kubelets.nodeOf(kubelet, properties), kubelet);
    }

    void updatedKubelet(KubeletStreams kubelet, Map<String, Object> properties) {
        kubelets.removeEverywhere(kubelet);
        addKubelet(kubelet, properties);
    }

    void removeKubelet(KubeletStreams kubelet, Map<String, Object> properties) {
        kubelets.removeEverywhere(kubelet);
    }

    @Deactivate
    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            current = null;
        }
    }
}
