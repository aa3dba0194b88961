package dev.tagline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /v2/<name>/tags/list?...}: one page of tag names and its Link to the next. */
final class TagsPageEndpoint extends BaseEndpoint<TagsPageEndpoint.Page> {
    static final long MAX_PAGE_BYTES = 64L << 20;

    /** @param repositoryUnknown the registry answered 404 NAME_UNKNOWN: the repository has no tags */
    record Page(List<String> tags, Optional<String> nextLink, boolean repositoryUnknown) {
    }

    TagsPageEndpoint(ImageRepository repo, URI uri) {
        super("GET", repo, uri, "pull", "listing tags of " + repo);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Accept", "application/json");
    }

    @Override
    public long maxBodyBytes() {
        return MAX_PAGE_BYTES;
    }

    @Override
    public Page handle(HttpAnswer a) throws RegistryException {
        if (a.status() == 404 && ErrorBodies.hasCode(a.body(), ErrorCode.NAME_UNKNOWN)) {
            return new Page(List.of(), Optional.empty(), true);
        }
        if (a.status() != 200) {
            throw ErrorBodies.toException(actionDescription(), a);
        }
        List<String> tags = new ArrayList<>();
        try {
            for (JsonNode o : JsonFields.array(JsonFields.parseObject(a.body()), "tags")) {
                if (!o.isTextual()) {
                    throw new IllegalArgumentException("'tags' must hold strings");
                }
                tags.add(o.textValue());
            }
        } catch (IllegalArgumentException e) {
            throw invalid(a, "tags/list answer: " + e.getMessage());
        }
        return new Page(tags, LinkHeader.next(a.headerValues("Link")), false);
    }
}
