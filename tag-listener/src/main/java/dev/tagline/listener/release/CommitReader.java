package dev.tagline.listener.release;

import dev.tagline.listener.config.ReleaseSettings;
import dev.tagline.listener.git.GitAccessException;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.git.ReleaseGit;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds to a branch push of a repository that releases from commits the commits since its last final
 * release ({@link ReleaseGit#commitsSince}), so that tag-planner can decide the release. A remote that
 * cannot be read leaves the event without commits (published all the same, logged and counted): the
 * build goes on, and tag-planner releases nothing for that push.
 */
@Singleton
public class CommitReader {
    private static final Logger LOG = LoggerFactory.getLogger(CommitReader.class);

    private final ReleaseSettings settings;
    private final ReleaseGit git;
    private final MeterRegistry meters;

    public CommitReader(ReleaseSettings settings, GitRemotes remotes, MeterRegistry meters) {
        this.settings = settings;
        this.git = new ReleaseGit(remotes);
        this.meters = meters;
    }

    public RefEvent withCommits(RefEvent event) {
        if (event.commits() != null || event.replay() != null || !event.ref().isBranch() || event.newCommit() == null
                || event.change() == RefChange.SCHEDULED || !settings.releases(event.repository().value())) {
            return event;
        }
        try {
            RefEvent out = event.withCommits(git.commitsSince(event.cloneUrl(), event.ref(), event.newCommit(), settings.maxCommits()));
            meters.counter("tagline.listener.release.commit.reads", "result", out.commits().truncated() ? "truncated" : "ok").increment();
            return out;
        } catch (GitAccessException e) {
            meters.counter("tagline.listener.release.commit.reads", "result", "failed").increment();
            LOG.warn("published {} {} without its commits (no release can be decided for it): {}", event.repository(), event.ref(),
                    e.getMessage());
            return event;
        }
    }
}
