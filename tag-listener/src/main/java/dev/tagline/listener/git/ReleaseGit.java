package dev.tagline.listener.git;

import dev.tagline.schema.event.CommitRange;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Git access for releases from commits, in the same per-remote bare caches as {@link GitRemotes}: the
 * commits a branch push brought since its last final release, and creating and pushing a release tag
 * exactly once (the remote's atomic ref creation decides between two instances).
 */
public class ReleaseGit {
    /** A tag that looks like a final version ({@code v1.2.3}, {@code app/1.2.3}): where the walk back stops. */
    static final Pattern FINAL_LOOKING = Pattern.compile(".*(?<![0-9.])\\d+\\.\\d+\\.\\d+");

    private final GitRemotes remotes;

    public ReleaseGit(GitRemotes remotes) {
        this.remotes = remotes;
    }

    /** What creating a release tag came to. */
    public enum TagOutcome {
        /** The tag was created and pushed. */
        CREATED,
        /** The remote already had the tag at that commit (another delivery, instance or person made it): done. */
        ALREADY_THERE,
        /** The remote has the tag at another commit: an error, nothing was changed. */
        TAKEN
    }

    /** @param takenAt the commit the remote's tag points at (for {@link TagOutcome#TAKEN}), else null */
    public record TagResult(TagOutcome outcome, String takenAt) {
    }

    /**
     * The commits from {@code head} back to, and including, the first commit carrying a final-looking
     * tag (newest first), at most {@code max}. Fetches the branch and every tag into the cache first.
     */
    public CommitRange commitsSince(String url, GitRef branch, CommitSha head, int max) throws GitAccessException {
        synchronized (remotes.lock(url)) {
            try (Repository repo = remotes.openCache(url); Git git = new Git(repo)) {
                git.fetch().setRemote(url).setTimeout(remotes.timeoutSeconds()).setTagOpt(TagOpt.NO_TAGS).setRemoveDeletedRefs(true)
                        .setRefSpecs(new RefSpec("+" + branch.value() + ":" + branch.value()), new RefSpec("+refs/tags/*:refs/tags/*")).call();
                Map<ObjectId, List<String>> tagsAt = new HashMap<>();
                for (Ref tag : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                    Ref peeled = repo.getRefDatabase().peel(tag);
                    ObjectId target = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : tag.getObjectId();
                    tagsAt.computeIfAbsent(target, k -> new ArrayList<>()).add(tag.getName().substring(Constants.R_TAGS.length()));
                }
                List<GitCommit> out = new ArrayList<>();
                boolean truncated = false;
                try (RevWalk walk = new RevWalk(repo)) {
                    walk.markStart(walk.parseCommit(ObjectId.fromString(head.value())));
                    for (RevCommit c : walk) {
                        if (out.size() >= max) {
                            truncated = true;
                            break;
                        }
                        List<String> tags = tagsAt.getOrDefault(c.getId(), List.of()).stream().sorted().toList();
                        String message = c.getFullMessage();
                        int cut = message.indexOf("\n\n");
                        String subject = (cut < 0 ? message : message.substring(0, cut)).strip().replace('\n', ' ');
                        String body = cut < 0 ? "" : message.substring(cut + 2).strip();
                        PersonIdent author = c.getAuthorIdent();
                        out.add(new GitCommit(CommitSha.parse(c.name()), author.getName() + " <" + author.getEmailAddress() + ">", subject, body, tags));
                        if (tags.stream().anyMatch(t -> FINAL_LOOKING.matcher(t).matches())) {
                            break;
                        }
                    }
                }
                return new CommitRange(out, truncated);
            } catch (GitAPIException | IOException | RuntimeException e) {
                throw new GitAccessException("cannot read the commits of " + branch + " at " + head + " from " + GitRemotes.redact(url)
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Creates {@code tagName} at {@code commit} and pushes it, unless the remote has it already. The tag
     * object is deterministic (tagger and time given), so two instances create the same object.
     */
    public TagResult createTag(String url, String tagName, CommitSha commit, String message, boolean annotated, PersonIdent tagger,
                               CredentialsProvider credentials) throws GitAccessException {
        String ref = Constants.R_TAGS + tagName;
        synchronized (remotes.lock(url)) {
            TagResult existing = remoteTag(url, ref, commit, credentials);
            if (existing != null) {
                return existing;
            }
            try (Repository repo = remotes.openCache(url); Git git = new Git(repo)) {
                ObjectId target = ObjectId.fromString(commit.value());
                if (!repo.getObjectDatabase().has(target)) {
                    throw new GitAccessException(commit + " is not in the cache of " + GitRemotes.redact(url) + ": read the branch first", null);
                }
                ObjectId object = target;
                if (annotated) {
                    TagBuilder tag = new TagBuilder();
                    tag.setTag(tagName);
                    tag.setObjectId(target, Constants.OBJ_COMMIT);
                    tag.setTagger(tagger);
                    tag.setMessage(message.endsWith("\n") ? message : message + "\n");
                    try (ObjectInserter inserter = repo.newObjectInserter()) {
                        object = inserter.insert(tag);
                        inserter.flush();
                    }
                }
                RefUpdate update = repo.updateRef(ref);
                update.setNewObjectId(object);
                update.setForceUpdate(true); // only the local cache: a stale local tag is replaced, the remote decides
                update.update();
                PushResult result = git.push().setRemote(url).setTimeout(remotes.timeoutSeconds()).setCredentialsProvider(credentials)
                        .setRefSpecs(new RefSpec(ref + ":" + ref)).call().iterator().next();
                RemoteRefUpdate pushed = result.getRemoteUpdate(ref);
                if (pushed.getStatus() == RemoteRefUpdate.Status.OK) {
                    return new TagResult(TagOutcome.CREATED, null);
                }
                // rejected: someone else created it first; the remote says whether it is ours
                TagResult now = remoteTag(url, ref, commit, credentials);
                if (now != null) {
                    return now;
                }
                throw new GitAccessException("push of " + ref + " to " + GitRemotes.redact(url) + " was refused: " + pushed.getStatus()
                        + (pushed.getMessage() == null ? "" : " " + pushed.getMessage()), null);
            } catch (GitAPIException | IOException | RuntimeException e) {
                throw new GitAccessException("cannot push " + ref + " to " + GitRemotes.redact(url) + ": " + e.getMessage(), e);
            }
        }
    }

    /** The remote's state of the tag: null when absent. */
    private TagResult remoteTag(String url, String ref, CommitSha commit, CredentialsProvider credentials) throws GitAccessException {
        try {
            for (Ref r : Git.lsRemoteRepository().setRemote(url).setTimeout(remotes.timeoutSeconds()).setCredentialsProvider(credentials)
                    .setTags(true).call()) {
                if (r.getName().equals(ref)) {
                    ObjectId at = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
                    return at.name().equals(commit.value()) ? new TagResult(TagOutcome.ALREADY_THERE, at.name())
                            : new TagResult(TagOutcome.TAKEN, at.name());
                }
            }
            return null;
        } catch (GitAPIException | RuntimeException e) {
            throw new GitAccessException("ls-remote " + GitRemotes.redact(url) + " failed: " + e.getMessage(), e);
        }
    }

    /** A tagger with a fixed time (the decision's), so the same decision gives the same tag object. */
    public static PersonIdent tagger(String name, String email, Instant when) {
        return new PersonIdent(name, email, when, ZoneOffset.UTC);
    }
}
