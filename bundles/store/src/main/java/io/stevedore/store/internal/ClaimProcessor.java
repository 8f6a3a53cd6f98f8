package io.stevedore.store.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Compare-and-set of the claimed revision on its partition: moves it from {@code expected} to {@code next}
 * and answers true, or leaves it and answers false. Submitted asynchronously, so the claim overlaps the WAL force.
 */
final class ClaimProcessor implements EntryProcessor<String, Long, Boolean>, IdentifiedDataSerializable {

    static final int CLASS_ID = 2;

    private long expected;
    private long next;

    ClaimProcessor() {
    }

    ClaimProcessor(long expected, long next) {
        this.expected = expected;
        this.next = next;
    }

    @Override
    public Boolean process(Map.Entry<String, Long> entry) {
        Long current = entry.getValue();
        if ((current == null ? 0 : current) != expected) {
            return false;
        }
        entry.setValue(next);
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(expected);
        out.writeLong(next);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        expected = in.readLong();
        next = in.readLong();
    }

    @Override
    public int getFactoryId() {
        return WriteTask.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }
}
