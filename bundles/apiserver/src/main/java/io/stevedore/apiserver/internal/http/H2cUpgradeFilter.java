package io.stevedore.apiserver.internal.http;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Declines cleartext HTTP/2 upgrades ({@code Upgrade: h2c}), as a server that speaks only HTTP/1.1 must:
 * the request is served as plain HTTP/1.1. Java's HttpClient (used by the fabric8 client) offers h2c on every
 * request; Grizzly would otherwise treat the body of such a POST as an upgraded stream and never answer.
 * Works on the raw request bytes before the HTTP codec: the header name is renamed in place.
 */
final class H2cUpgradeFilter extends BaseFilter {

    private static final byte[] NAME = "upgrade:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Installs the filter in front of the HTTP codec of a listener. */
    static final class Install implements AddOn {
        @Override
        public void setup(NetworkListener listener, FilterChainBuilder builder) {
            int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
            if (codec >= 0) {
                builder.add(codec, new H2cUpgradeFilter());
            }
        }
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof Buffer buffer) {
            neutralize(buffer);
        }
        return ctx.getInvokeAction();
    }

    /** Renames an {@code Upgrade: h2c} header (within the header block) to {@code Xpgrade}. */
    static void neutralize(Buffer b) {
        int start = b.position();
        int end = b.limit();
        for (int i = start; i < end - 1; i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && i + 3 < end && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return; // end of headers
            }
            if (b.get(i) == '\n' && matchesName(b, i + 1, end)) {
                int v = i + 1 + NAME.length;
                while (v < end && (b.get(v) == ' ' || b.get(v) == '\t')) {
                    v++;
                }
                if (v + 2 < end && lower(b.get(v)) == 'h' && b.get(v + 1) == '2' && lower(b.get(v + 2)) == 'c') {
                    b.put(i + 1, (byte) 'X');
                }
            }
        }
    }

    private static boolean matchesName(Buffer b, int at, int end) {
        if (at + NAME.length > end) {
            return false;
        }
        for (int k = 0; k < NAME.length; k++) {
            if (lower(b.get(at + k)) != NAME[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
}
