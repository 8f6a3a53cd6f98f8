package io.stevedore.apiserver.internal.streams;

import java.io.IOException;

/**
 * The WebSocket a stream session talks through, whatever container serves it. Sends return once the message is
 * written (or queued within a bound), so a slow client slows its producer down.
 */
public interface MessageSocket {

    void sendBinary(byte[] message) throws IOException;

    void sendText(String message) throws IOException;

    /** Ends the WebSocket with a normal closure (1000), after what was sent before. */
    void close();
}
