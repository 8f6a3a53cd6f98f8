package io.stevedore.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Writes 1 KiB values to etcd through jetcd, the way a Kubernetes API server does: a create is the transaction
 * "if create_revision(key) == 0 then put", an update "if mod_revision(key) == expected then put".
 */
public final class EtcdTarget implements WriteTarget {

    private static final long TIMEOUT_SECONDS = 30;

    private final Client client;
    private final KV kv;
    private final String prefix;

    public EtcdTarget(String endpoint, String prefix) {
        this.client = Client.builder().endpoints(endpoint).build();
        this.kv = client.getKVClient();
        this.prefix = prefix;
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public long create(String key, long stampNanos) throws Exception {
        return put(key, stampNanos, CmpTarget.createRevision(0));
    }

    @Override
    public long update(String key, long stampNanos, long expected) throws Exception {
        return put(key, stampNanos, CmpTarget.modRevision(expected));
    }

    private long put(String key, long stampNanos, CmpTarget<?> precondition) throws Exception {
        ByteSequence k = bytes(prefix + key);
        TxnResponse r = kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, precondition))
                .Then(Op.put(k, ByteSequence.from(Payload.bytes(stampNanos, OBJECT_BYTES)), PutOption.DEFAULT))
                .commit()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!r.isSucceeded()) {
            throw new IllegalStateException("precondition failed on " + key);
        }
        return r.getHeader().getRevision();
    }

    @Override
    public long revisionOf(String key) throws Exception {
        GetResponse r = kv.get(bytes(prefix + key)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return r.getKvs().isEmpty() ? 0 : r.getKvs().get(0).getModRevision();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kv.close();
        client.close();
    }
}
