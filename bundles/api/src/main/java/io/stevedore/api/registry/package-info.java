/** The registry: the only way to read and write API objects, for HTTP and in-JVM callers alike. */
@Export
@Version("0.2.0")
package io.stevedore.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
