package dev.tagline.listener.release;

import dev.tagline.listener.config.ReleaseSettings;
import dev.tagline.listener.git.GitAccessException;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.git.ReleaseGit;
import dev.tagline.listener.git.ResolvedCommit;
import dev.tagline.listener.service.KafkaUnavailableException;
import dev.tagline.listener.service.RefEventPublisher;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.kafka.RetryableProcessingException;
import dev.tagline.schema.value.GitRef;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Carries out a {@link ReleaseDecision}: creates the annotated tag with the changelog as its message
 * and pushes it with the configured credentials, then publishes the tag's ref event (the same event,
 * same id, the poller or a webhook would publish for it, so it is planned and built as any release and
 * a later sighting is a duplicate). Exactly once: a tag already at the decision's commit is done, a
 * tag name taken at another commit is a {@link TagTakenException} (dead-lettered once by the caller);
 * a dry run only logs what it would release.
 */
@Singleton
public class ReleaseTagger {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseTagger.class);

    private final ReleaseSettings settings;
    private final ReleaseGit git;
    private final GitRemotes remotes;
    private final RefEventPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;

    public ReleaseTagger(ReleaseSettings settings, GitRemotes remotes, RefEventPublisher publisher, MeterRegistry meters) {
        this.settings = settings;
        this.remotes = remotes;
        this.git = new ReleaseGit(remotes);
        this.publisher = publisher;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** A decided tag name is already used at another commit: reported once, nothing pushed. */
    public static class TagTakenException extends RuntimeException {
        public TagTakenException(String message) {
            super(message);
        }
    }

    /**
     * @throws TagTakenException           the tag exists at another commit
     * @throws RetryableProcessingException the remote or Kafka could not be reached (retried)
     */
    public ReleaseGit.TagOutcome apply(ReleaseDecision d) {
        String at = d.commit().shortSha(7);
        if (d.dryRun()) {
            LOG.info("dry run: would release {} at {} on {} {}", d.tagName(), at, d.repository(), d.branch());
            count("dry-run");
            return null;
        }
        ReleaseGit.TagResult result;
        try {
            // the cache may not hold the commit yet (another instance read the push): fetch the branch and tags first
            git.commitsSince(d.cloneUrl(), d.branch(), d.commit(), 1);
            result = git.createTag(d.cloneUrl(), d.tagName(), d.commit(), d.changelog(), d.annotated(),
                    ReleaseGit.tagger(settings.taggerName(), settings.taggerEmail(), d.decidedAt()), credentials());
        } catch (GitAccessException e) {
            count("retry");
            throw new RetryableProcessingException("cannot create " + d.tagName() + " in " + d.repository() + ": " + e.getMessage(), e);
        }
        switch (result.outcome()) {
            case TAKEN -> {
                count("taken");
                throw new TagTakenException(d.tagName() + " already exists in " + d.repository() + " at " + result.takenAt()
                        + ", not at " + d.commit() + ": not released (decision " + d.decisionId() + ")");
            }
            case CREATED -> LOG.info("released {} at {} on {} {} (changelog {} bytes)", d.tagName(), at, d.repository(), d.branch(),
                    d.changelog().length());
            case ALREADY_THERE -> LOG.info("{} already at {} in {}: done", d.tagName(), at, d.repository());
        }
        count(result.outcome() == ReleaseGit.TagOutcome.CREATED ? "created" : "already-there");
        publishTagEvent(d);
        return result.outcome();
    }

    private void publishTagEvent(ReleaseDecision d) {
        GitRef tag = GitRef.tag(d.tagName());
        try {
            ResolvedCommit c = remotes.resolve(d.cloneUrl(), tag, d.commit().value());
            RefEvent event = RefEvent.create(d.repository(), d.cloneUrl(), tag, RefChange.CREATED, null, c.commit(), c.commitTime(),
                    EventSource.POLLER, null, clock.instant(), null, d.branch().value(), null);
            publisher.publish(List.of(event));
        } catch (GitAccessException | KafkaUnavailableException e) {
            // the tag is pushed: the poller or a webhook publishes its event; retrying the decision finds it there
            throw new RetryableProcessingException("published no event for " + d.tagName() + " yet: " + e.getMessage(), e);
        }
    }

    private CredentialsProvider credentials() {
        return settings.username() == null || settings.username().isBlank() ? null
                : new UsernamePasswordCredentialsProvider(settings.username(), settings.password() == null ? "" : settings.password());
    }

    private void count(String outcome) {
        meters.counter("tagline.listener.release.tags", "outcome", outcome).increment();
    }
}
