package io.stevedore.store.internal;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Typed configuration to StoreConfig, and where a relative data directory goes. */
class StoreComponentTest {

    private static StoreComponent.Config config(String members, String dataDir) {
        return new StoreComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreComponent.Config.class;
            }

            @Override
            public String clusterName() {
                return "c";
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return 5801;
            }

            @Override
            public String members() {
                return members;
            }

            @Override
            public int watchWindow() {
                return 1000;
            }

            @Override
            public String dataDir() {
                return dataDir;
            }

            @Override
            public int snapshotEvery() {
                return 10;
            }

            @Override
            public int minClusterSize() {
                return 2;
            }
        };
    }

    @Test
    void membersAreSplitAndRelativeDataDirsGoUnderKarafData() throws Exception {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/opt/karaf/data");
        try {
            StoreConfig c = StoreComponent.toStoreConfig(config(" 10.0.0.1:5701, ,10.0.0.2:5701", "stevedore/store"));
            assertThat(c.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
            assertThat(c.dataDir()).isEqualTo(Path.of("/opt/karaf/data/stevedore/store"));
            assertThat(c.minClusterSize()).isEqualTo(2);
            assertThat(StoreComponent.toStoreConfig(config("", "/var/lib/x")).dataDir()).isEqualTo(Path.of("/var/lib/x"));
            assertThat(StoreComponent.toStoreConfig(config("", "")).members()).isEmpty();
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }
}
