package io.stevedore.api.client;

/** An open watch; closing it stops the events (idempotent). */
public interface Watch extends AutoCloseable {

    @Override
    void close();
}
