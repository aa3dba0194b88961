package dev.tagline.listener.service;

import dev.tagline.listener.git.GitAccessException;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.git.RemoteRef;
import dev.tagline.listener.git.ResolvedCommit;
import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.repository.RepositoryRegistry;
import dev.tagline.listener.webhook.RefUpdate;
import dev.tagline.listener.webhook.Signatures;
import dev.tagline.listener.webhook.WebhookBody;
import dev.tagline.listener.webhook.Webhook;
import dev.tagline.listener.webhook.WebhookEvents;
import dev.tagline.listener.webhook.WebhookParser;
import dev.tagline.listener.webhook.WebhookProvider;
import dev.tagline.listener.webhook.WebhookRejection;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook from bytes to acknowledged events: parse, find the repository, verify the signature,
 * interpret, complete what the payload lacks (commit ids of GitHub's create/delete, peeled tags,
 * commit times) from the log and JGit, then publish and wait for Kafka.
 */
@Singleton
public class WebhookService {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

    private final RepositoryRegistry registry;
    private final PublishedEventIndex index;
    private final RefEventPublisher publisher;
    private final GitRemotes git;
    private final MeterRegistry meters;
    private final Reconciliation reconciliation;
    private final Clock clock = Clock.systemUTC();

    public WebhookService(RepositoryRegistry registry, PublishedEventIndex index, RefEventPublisher publisher,
                          GitRemotes git, MeterRegistry meters, Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
        this.registry = registry;
        this.index = index;
        this.publisher = publisher;
        this.git = git;
        this.meters = meters;
    }

