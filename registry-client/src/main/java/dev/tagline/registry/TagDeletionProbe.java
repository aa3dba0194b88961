package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Optional;

/**
 * Asks whether a registry can delete a tag alone, without deleting anything: DELETE a tag name that
 * cannot exist. 202/404 MANIFEST_UNKNOWN = supported (OCI 1.1); 400, 405 or UNSUPPORTED = not
 * (Distribution 2.8 answers 400). Anything else (e.g. 404 NAME_UNKNOWN) is inconclusive: empty.
 */
final class TagDeletionProbe extends BaseEndpoint<Optional<Boolean>> {
    TagDeletionProbe(ImageRepository repo, URI uri) {
        super("DELETE", repo, uri, "delete", "probing tag deletion on " + repo.registry());
    }

    @Override
    public Optional<Boolean> handle(HttpAnswer a) throws RegistryException {
        if (a.status() == 202 || a.status() == 200 || a.status() == 204) {
            return Optional.of(true);
        }
        if (a.status() == 404) {
            ErrorBodies.Parsed p = ErrorBodies.parse(a.body());
            return p.code() == ErrorCode.MANIFEST_UNKNOWN ? Optional.of(true) : Optional.empty();
        }
        if (a.status() == 400 || a.status() == 405 || ErrorBodies.hasCode(a.body(), ErrorCode.UNSUPPORTED)) {
            return Optional.of(false);
        }
        if (a.status() == 403) {
            throw ErrorBodies.toException(actionDescription(), a);
        }
        return Optional.empty();
    }
}
