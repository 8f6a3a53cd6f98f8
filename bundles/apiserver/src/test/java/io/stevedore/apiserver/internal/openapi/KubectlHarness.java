package io.stevedore.apiserver.internal.openapi;

/** Starts the fake apiserver with the OpenAPI resource on a free port until stdin closes; for manual kubectl runs. */
public final class KubectlHarness {

    private KubectlHarness() {
    }

    public static void main(String[] args) throws Exception {
        try (TestServer server = new TestServer(OpenApiResource.class, OpenApiAcceptFilter.class, FakeKubeResource.class)) {
            System.out.println("listening on " + server.base());
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.requests().forEach(System.out::println)));
            while (System.in.read() >= 0) {
                server.requests().forEach(System.out::println);
                server.requests().clear();
                FakeKubeResource.PATCHES.forEach(b -> System.out.println("PATCH body: " + b));
                FakeKubeResource.PATCHES.clear();
            }
        }
    }
}
