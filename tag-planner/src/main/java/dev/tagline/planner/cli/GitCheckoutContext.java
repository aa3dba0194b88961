package dev.tagline.planner.cli;

import dev.tagline.cli.UsageError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * metadata-action's {@code context: git}: the ref, commit and commit time of a checkout. It runs the git commands
 * {@code @docker/actions-toolkit}'s {@code Git} runs, and reads their output the same way, because a detached HEAD
 * is named from git's own ref decorations ({@code %D}), which only the git command writes that way (JGit has no
 * such format). The commit time is the committer date. One difference: a remote's {@code HEAD} decoration
 * ({@code origin/HEAD}, which a clone has) is passed over, where upstream makes it part of the branch name.
 */
final class GitCheckoutContext {
    private static final Pattern DETACHED = Pattern.compile("^HEAD, (.*)$");
    private static final Pattern PULL_REQUEST = Pattern.compile("^pull/\\d+/(head|merge)$");
    private static final Pattern REMOTE_AND_LOCAL_BRANCH = Pattern.compile("^[^/]+/[^/]+, (.+)$");
    private static final Pattern REMOTE_BRANCH = Pattern.compile("^[^/]+/(.+)$");
    private static final Pattern REMOTE_REF = Pattern.compile("^refs/remotes/[^/]+/(.+)$");
    private static final Pattern REMOTE_HEAD = Pattern.compile("[^/ ]+/HEAD");

    /** What the checkout says: its ref, its commit and the commit's committer date. */
    record Checkout(String ref, String sha, Instant commitTime) {
    }

    private final Path dir;

    private GitCheckoutContext(Path dir) {
        this.dir = dir;
    }

    static Checkout read(Path dir) {
        GitCheckoutContext git = new GitCheckoutContext(dir);
        String sha = git.exec("show", "--format=%H", "HEAD", "--quiet", "--");
        if (sha.isEmpty()) {
            throw new UsageError("--git: " + dir + " has no commit checked out");
        }
        String date = git.exec("show", "-s", "--format=%cI", sha);
        Instant committed;
        try {
            committed = OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageError("--git: cannot read the committer date of " + sha + " in " + dir + ": '" + date + "'");
        }
        return new Checkout(git.ref(), sha, committed);
    }

    private String ref() {
        if (!exec("branch", "--show-current").isEmpty()) {
            return exec("symbolic-ref", "HEAD");
        }
        String decorations = exec("show", "-s", "--pretty=%D");
        String normalized = decorations.replaceFirst("^grafted, ", "").trim();
        if (normalized.equals("HEAD")) {
            return inferredFromHead();
        }
        Matcher detached = DETACHED.matcher(normalized);
        if (!detached.find() || detached.group(1).isEmpty()) {
            throw new UsageError("--git: cannot find the detached HEAD's ref in \"" + decorations + "\"");
        }
        // a clone's origin/HEAD decorates the default branch's commit too; upstream would read "refs/heads/origin/HEAD, main"
        String ref = Arrays.stream(detached.group(1).trim().split(", ")).filter(d -> !REMOTE_HEAD.matcher(d).matches())
                .collect(Collectors.joining(", "));
        if (ref.isEmpty()) {
            return inferredFromHead();
        }
        if (ref.startsWith("tag: ")) {
            return detachedTag(ref, decorations);
        }
        if (PULL_REQUEST.matcher(ref).find()) {
            return "refs/" + ref;
        }
        Matcher branch = REMOTE_AND_LOCAL_BRANCH.matcher(ref);
        if (branch.find()) {
            return "refs/heads/" + branch.group(1).trim();
        }
        Matcher remote = REMOTE_BRANCH.matcher(ref);
        if (remote.find()) {
            return "refs/heads/" + remote.group(1).trim();
        }
        throw new UsageError("--git: unsupported detached HEAD ref in \"" + decorations + "\"");
    }

    /** HEAD decorated by nothing else: the newest local branch containing it, else a remote one, else a tag. */
    private String inferredFromHead() {
        String local = first(exec("for-each-ref", "--format=%(refname)", "--contains", "HEAD", "--sort=-committerdate", "refs/heads/"));
        if (local != null) {
            return local;
        }
        String remote = first(exec("for-each-ref", "--format=%(refname)", "--contains", "HEAD", "--sort=-committerdate", "refs/remotes/"));
        if (remote != null) {
            Matcher m = REMOTE_REF.matcher(remote);
            return m.find() ? "refs/heads/" + m.group(1) : remote;
        }
        String tag = first(exec("tag", "--contains", "HEAD"));
        if (tag != null) {
            return "refs/tags/" + tag;
        }
        throw new UsageError("--git: cannot infer a ref from the detached HEAD of " + dir);
    }

    /** The tag a {@code tag: NAME[, ...]} decoration names: the longest tag name at HEAD it starts with. */
    private String detachedTag(String decoration, String decorations) {
        List<String> refs = new ArrayList<>(lines(exec("for-each-ref", "--format=%(refname)", "--points-at", "HEAD", "refs/tags/")));
        refs.sort(Comparator.comparingInt(String::length).reversed());
        for (String ref : refs) {
            String tag = "tag: " + ref.substring("refs/tags/".length());
            if (decoration.equals(tag) || decoration.startsWith(tag + ", ")) {
                return ref;
            }
        }
        if (refs.size() == 1) {
            return refs.get(0);
        }
        throw new UsageError("--git: cannot find the detached HEAD's tag in \"" + decorations + "\"");
    }

    private static String first(String output) {
        List<String> lines = lines(output);
        return lines.isEmpty() ? null : lines.get(0);
    }

    private static List<String> lines(String output) {
        return output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    /** {@code git ARGS} in the checkout: its trimmed stdout; a failure that says why on stderr is an error, as upstream. */
    private String exec(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UsageError("--git needs the git command: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            int exit = process.waitFor();
            String stderr = err.join().trim();
            if (exit != 0 && !stderr.isEmpty()) {
                throw new UsageError("--git: git " + String.join(" ", args) + ": " + stderr.lines().findFirst().orElse(""));
            }
            return out.trim();
        } catch (IOException e) {
            throw new UsageError("--git: git " + String.join(" ", args) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageError("--git: interrupted");
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
