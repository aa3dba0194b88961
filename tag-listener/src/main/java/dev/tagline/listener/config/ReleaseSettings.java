package dev.tagline.listener.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * Releases from Conventional Commits, the listener's part ({@code tagline.listener.release.*}): which
 * repositories' branch pushes carry their commits, and how release tags are pushed.
 *
 * @param repositories repository ids ({@code github.com/acme/shop}) whose branch pushes carry the commits since the
 *                     last final release tag; empty: none (tag-planner then releases nothing)
 * @param maxCommits   at most this many commits are read back from a pushed head
 * @param username     user for pushing release tags over HTTP(S) (set it from the environment); unset: none
 * @param password     its password or token (never logged)
 * @param taggerName   the annotated tags' tagger
 * @param taggerEmail  the annotated tags' tagger e-mail
 */
@ConfigurationProperties("tagline.listener.release")
public record ReleaseSettings(@Nullable List<String> repositories,
                              @Bindable(defaultValue = "250") int maxCommits,
                              @Nullable String username,
                              @Nullable String password,
                              @Bindable(defaultValue = "tagline") String taggerName,
                              @Bindable(defaultValue = "tagline@localhost") String taggerEmail) {
    public ReleaseSettings {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }

    public boolean releases(String repositoryId) {
        return repositories.contains(repositoryId);
    }

    @Override
    public String toString() {
        return "ReleaseSettings[repositories=" + repositories + ", maxCommits=" + maxCommits + ", username=" + username
                + ", password=" + (password == null ? "unset" : "***") + ", tagger=" + taggerName + " <" + taggerEmail + ">]";
    }
}
