package io.stevedore.controller.internal;

import io.stevedore.api.client.KubeClient;

/** One reconcile loop: a named rate-limited queue of keys and the workers that reconcile them. */
abstract class Controller implements AutoCloseable, Reconciler {

    protected final ControllerLoop loop;

    Controller(KubeClient client, String name) {
        this.loop = new ControllerLoop(name, client.newRateLimitingQueue(name), this);
    }

    void start(int workers) {
        loop.start(workers);
    }

    ControllerLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        loop.close();
    }
}
