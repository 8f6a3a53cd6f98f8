/**
 * The internal client every in-JVM component (scheduler, controllers, kubelet, shell) is written
 * against: typed resource clients, shared informers with listers and indexes, and rate-limited work
 * queues with client-go semantics. Objects are the fabric8 kubernetes-model classes.
 */
@Export
@Version("0.5.0")
package io.stevedore.api.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
