package io.stevedore.apiserver.internal.http;

/**
 * Settings of the HTTP face of the API server.
 *
 * @param bindAddress       address to listen on
 * @param port              port to listen on, 0 for any free port
 * @param maxRequestBytes   largest accepted body (413 beyond)
 * @param minRequestTimeout watches without timeoutSeconds end after [min, 2*min) seconds
 */
public record ApiServerConfig(String bindAddress, int port, int maxRequestBytes, int minRequestTimeout) {

    public static ApiServerConfig defaults() {
        return new ApiServerConfig("127.0.0.1", 6443, 3 * 1024 * 1024, 1800);
    }

    public ApiServerConfig withPort(int newPort) {
        return new ApiServerConfig(bindAddress, newPort, maxRequestBytes, minRequestTimeout);
    }
}
