/** Resource kinds and the Status-shaped errors every Stevedore component speaks. */
@Export
@Version("0.4.0")
package io.stevedore.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
