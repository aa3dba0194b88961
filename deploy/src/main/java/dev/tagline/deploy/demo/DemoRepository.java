package dev.tagline.deploy.demo;

import dev.tagline.git.DeterministicRepo;
import dev.tagline.git.HelloApp;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevWalk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The demo's Git repository ({@link DeterministicRepo}): a small app with per-platform binaries, committed
 * with a fixed identity and fixed times, so two demo runs make the same commits and therefore the same image digests.
 */
final class DemoRepository implements AutoCloseable {
    static final DeterministicRepo.Identity DEMO = new DeterministicRepo.Identity("tagline demo", "demo@tagline.dev",
            Instant.parse("2026-01-05T09:00:00Z"));

    private final DeterministicRepo repo;
    private final Git git;

    private DemoRepository(DeterministicRepo repo) {
        this.repo = repo;
        this.git = repo.git();
    }

    static DemoRepository create(Path dir) {
        return run("creating the demo repository in " + dir, () -> new DemoRepository(DeterministicRepo.create(dir, DEMO)));
    }

    /** The repository {@link #create} made; its next commit's time follows from the commits it has. */
    static DemoRepository open(Path dir) {
        return run("opening the demo repository " + dir, () -> new DemoRepository(DeterministicRepo.open(dir, DEMO)));
    }

    /** The app at a version: a README, a config file and one "binary" per architecture. */
    String commitApp(String message, String version) {
        Map<String, byte[]> files = new HashMap<>(HelloApp.files(version));
        files.put("README.md", utf8("# hello\n\nThe tagline demo app, version " + version + ".\n"));
        return run("commit", () -> repo.commit(message, files, HelloApp.BINARIES).getName());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    void checkout(String branch, String startPoint) {
        run("checkout " + branch, () -> {
            boolean exists = git.getRepository().findRef("refs/heads/" + branch) != null;
            var checkout = git.checkout().setName(branch).setCreateBranch(!exists);
            if (!exists && startPoint != null) {
                checkout.setStartPoint(startPoint);
            }
            return checkout.call();
        });
    }

    void tag(String name) {
        run("tag " + name, () -> {
            repo.tag(name, head());
            return name;
        });
    }

    /** The message of an annotated tag (a release tag tagline made), or "" when it is absent or lightweight. */
    String tagMessage(String name) {
        return run("reading tag " + name, () -> {
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                var ref = git.getRepository().exactRef("refs/tags/" + name);
                if (ref == null) {
                    return "";
                }
                var object = walk.parseAny(ref.getObjectId());
                return object instanceof org.eclipse.jgit.revwalk.RevTag tag ? tag.getFullMessage() : "";
            }
        });
    }

    void deleteTag(String name) {
        run("deleting tag " + name, () -> git.tagDelete().setTags(name).call());
    }

    String head() {
        return run("resolving HEAD", () -> repo.resolve("HEAD"));
    }

    String cloneUrl() {
        return repo.cloneUrl();
    }

    @Override
    public void close() {
        repo.close();
    }

    /** Runs a JGit step; a failure says which step failed. */
    private static <T> T run(String what, Callable<T> step) {
        try {
            return step.call();
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
