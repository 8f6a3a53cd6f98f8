/** The store contract: etcd's guarantees (revisions, compare-and-set, ordered watches) over any engine. */
@Export
@Version("0.2.0")
package io.stevedore.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
