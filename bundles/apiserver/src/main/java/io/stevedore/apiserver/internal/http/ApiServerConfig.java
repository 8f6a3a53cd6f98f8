package io.stevedore.apiserver.internal.http;

/**
 * Settings of the HTTP face of the API server.
 *
 * @param bindAddress       address to listen on
 * @param port              port to listen on, 0 for any free port
 * @param maxRequestBytes   largest accepted body (413 beyond)
 * @param minRequestTimeout watches without timeoutSeconds end after [min, 2*min) seconds
 * @param workerThreads     request threads: writes wait for the store's disk or backups, so more threads than
 *                          cores keep the CPUs busy under load
 */
public record ApiServerConfig(String bindAddress, int port, int maxRequestBytes, int minRequestTimeout,
                              int workerThreads) {

    public static ApiServerConfig defaults() {
        return new ApiServerConfig("127.0.0.1", 6443, 3 * 1024 * 1024, 1800, 64);
    }

    public ApiServerConfig withPort(int newPort) {
        return new ApiServerConfig(bindAddress, newPort, maxRequestBytes, minRequestTimeout, workerThreads);
    }
}
