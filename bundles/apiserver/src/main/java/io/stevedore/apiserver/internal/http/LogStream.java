package io.stevedore.apiserver.internal.http;

import io.stevedore.apiserver.internal.streams.StreamQueries.LogQuery;
import io.stevedore.apiserver.internal.streams.StreamTarget;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A container's log as a response body, written by the pod's kubelet on the request's thread: what is there now
 * (not following). An ApiException the kubelet throws before writing becomes the Status response; once the client
 * is gone, writes fail with an IOException and the kubelet stops. Following goes through {@link LogFollow}.
 */
final class LogStream implements StreamingOutput {

    private final StreamTarget target;
    private final LogQuery query;

    LogStream(StreamTarget target, LogQuery query) {
        this.target = target;
        this.query = query;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        target.kubelet().logs(target.namespace(), target.name(), target.container(), query.previous(),
                query.options(), out);
    }
}
