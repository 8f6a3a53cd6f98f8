package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ResourceEventHandler;
import java.time.Duration;
import java.util.Optional;

/**
 * The ServiceAccount loop ({@code pkg/controller/serviceaccount}): every active namespace has a
 * {@code default} ServiceAccount; one deleted is made again.
 */
public final class ServiceAccountController extends Controller {

    static final String COMPONENT = "service-account-controller";
    static final String DEFAULT = "default";

    private final KubeClient client;
    private final Lister<Namespace> namespaces;
    private final Lister<ServiceAccount> accounts;

    ServiceAccountController(KubeClient client, InformerFactory informers) {
        super(client, COMPONENT);
        this.client = client;
        var nsInformer = informers.sharedIndexInformerFor(Namespace.class, Duration.ZERO);
        var saInformer = informers.sharedIndexInformerFor(ServiceAccount.class, Duration.ZERO);
        this.namespaces = nsInformer.lister();
        this.accounts = saInformer.lister();
        nsInformer.addEventHandler(enqueueByName(ns -> { }));
        saInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onDelete(ServiceAccount sa, boolean unknown) {
                if (DEFAULT.equals(sa.getMetadata().getName())) {
                    loop.queue().add(sa.getMetadata().getNamespace());
                }
            }
        });
    }

    @Override
    public Result reconcile(String namespace) {
        Optional<Namespace> ns = namespaces.get(null, namespace);
        if (ns.isEmpty() || ns.get().getMetadata().getDeletionTimestamp() != null
                || (ns.get().getStatus() != null && "Terminating".equals(ns.get().getStatus().getPhase()))) {
            return Result.DONE;
        }
        if (accounts.get(namespace, DEFAULT).isPresent()) {
            return Result.DONE;
        }
        try {
            client.resources(ServiceAccount.class).inNamespace(namespace).create(new ServiceAccountBuilder()
                    .withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build());
        } catch (ApiException e) {
            if (e.code() != 409 && !namespaceTerminating(e)) {
                throw e;
            }
        }
        return Result.DONE;
    }
}
