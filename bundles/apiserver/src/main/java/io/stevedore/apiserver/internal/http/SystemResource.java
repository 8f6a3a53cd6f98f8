package io.stevedore.apiserver.internal.http;

import io.stevedore.apiserver.internal.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.node.ObjectNode;

/** /version and the health endpoints. */
@Path("/")
public final class SystemResource {

    /** The Kubernetes release whose API Stevedore serves; kubectl picks its bundled client by this minor. */
    static final String MAJOR = "1";
    static final String MINOR = "32";
    static final String GIT_VERSION = "v1.32.0-stevedore";

    private final BooleanSupplier ready;

    SystemResource(BooleanSupplier ready) {
        this.ready = ready;
    }

    @GET
    @Path("version")
    public Response version() {
        ObjectNode v = Json.NODES.objectNode();
        v.put("major", MAJOR);
        v.put("minor", MINOR);
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "java" + System.getProperty("java.version"));
        v.put("compiler", "javac");
        v.put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                + System.getProperty("os.arch"));
        return Response.ok(Json.write(v)).type(MediaTypes.JSON).build();
    }

    @GET
    @Path("healthz")
    public Response healthz() {
        return health();
    }

    @GET
    @Path("livez")
    public Response livez() {
        return Response.ok("ok").type("text/plain; charset=utf-8").build();
    }

    @GET
    @Path("readyz")
    public Response readyz() {
        return health();
    }

    private Response health() {
        return ready.getAsBoolean() ? Response.ok("ok").type("text/plain; charset=utf-8").build()
                : Response.status(500).entity("[-]store failed: not ready\nreadyz check failed").type("text/plain")
                .build();
    }
}
