package io.stevedore.apiserver.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the API server (PID io.stevedore.apiserver). */
@ObjectClassDefinition(name = "Stevedore API server", description = "The Kubernetes REST API and its registry")
public @interface ApiServerSettings {

    @AttributeDefinition(description = "Address the REST API listens on")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Port of the REST API")
    int port() default 6443;

    @AttributeDefinition(description = "Largest accepted request body in bytes (413 beyond)")
    int maxRequestBytes() default 3 * 1024 * 1024;

    @AttributeDefinition(description = "Watches without timeoutSeconds end after [min, 2 x min) seconds")
    int minRequestTimeout() default 1800;

    @AttributeDefinition(description = "Request threads (writes wait for the store's disk or backups)")
    int workerThreads() default 64;

    @AttributeDefinition(description = "Seconds between BOOKMARK events on watches that allow them")
    int bookmarkInterval() default 60;

    @AttributeDefinition(description = "Issuers of service account tokens, comma-separated (--service-account-issuer): "
            + "the first signs, tokens of any are accepted")
    String serviceAccountIssuer() default "https://kubernetes.default.svc.cluster.local";

    @AttributeDefinition(description = "Audiences of tokens that ask for none, comma-separated (--api-audiences); "
            + "empty: the issuers")
    String apiAudiences() default "";

    @AttributeDefinition(description = "Longest service account token lifetime granted, in seconds "
            + "(--service-account-max-token-expiration); 0: as asked")
    long serviceAccountMaxTokenExpiration() default 0;

    @AttributeDefinition(description = "Give pod-bound tokens asked for 3607 s a year, warning after the hour "
            + "(--service-account-extend-token-expiration)")
    boolean serviceAccountExtendTokenExpiration() default true;

    @AttributeDefinition(description = "jwks_uri of the OIDC discovery document (--service-account-jwks-uri); "
            + "empty: this server's /openid/v1/jwks")
    String serviceAccountJwksUri() default "";
}
