package dev.tagline.bench.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one scenario set in motion and must see through: its repositories, the ref changes it made
 * (each must become an event, a plan, a result per variant and tags in the registry), the poison
 * records it wrote (each must be dead-lettered once), the replays it ran (each original event
 * replayed once), when each of its faults ended, and problems it noticed on the way (a webhook
 * refused while it must be accepted, a process that ignored SIGTERM).
 */
final class Scope {
    /** A ref change the suite made: {@code ref} must get an event with {@code commit} as its new commit. */
    record Expected(String repository, String ref, String commit, long sinceMillis) {
    }

    /** A record the suite wrote to {@code topic}, recognisable by {@code marker} in its bytes. */
    record Poison(String topic, String marker) {
    }

    final String name;
    final Set<String> repositories = new LinkedHashSet<>();
    final List<Expected> expected = new CopyOnWriteArrayList<>();
    final List<Poison> poison = new ArrayList<>();
    final List<Long> faultEnds = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** For a replay: the run id prefix of the replayed events, and the original event ids that must be replayed. */
    String replayRunPrefix;
    final Set<String> replayOf = new LinkedHashSet<>();
    /** When the scenario's last action happened: "settled" is measured from here when there is no fault. */
    long lastActionMillis;
    /** When the scenario began: earlier events of its repository (the warm-up) are not its own. */
    final long startMillis;

    Scope(String name) {
        this(name, System.currentTimeMillis());
    }

    /**
     * A scope whose events count from {@code startMillis}: the warm-up's count from before the services
     * started, since tag-listener's first reconciling poll may publish a repository's first commit before its webhook.
     */
    Scope(String name, long startMillis) {
        this.name = name;
        this.startMillis = startMillis;
        this.lastActionMillis = System.currentTimeMillis();
    }

    synchronized void expect(String repository, String ref, String commit) {
        repositories.add(repository);
        long now = System.currentTimeMillis();
        expected.add(new Expected(repository, ref, commit, now));
        lastActionMillis = now;
    }

    synchronized void faultEnded() {
        long now = System.currentTimeMillis();
        faultEnds.add(now);
        lastActionMillis = Math.max(lastActionMillis, now);
    }

    synchronized void problem(String text) {
        problems.add(text);
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    /** The end of the last fault, or of the last action when there was no fault. */
    long settleFrom() {
        return faultEnds.isEmpty() ? lastActionMillis : Math.max(lastActionMillis, faultEnds.get(faultEnds.size() - 1));
    }
}
