package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;

import java.net.URI;

/**
 * {@code DELETE /v2/<name>/manifests/<ref>}. By digest, a 405 or UNSUPPORTED means deletes are
 * disabled ({@link ErrorCode#DELETE_DISABLED}); by tag, 400/405/UNSUPPORTED mean the registry cannot
 * delete a tag alone ({@link ErrorCode#UNSUPPORTED}). A 404 is {@link ErrorCode#MANIFEST_UNKNOWN}.
 */
final class ManifestDeleter extends BaseEndpoint<Void> {
    private final boolean byTag;

    ManifestDeleter(ImageRepository repo, URI uri, String reference, boolean byTag) {
        super("DELETE", repo, uri, "delete", (byTag ? "deleting tag " + repo + ":" : "deleting manifest " + repo + "@") + reference);
        this.byTag = byTag;
    }

    @Override
    public Void handle(HttpAnswer a) throws RegistryException {
        if (a.status() == 202 || a.status() == 200 || a.status() == 204) {
            return null;
        }
        boolean unsupported = a.status() == 405 || ErrorBodies.hasCode(a.body(), ErrorCode.UNSUPPORTED);
        if (!byTag && unsupported) {
            throw new RegistryException(ErrorCode.DELETE_DISABLED, a.status(), actionDescription(),
                    "the registry " + repository().registry() + " has deletes disabled (Distribution: storage.delete.enabled=false); nothing was deleted");
        }
        if (byTag && (unsupported || a.status() == 400)) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, a.status(), actionDescription(),
                    "the registry " + repository().registry() + " cannot delete a tag alone (deleting by digest would remove every tag on it)");
        }
        if (a.status() == 404) {
            RegistryException e = ErrorBodies.toException(actionDescription(), a);
            ErrorCode code = e.code() == ErrorCode.UNKNOWN ? ErrorCode.MANIFEST_UNKNOWN : e.code();
            throw new RegistryException(code, 404, actionDescription(), "not found (already deleted?)");
        }
        throw ErrorBodies.toException(actionDescription(), a);
    }
}
