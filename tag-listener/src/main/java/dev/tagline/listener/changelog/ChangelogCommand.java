package dev.tagline.listener.changelog;

import dev.tagline.cli.TaglineCommand;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.policy.autorelease.AutoRelease;
import dev.tagline.policy.conventional.Changelog;
import dev.tagline.policy.conventional.ReleasableCommits;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.RepositoryId;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagline changelog}: the Markdown changelog of the commits reachable from {@code --to} and not
 * from {@code --from}, as tagline writes it into a release tag. The repository is read from
 * {@code --git-dir} (a clone or a bare mirror), or else from tag-listener's mirror cache of its clone
 * URL ({@code --clone-url}, default {@code https://<ID>.git}), fetched first.
 */
@Command(name = "changelog",
        description = {"Prints the Markdown changelog (breaking changes, features, fixes, performance; other types hidden) of the commits",
                "in --from..--to, as tagline writes it into the release tags it creates."},
        exitCodeList = {"0:printed", "1:the repository could not be read", "2:usage (bad flags, unknown ref)"})
public final class ChangelogCommand extends TaglineCommand {
    /** A bound on the commits read, as for a release. */
    static final int MAX_COMMITS = 10_000;

    @Option(names = "--repository", required = true, paramLabel = "ID", description = "the source repository, e.g. github.com/acme/shop")
    String repository;

    @Option(names = "--from", required = true, paramLabel = "REF", description = "the last release (tag, branch or sha): its commits are left out")
    String from;

    @Option(names = "--to", paramLabel = "REF", defaultValue = "HEAD", description = "the new head (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--git-dir", paramLabel = "DIR", description = "a local clone or bare mirror of the repository")
    Path gitDir;

    @Option(names = "--clone-url", paramLabel = "URL", description = "without --git-dir: the remote whose mirror (in --cache-dir) is fetched and read")
    String cloneUrl;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = "${env:TAGLINE_LISTENER_CACHE_DIR:-/tmp/tagline-listener-cache}",
            description = "tag-listener's mirror cache (default: ${DEFAULT-VALUE})")
    Path cacheDir;

    @Option(names = "--title", paramLabel = "TEXT", description = "the heading (default: FROM...TO)")
    String title;

    @Override
    public Integer call() {
        try {
            RepositoryId.of(repository);
        } catch (InvalidValueException e) {
            spec.commandLine().getErr().println("tagline changelog: --repository: " + e.getMessage());
            return 2;
        }
        try (Repository repo = open()) {
            ObjectId fromId = repo.resolve(from);
            ObjectId toId = repo.resolve(to);
            if (fromId == null || toId == null) {
                spec.commandLine().getErr().println("tagline changelog: unknown ref " + (fromId == null ? from : to) + " in " + repo.getDirectory());
                return 2;
            }
            List<GitCommit> commits = new ArrayList<>();
            try (RevWalk walk = new RevWalk(repo)) {
                walk.markStart(walk.parseCommit(toId));
                walk.markUninteresting(walk.parseCommit(fromId));
                for (RevCommit c : walk) {
                    if (commits.size() >= MAX_COMMITS) {
                        break;
                    }
                    String message = c.getFullMessage();
                    int cut = message.indexOf("\n\n");
                    commits.add(new GitCommit(CommitSha.parse(c.name()), c.getAuthorIdent().getName(),
                            (cut < 0 ? message : message.substring(0, cut)).strip().replace('\n', ' '),
                            cut < 0 ? "" : message.substring(cut + 2).strip(), List.of()));
                }
            }
            String heading = title != null ? title : from + "..." + to;
            spec.commandLine().getOut().print(Changelog.render(heading, ReleasableCommits.of(commits, AutoRelease.DEFAULT_SKIP_MARKER)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("tagline changelog: cannot read the repository: " + GitRemotes.redact(e.getMessage()));
            return 1;
        }
    }

    private Repository open() throws Exception {
        if (gitDir != null) {
            File dir = gitDir.toFile();
            File dotGit = new File(dir, ".git");
            return new FileRepositoryBuilder().setGitDir(dotGit.isDirectory() ? dotGit : dir).setMustExist(true).build();
        }
        String url = cloneUrl != null ? cloneUrl : "https://" + repository + ".git";
        Path dir = cacheDir.resolve(GitRemotes.cacheName(url));
        Files.createDirectories(dir);
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        if (!Files.exists(dir.resolve("objects"))) {
            repo.create(true);
        }
        try (Git git = new Git(repo)) {
            git.fetch().setRemote(url).setTagOpt(TagOpt.NO_TAGS).setTimeout(60)
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*")).call();
        }
        return repo;
    }
}
