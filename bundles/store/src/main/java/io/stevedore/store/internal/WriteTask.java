package io.stevedore.store.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A write forwarded to the member that owns the revision log's partition (submitToKeyOwner); it hands the
 * request to that member's sequencer and returns the outcome as explicit bytes.
 */
final class WriteTask implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    static final int FACTORY_ID = 0x5354_5644; // "STVD"
    static final int CLASS_ID = 1;

    private static final byte OK = 0;
    private static final byte FAILED = 1;
    private static final byte NOT_SEQUENCER = 2;
    private static final StoreException.Kind[] KINDS = StoreException.Kind.values();

    private WriteRequest request;
    private transient HazelcastInstance hz;

    /** For deserialization. */
    WriteTask() {
    }

    WriteTask(WriteRequest request) {
        this.request = request;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public byte[] call() throws InterruptedException {
        Object ctx = hz.getUserContext().get(Grid.CONTEXT_KEY);
        if (!(ctx instanceof HazelcastStore store)) {
            return encodeNotSequencer();
        }
        try {
            return encode(store.sequencer().submit(request).get(HazelcastStore.WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Sequencer.NotSequencerException) {
                return encodeNotSequencer();
            }
            if (e.getCause() instanceof StoreException se) {
                return encode(se);
            }
            return encode(new StoreException(StoreException.Kind.UNAVAILABLE, String.valueOf(e.getCause())));
        } catch (TimeoutException e) {
            return encode(new StoreException(StoreException.Kind.UNAVAILABLE, "write timed out"));
        }
    }

    /** Decodes a task's answer: the stored value, or throws the StoreException / NotSequencerException. */
    static KeyValue decode(byte[] answer) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer))) {
            byte status = in.readByte();
            if (status == NOT_SEQUENCER) {
                throw new Sequencer.NotSequencerException();
            }
            if (status == FAILED) {
                StoreException.Kind kind = KINDS[in.readByte()];
                String message = in.readUTF();
                long revision = in.readLong();
                throw new StoreException(kind, message, revision, null);
            }
            String key = in.readUTF();
            long create = in.readLong();
            long mod = in.readLong();
            return new KeyValue(key, Codec.readBytes(in), create, mod);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(KeyValue kv) {
        return write(out -> {
            out.writeByte(OK);
            out.writeUTF(kv.key());
            out.writeLong(kv.createRevision());
            out.writeLong(kv.modRevision());
            Codec.writeBytes(out, kv.value());
        });
    }

    private static byte[] encode(StoreException e) {
        return write(out -> {
            out.writeByte(FAILED);
            out.writeByte(e.kind().ordinal());
            out.writeUTF(String.valueOf(e.getMessage()));
            out.writeLong(e.revision());
        });
    }

    private static byte[] encodeNotSequencer() {
        return new byte[] {NOT_SEQUENCER};
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(request.op().ordinal());
        out.writeString(request.key());
        out.writeByteArray(request.value());
        out.writeLong(request.expectedModRevision());
        out.writeLong(request.id().getMostSignificantBits());
        out.writeLong(request.id().getLeastSignificantBits());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        WriteRequest.Op op = WriteRequest.Op.values()[in.readByte()];
        String key = in.readString();
        byte[] value = in.readByteArray();
        long expected = in.readLong();
        java.util.UUID id = new java.util.UUID(in.readLong(), in.readLong());
        request = new WriteRequest(op, key, value, expected, id);
    }

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }

    /** Creates {@link WriteTask}s when Hazelcast deserializes them. */
    static final class Factory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int typeId) {
            return switch (typeId) {
                case CLASS_ID -> new WriteTask();
                case ClaimProcessor.CLASS_ID -> new ClaimProcessor();
                default -> null;
            };
        }
    }
}
