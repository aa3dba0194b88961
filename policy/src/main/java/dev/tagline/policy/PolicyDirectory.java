package dev.tagline.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The policy directory every service reads, with one reload behaviour: {@link #start()} loads it and
 * fails on a bad file (a service does not start on a policy it cannot read); {@link #reloadIfChanged()}
 * re-reads it when a file was added, removed or edited, takes the new set only when every file is good,
 * and otherwise keeps the last good set and reports the error. A directory that does not exist means no
 * policies until it appears. Files: {@code *.yml}, {@code *.yaml}, {@code *.json}.
 */
public final class PolicyDirectory {
    /** What happens to the directory; services log and count it. Every method may be called from a scheduler thread. */
    public interface Listener {
        /** A new set was taken ({@code initial}: at start). */
        default void loaded(PolicySet set, boolean initial) {
        }

        /** A changed directory was rejected; the previous set stays in force. */
        default void rejected(InvalidPolicyException problem) {
        }

        /** The directory does not exist (at start), or disappeared (later: the previous set stays). */
        default void missing(Path dir) {
        }
    }

    private final Path dir;
    private final Listener listener;
    private volatile PolicySet current = PolicySet.EMPTY;
    private volatile String fingerprint;

    public PolicyDirectory(Path dir, Listener listener) {
        this.dir = dir;
        this.listener = listener;
    }

    /**
     * Loads the directory.
     *
     * @throws InvalidPolicyException naming the file, line and section of the first problem
     */
    public synchronized PolicySet start() {
        fingerprint = fingerprint();
        if (!Files.isDirectory(dir)) {
            listener.missing(dir);
            current = PolicySet.EMPTY;
            return current;
        }
        current = read(dir);
        listener.loaded(current, true);
        return current;
    }

    /** The set in force. */
    public PolicySet current() {
        return current;
    }

    public Path path() {
        return dir;
    }

    /** Re-reads the directory if any file changed since the last load or attempt. @return true when a new set was taken */
    public boolean reloadIfChanged() {
        if (fingerprint().equals(fingerprint)) {
            return false;
        }
        return reload();
    }

    /** Re-reads the directory; a bad file keeps the previous set. @return true when the new set was taken */
    public synchronized boolean reload() {
        String now = fingerprint();
        fingerprint = now;
        if (!Files.isDirectory(dir)) {
            listener.missing(dir);
            return false;
        }
        try {
            current = read(dir);
            listener.loaded(current, false);
            return true;
        } catch (InvalidPolicyException e) {
            listener.rejected(e);
            return false;
        }
    }

    /**
     * Reads and cross-checks every policy file of a directory.
     *
     * @throws InvalidPolicyException for the first problem
     */
    public static PolicySet read(Path dir) {
        List<PolicyFile> files = new ArrayList<>();
        for (Path file : files(dir)) {
            files.add(PolicyParser.parseFile(file));
        }
        return PolicySet.of(files);
    }

    /** Every problem of a directory (each file's first, then the cross-file ones), for {@code tagline policy check}. */
    public static List<InvalidPolicyException> check(Path dir) {
        List<InvalidPolicyException> problems = new ArrayList<>();
        List<PolicyFile> good = new ArrayList<>();
        for (Path file : files(dir)) {
            try {
                good.add(PolicyParser.parseFile(file));
            } catch (InvalidPolicyException e) {
                problems.add(e);
            }
        }
        if (problems.isEmpty()) {
            try {
                PolicySet.of(good);
            } catch (InvalidPolicyException e) {
                problems.add(e);
            }
        }
        return problems;
    }

    /** The policy files of a directory, sorted by name. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(PolicyDirectory::isPolicyFile).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InvalidPolicyException(dir.toString(), 0, null, "cannot list the policy directory: " + e.getMessage());
        }
    }

    static boolean isPolicyFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json");
    }

    private String fingerprint() {
        if (!Files.isDirectory(dir)) {
            return "missing";
        }
        StringBuilder sb = new StringBuilder();
        try {
            for (Path p : files(dir)) {
                try {
                    sb.append(p.getFileName()).append(':').append(PolicyParser.digest(Files.readString(p))).append(';');
                } catch (IOException e) {
                    sb.append(p.getFileName()).append(":unreadable;");
                }
            }
        } catch (InvalidPolicyException e) {
            return "unlistable";
        }
        return sb.toString();
    }
}
