package io.stevedore.api.registry;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The issuer of service account tokens, as the API server's OIDC discovery endpoints publish it, so that others
 * can verify its tokens without asking it. A registry that issues tokens implements this too.
 */
public interface ServiceAccountIssuer {

    /**
     * The {@code /.well-known/openid-configuration} document; empty when the issuer is not an https URL
     * (Kubernetes serves no discovery then).
     *
     * @param serverBaseUri the API server's own address as the client reached it (for the default jwks_uri)
     */
    Optional<ObjectNode> openIdConfiguration(String serverBaseUri);

    /** The {@code /openid/v1/jwks} document (every public key tokens may be signed with); empty as above. */
    Optional<ObjectNode> jwks();
}
