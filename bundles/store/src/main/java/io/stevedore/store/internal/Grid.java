package io.stevedore.store.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded Hazelcast member and the distributed structures the store uses: the revision log (a
 * ringbuffer whose capacity is the watch window), the current state (an IMap of explicit bytes), a small
 * metadata map, and the executor that routes writes to the sequencing member.
 */
final class Grid {

    static final String LOG = "stevedore-log";
    static final String KV = "stevedore-kv";
    static final String META = "stevedore-meta";
    static final String EXECUTOR = "stevedore-writes";
    static final String QUORUM = "stevedore-quorum";
    static final String CONTEXT_KEY = "io.stevedore.store";

    /** Metadata: the last revision claimed by a sequencer. */
    static final String META_REV = "rev";
    /** Metadata: every event up to this revision is reflected in the KV map. */
    static final String META_APPLIED = "applied";
    /** Metadata: the revision the grid started from (loaded from disk). */
    static final String META_BASE = "base";
    /** Metadata: set once the grid's initial content is loaded. */
    static final String META_READY = "ready";
    static final String META_LOADER = "loader";

    final HazelcastInstance hz;
    final Ringbuffer<byte[]> log;
    final IMap<String, byte[]> kv;
    final IMap<String, Long> meta;
    final IExecutorService executor;
    private final Partition logPartition;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Grid(HazelcastInstance hz) {
        this.hz = hz;
        this.log = hz.getRingbuffer(LOG);
        this.kv = hz.getMap(KV);
        this.meta = hz.getMap(META);
        this.executor = hz.getExecutorService(EXECUTOR);
        this.logPartition = hz.getPartitionService().getPartition(LOG);
    }

    /** Starts a member; {@code context} is reachable from tasks as the user context entry {@link #CONTEXT_KEY}. */
    static Grid start(StoreConfig cfg, Object context) {
        ClassLoader loader = Grid.class.getClassLoader();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        CallbackExecutor.acquire();
        try {
            Config config = config(cfg, loader);
            config.getUserContext().put(CONTEXT_KEY, context);
            return new Grid(Hazelcast.newHazelcastInstance(config));
        } catch (RuntimeException | Error e) {
            CallbackExecutor.release();
            throw e;
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    static Config config(StoreConfig cfg, ClassLoader loader) {
        Config c = new Config();
        c.setClassLoader(loader);
        c.setClusterName(cfg.clusterName());
        c.setInstanceName("stevedore-" + cfg.clusterName() + "-" + System.identityHashCode(c));
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.logging.type", loggingType());
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.socket.bind.any", "false");
        // members that formed separate clusters while starting together find each other soon
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.setProperty("hazelcast.local.localAddress", cfg.bindAddress());

        NetworkConfig net = c.getNetworkConfig();
        net.setPort(cfg.port()).setPortAutoIncrement(true).setPortCount(100);
        net.getRestApiConfig().setEnabled(false);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(!cfg.members().isEmpty());
        cfg.members().forEach(m -> join.getTcpIpConfig().addMember(m.trim()));

        String quorum = null;
        if (cfg.minClusterSize() > 1) {
            quorum = QUORUM;
            c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(QUORUM, true, cfg.minClusterSize())
                    .setProtectOn(SplitBrainProtectionOn.WRITE));
        }
        c.addRingBufferConfig(new RingbufferConfig(LOG).setCapacity(cfg.watchWindow()).setBackupCount(1)
                .setAsyncBackupCount(0).setTimeToLiveSeconds(0).setInMemoryFormat(InMemoryFormat.BINARY)
                .setSplitBrainProtectionName(quorum));
        for (String name : new String[] {KV, META}) {
            c.addMapConfig(new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0)
                    .setInMemoryFormat(InMemoryFormat.BINARY).setStatisticsEnabled(false)
                    .setSplitBrainProtectionName(quorum));
        }
        c.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(64).setStatisticsEnabled(false)
                .setSplitBrainProtectionName(quorum));
        c.getSerializationConfig().addDataSerializableFactory(WriteTask.FACTORY_ID, new WriteTask.Factory());
        return c;
    }

    private static String loggingType() {
        try {
            // Hazelcast loads its slf4j adapter through its own loader (an optional import under OSGi)
            Class.forName("org.slf4j.LoggerFactory", false, HazelcastInstance.class.getClassLoader());
            return "slf4j";
        } catch (ClassNotFoundException e) {
            return "none";
        }
    }

    /** True when this member owns the revision log's partition, and so sequences writes. */
    boolean ownsLog() {
        var owner = logPartition.getOwner();
        return owner != null && owner.localMember();
    }

    int clusterSize() {
        return hz.getCluster().getMembers().size();
    }

    Map<String, Object> userContext() {
        return hz.getUserContext();
    }

    void shutdown() {
        try {
            hz.shutdown();
        } catch (RuntimeException ignored) {
            // already terminated
        } finally {
            if (stopped.compareAndSet(false, true)) {
                CallbackExecutor.release();
            }
        }
    }
}