    /** @param headers lowercase names */
    public WebhookResult handle(WebhookProvider provider, Map<String, String> headers, WebhookBody body) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("deliveryId", deliveryId(headers))) {
            return handleLogged(provider, headers, body);
        }
    }

    private static String deliveryId(Map<String, String> headers) {
        for (String name : new String[]{"x-github-delivery", "x-gitlab-event-uuid", "x-gitea-delivery", "x-forgejo-delivery",
                "x-tagline-delivery"}) {
            String v = headers.get(name);
            if (v != null) {
                return v.length() > 100 ? v.substring(0, 100) : v;
            }
        }
        return "-";
    }

    private WebhookResult handleLogged(WebhookProvider provider, Map<String, String> headers, WebhookBody body) {
        try {
            WebhookResult result = process(provider, headers, body);
            count(provider, result.status());
            return result;
        } catch (WebhookRejection r) {
            count(provider, r.status());
            LOG.info("{} webhook refused ({}): {}", provider.path(), r.status(), r.reason());
            return WebhookResult.of(r.status(), r.reason());
        } catch (KafkaUnavailableException e) {
            count(provider, 503);
            LOG.warn("{} webhook not confirmed: {}", provider.path(), e.getMessage());
            return WebhookResult.of(503, "Kafka unavailable, nothing confirmed: retry the delivery");
        } catch (GitAccessException e) {
            count(provider, 503);
            LOG.warn("{} webhook not confirmed: {}", provider.path(), e.getMessage());
            return WebhookResult.of(503, "cannot read the repository to complete the event: retry the delivery");
        }
    }

    private WebhookResult process(WebhookProvider provider, Map<String, String> headers, WebhookBody body)
            throws KafkaUnavailableException, GitAccessException {
        Webhook webhook = WebhookParser.of(provider).parse(headers, body.json());
        if (webhook.repository() == null) {
            WebhookEvents ignored = webhook.events();
            return WebhookResult.of(202, "ignored: " + ignored.ignoredReason());
        }
        Optional<RegisteredRepository> found = registry.find(webhook.repository());
        if (found.isEmpty() && webhook.ownerWide()) {
            return WebhookResult.of(202, "ignored: " + webhook.repository() + " is not under tagline.repositories (this hook "
                    + "reports every repository of its instance, organization or app)");
        }
        RegisteredRepository repo = found.orElseThrow(() -> WebhookRejection.unknownRepository(
                "unknown repository " + webhook.repository() + ": configure it under tagline.repositories"));
        if (repo.provider() != null && repo.provider() != provider) {
            throw WebhookRejection.unknownRepository("repository " + repo.id() + " takes webhooks at /webhooks/"
                    + repo.provider().path() + ", not /webhooks/" + provider.path());
        }
        repo.webhookSecret().ifPresent(secret -> Signatures.verify(provider, headers, body, secret));
        WebhookEvents events = webhook.events();
        if (events.isIgnored()) {
            return WebhookResult.of(202, "ignored: " + events.ignoredReason());
        }
        try {
            return publish(provider, webhook, events, repo);
        } catch (KafkaUnavailableException | GitAccessException e) {
            String cause = e instanceof KafkaUnavailableException ? "Kafka unavailable" : "cannot read the repository";
            List<String> refs = events.updates().stream().map(u -> u.ref().value()).toList();
            // a poll sees branches and tags only: a pull/merge request head cannot be handed off, the sender must retry
            boolean pollable = events.updates().stream().allMatch(u -> u.ref().isBranch() || u.ref().isTag());
            if (!pollable || !reconciliation.handOff(repo, refs, e.getMessage())) {
                throw e;
            }
            LOG.warn("{} webhook accepted, to be completed by reconciliation: {}", provider.path(), e.getMessage());
            return WebhookResult.of(202, "accepted, not published yet (" + cause + "): reconciliation of " + repo.id()
                    + " publishes it once it can, retrying with backoff");
        }
    }

    private WebhookResult publish(WebhookProvider provider, Webhook webhook, WebhookEvents events, RegisteredRepository repo)
            throws KafkaUnavailableException, GitAccessException {
        List<RefEvent> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Instant now = clock.instant();
        for (RefUpdate update : events.updates()) {
            if (!repo.watches(update.ref())) {
                notes.add(update.ref().shortName() + " is not a watched branch");
                continue;
            }
            Optional<RefUpdate> complete = complete(repo, update, notes);
            complete.ifPresent(u -> out.add(RefEvent.create(repo.id(), repo.cloneUrl(), u.ref(), u.change(),
                    u.oldCommit(), u.newCommit(), u.commitTime(), provider.source(), webhook.deliveryId(), now,
                    events.defaultBranch(), u.baseRef() == null ? null : u.baseRef().value(), null, u.pullRequestHead())));
        }
        if (out.isEmpty()) {
            return WebhookResult.of(202, "ignored: " + String.join("; ", notes));
        }
        PublishResult result = publisher.publish(out);
        String reason = result.published().isEmpty() ? "already published (duplicate delivery)"
                : "published " + result.published().size() + " event(s)";
        if (!notes.isEmpty()) {
            reason += "; " + String.join("; ", notes);
        }
        return new WebhookResult(202, reason, result.published(), result.duplicates());
    }

    /** Fills in what the payload did not say; empty when the update turns out to be a duplicate or moot. */
    private Optional<RefUpdate> complete(RegisteredRepository repo, RefUpdate u, List<String> notes) throws GitAccessException {
        Optional<RefEvent> last = index.lastChange(repo.id(), u.ref());
        boolean lastIsLive = last.isPresent() && last.get().change() != RefChange.DELETED;
        if (u.change() == RefChange.DELETED) {
            if (last.isPresent() && !lastIsLive) {
                notes.add(u.ref().shortName() + " deletion already published");
                return Optional.empty();
            }
            // the deleted ref's last published commit: a tag push's "before" is the tag object, the event carries the commit
            if (lastIsLive && (u.oldCommitUnknown() || u.ref().isTag())) {
                return Optional.of(u.withOldCommit(last.get().newCommit()));
            }
            return Optional.of(u);
        }
        RefUpdate result = u;
        if (u.newCommitUnknown()) {
            if (lastIsLive) {
                result = u.withNewCommit(last.get().newCommit(), last.get().commitTime());
            } else {
                RemoteRef remote = git.lsRemote(repo.cloneUrl()).get(u.ref().value());
                if (remote == null) {
                    notes.add(u.ref().shortName() + " no longer exists on the remote");
                    // or not yet (a sender that reports before the push lands): reconciliation will tell
                    reconciliation.handOff(repo, List.of(u.ref().value()), u.ref().shortName() + " not on the remote yet");
                    return Optional.empty();
                }
                ResolvedCommit c = git.resolve(repo.cloneUrl(), u.ref(), remote.objectId());
                result = u.withNewCommit(c.commit(), c.commitTime());
            }
        } else if (!u.newCommitIsPeeled()) {
            ResolvedCommit c = git.resolve(repo.cloneUrl(), u.ref(), u.newCommit().value());
            result = u.withNewCommit(c.commit(), c.commitTime());
        }
        if (result.change() == RefChange.UPDATED && result.ref().isTag() && lastIsLive) {
            result = result.withOldCommit(last.get().newCommit());
        }
        if (result.commitTime() == null) {
            // the commit's own time or no event yet: an unreadable remote is retried (reconciliation, or the sender on a 503),
            // never replaced by a guess such as the time the webhook arrived (templates and labels date by it)
            result = result.withCommitTime(git.resolve(repo.cloneUrl(), result.ref(), result.newCommit().value()).commitTime());
        }
        return Optional.of(result);
    }

    private void count(WebhookProvider provider, int status) {
        meters.counter("tagline.listener.webhooks", "provider", provider.path(), "status", Integer.toString(status)).increment();
    }
}
