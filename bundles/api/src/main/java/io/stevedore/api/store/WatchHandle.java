package io.stevedore.api.store;

/** A live watch; closing it stops delivery. */
public interface WatchHandle extends AutoCloseable {

    @Override
    void close();
}
