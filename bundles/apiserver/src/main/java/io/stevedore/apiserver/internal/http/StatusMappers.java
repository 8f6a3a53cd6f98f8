package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.registry.StatusObjects;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/** Every failure becomes a Kubernetes {@code Status} body with the right code: never a stack trace. */
public final class StatusMappers implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(StatusMappers.class);

    @Override
    public Response toResponse(Throwable t) {
        return response(toApiException(t));
    }

    static ApiException toApiException(Throwable t) {
        if (t instanceof ApiException api) {
            return api;
        }
        if (t instanceof NotFoundException) {
            return ApiException.pathNotFound();
        }
        if (t instanceof NotAllowedException) {
            return ApiException.methodNotAllowed();
        }
        if (t instanceof NotSupportedException) {
            return BodyCodec.unsupported(null);
        }
        if (t instanceof NotAcceptableException) {
            return ApiException.notAcceptable("only the following media types are accepted: application/json, "
                    + "application/yaml, application/vnd.kubernetes.protobuf");
        }
        if (t instanceof WebApplicationException w && w.getResponse() != null && w.getResponse().getStatus() < 500) {
            return new ApiException(w.getResponse().getStatus(), "BadRequest", w.getMessage(), null);
        }
        if (t instanceof JacksonException j) {
            return ApiException.badRequest("json parse error: " + j.getOriginalMessage());
        }
        LOG.error("Internal error serving a request", t);
        return ApiException.internal(t.toString());
    }

    static Response response(ApiException e) {
        return Response.status(e.code()).type(MediaTypes.JSON).entity(Json.write(StatusObjects.of(e))).build();
    }
}
