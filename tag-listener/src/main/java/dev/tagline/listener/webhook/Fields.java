package dev.tagline.listener.webhook;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.IsoInstants;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Field readers shared by the parsers: each failure is a 400 naming the field. */
final class Fields {
    private Fields() {
    }

    /** The field's text made into a value; a value that breaks its grammar is a 400 naming the field. */
    private static <T> T parsed(JsonObject o, String field, String raw, Function<String, T> parse) {
        try {
            return parse.apply(raw);
        } catch (InvalidValueException e) {
            throw WebhookRejection.badRequest("field " + o.path(field) + ": " + e.getMessage());
        }
    }

    static GitRef ref(JsonObject o, String field) {
        return parsed(o, field, o.requiredText(field), GitRef::parse);
    }

    /** A short branch or tag name ({@code create}/{@code delete} payloads) made into a full ref. */
    static GitRef shortRef(JsonObject o, String field, String refType) {
        return parsed(o, field, o.requiredText(field), raw -> raw.startsWith("refs/") ? GitRef.parse(raw)
                : "tag".equals(refType) ? GitRef.tag(raw) : GitRef.branch(raw));
    }

    /** A commit id; null when absent, empty or all zeros ("no commit"). */
    static CommitSha sha(JsonObject o, String field) {
        return parsed(o, field, o.text(field), CommitSha::parseOrNull);
    }

    /** A field that must be present: a commit id, or the all-zero id for "no commit" (then null). */
    static CommitSha presentSha(JsonObject o, String field) {
        String raw = o.text(field);
        if (raw == null || raw.isEmpty()) {
            throw WebhookRejection.badRequest("missing field " + o.path(field) + " (a commit id, or zeros for none)");
        }
        return sha(o, field);
    }

    static CommitSha requiredSha(JsonObject o, String field) {
        CommitSha sha = sha(o, field);
        if (sha == null) {
            throw WebhookRejection.badRequest("missing field " + o.path(field) + " (a commit id)");
        }
        return sha;
    }

    /** An ISO-8601 time with offset ({@code 2026-11-22T10:00:00+01:00} or {@code ...Z}); null when absent. */
    static Instant time(JsonObject o, String field) {
        String raw = o.text(field);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return IsoInstants.parse(raw)
                .orElseThrow(() -> WebhookRejection.badRequest("field " + o.path(field) + " is not an ISO-8601 time: " + raw));
    }

    static RepositoryId repositoryFromUrl(JsonObject o, String field) {
        return parsed(o, field, o.requiredText(field), RepositoryId::fromCloneUrl);
    }

    static String header(Map<String, String> headers, String name) {
        String v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The first of these headers that is present (a forge and its fork name one header two ways), or null. */
    static String firstHeader(Map<String, String> headers, String... names) {
        for (String name : names) {
            String v = header(headers, name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * A forge's webhook for the repository object {@code repo}: its id and clone URL from the first of
     * {@code urlFields} it has (else the last, which must then be there), and its default branch, which
     * {@code interpret} is given.
     */
    static Webhook webhook(WebhookProvider provider, JsonObject repo, String kind, String delivery,
                           Function<String, WebhookEvents> interpret, String... urlFields) {
        String urlField = urlFields[urlFields.length - 1];
        for (String candidate : urlFields) {
            if (repo.has(candidate)) {
                urlField = candidate;
                break;
            }
        }
        RepositoryId id = repositoryFromUrl(repo, urlField);
        String cloneUrl = repo.requiredText(urlField);
        String defaultBranch = repo.text("default_branch");
        return new Webhook(provider, id, cloneUrl, kind, delivery, () -> interpret.apply(defaultBranch));
    }

    static String requiredHeader(Map<String, String> headers, String name) {
        String v = header(headers, name);
        if (v == null) {
            throw WebhookRejection.badRequest("missing header " + name);
        }
        return v;
    }

    /**
     * The time of the commit with this id among the payload's commits (and head_commit), or null; only for a provider
     * whose {@code timeField} is the committer date.
     */
    static Instant commitTimeOf(JsonObject payload, CommitSha commit, String idField, String timeField) {
        if (commit == null) {
            return null;
        }
        Instant found = null;
        JsonObject head = payload.object("head_commit").orElse(null);
        if (head != null && commit.value().equalsIgnoreCase(String.valueOf(head.text(idField)))) {
            found = time(head, timeField);
        }
        if (found == null) {
            for (JsonObject c : payload.objects("commits")) {
                if (commit.value().equalsIgnoreCase(String.valueOf(c.text(idField)))) {
                    found = time(c, timeField);
                    break;
                }
            }
        }
        return found;
    }
}
