package io.stevedore.apiserver.internal.http;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.http.server.Request;

/**
 * Tells a followed log when its client's connection closes, so that a kubelet following an idle log stops at once
 * rather than at its next write. The Grizzly-specific half of {@link LogFollow}: another container would watch its
 * own connection the same way.
 */
final class GrizzlyDisconnects implements ContainerResponseFilter {

    @Inject
    private Provider<Request> request;

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext responseContext)
            throws IOException {
        if (!(responseContext.getEntity() instanceof LogFollow follow)) {
            return;
        }
        Connection connection = request.get().getConnection();
        CloseListener listener = (closeable, type) -> follow.clientGone();
        connection.addCloseListener(listener);
        follow.ended().whenComplete((v, t) -> connection.removeCloseListener(listener));
        if (!connection.isOpen()) {
            follow.clientGone();
            return;
        }
        // Grizzly does not read a connection whose response is suspended, so it would not see the client close it;
        // reading again lets it see the end of the stream (a following client sends nothing more)
        connection.enableIOEvent(IOEvent.READ);
    }
}
