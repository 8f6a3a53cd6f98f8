/**
 * The container runtime SPI the kubelet is written against, shaped like Kubernetes' CRI: pod
 * sandboxes (the pod's network and IPC namespaces, or a loopback address on the process runtime)
 * and containers in them, labelled so that every container can be tied to its pod after a restart;
 * and the streams the API server routes to the kubelet that runs a pod (logs, exec, attach,
 * port-forward). Providers ({@link RuntimeProvider}) are OSGi services chosen by capability.
 */
@Export
@Version("0.1.0")
package io.stevedore.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
