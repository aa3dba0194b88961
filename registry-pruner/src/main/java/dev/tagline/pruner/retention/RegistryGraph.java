package dev.tagline.pruner.retention;

import dev.tagline.pruner.retention.RegistrySnapshot.Manifest;
import dev.tagline.pruner.retention.RegistrySnapshot.Tag;
import dev.tagline.schema.value.Digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The snapshot as a graph: index children, referrers (subject and attachment tags), tags per digest. */
final class RegistryGraph {
    /** {@code sha256-<hex>} (OCI referrers tag schema) and {@code sha256-<hex>.sig/.att/.sbom} (cosign). */
    private static final Pattern ATTACHMENT = Pattern.compile("sha256-([0-9a-f]{64})(\\.[A-Za-z0-9_.-]+)?");

    final RegistrySnapshot snapshot;
    final Map<Digest, Manifest> manifests;
    final Map<Digest, List<Tag>> tagsByDigest = new HashMap<>();
    final Map<Digest, Set<Digest>> children = new HashMap<>();
    final Map<Digest, Set<Digest>> parents = new HashMap<>();
    final Map<Digest, Set<Digest>> referrers = new HashMap<>();
    final Map<Digest, Digest> subjectOf = new HashMap<>();
    /** Referrers whose {@code subject} is not in the repository (orphans: their subject was deleted). */
    final Map<Digest, Digest> orphanReferrers = new HashMap<>();
    final List<String> missingChildren = new ArrayList<>();

    RegistryGraph(RegistrySnapshot snapshot) {
        this.snapshot = snapshot;
        this.manifests = new TreeMap<>(snapshot.manifestsByDigest());
        for (Tag t : snapshot.tags()) {
            tagsByDigest.computeIfAbsent(t.digest(), d -> new ArrayList<>()).add(t);
        }
        for (Manifest m : manifests.values()) {
            for (Digest child : m.children()) {
                if (!manifests.containsKey(child)) {
                    missingChildren.add("index " + m.digest() + " lists child " + child + " which the registry does not have (partial index)");
                    continue;
                }
                children.computeIfAbsent(m.digest(), d -> new TreeSet<>()).add(child);
                parents.computeIfAbsent(child, d -> new TreeSet<>()).add(m.digest());
            }
            if (m.subject() != null && manifests.containsKey(m.subject()) && !m.subject().equals(m.digest())) {
                referrers.computeIfAbsent(m.subject(), d -> new TreeSet<>()).add(m.digest());
                subjectOf.putIfAbsent(m.digest(), m.subject());
            } else if (m.subject() != null && !manifests.containsKey(m.subject())) {
                orphanReferrers.put(m.digest(), m.subject());
            }
        }
        for (Tag t : snapshot.tags()) {
            attachmentSubject(t).ifPresent(subject -> {
                if (!subject.equals(t.digest())) {
                    referrers.computeIfAbsent(subject, d -> new TreeSet<>()).add(t.digest());
                    subjectOf.putIfAbsent(t.digest(), subject);
                }
            });
        }
    }

    /** The subject of an attachment tag, when that subject is in this repository. */
    Optional<Digest> attachmentSubject(Tag tag) {
        return namedSubject(tag).filter(manifests::containsKey);
    }

    /**
     * The subject an attachment tag names when the repository does not have it: an orphan, left behind when its
     * subject was deleted (by an interrupted run, or by hand). The snapshot reader looks up every such subject by
     * digest, so a subject missing from the snapshot is missing from the registry.
     */
    Optional<Digest> orphanSubject(Tag tag) {
        return namedSubject(tag).filter(s -> !manifests.containsKey(s));
    }

    /**
     * True for an attachment tag ({@code sha256-<hex>}, {@code sha256-<hex>.sig/.att/.sbom}), whether or not its
     * subject is here: such a tag follows its subject and is never a tag of its own for any retention rule.
     */
    boolean isAttachmentTag(Tag tag) {
        return namedSubject(tag).isPresent();
    }

    private static Optional<Digest> namedSubject(Tag tag) {
        if (!tag.tag().value().startsWith("sha256-")) {
            return Optional.empty(); // most tags: no regex
        }
        Matcher m = ATTACHMENT.matcher(tag.tag().value());
        return m.matches() ? Optional.of(Digest.parse("sha256:" + m.group(1))) : Optional.empty();
    }

    List<Tag> tags(Digest d) {
        return tagsByDigest.getOrDefault(d, List.of());
    }

    boolean isChild(Digest d) {
        return parents.containsKey(d);
    }

    /** A referrer (of a subject here, or an orphan whose subject is gone): never an untagged image of its own. */
    boolean isReferrer(Digest d) {
        return subjectOf.containsKey(d) || orphanReferrers.containsKey(d);
    }

    Set<Digest> edgesFrom(Digest d) {
        Set<Digest> out = new TreeSet<>(children.getOrDefault(d, Set.of()));
        out.addAll(referrers.getOrDefault(d, Set.of()));
        return out;
    }

    /**
     * The time that ranks a candidate image and ages it for the keep rules: the newest push time of its
     * own candidate tags. Another tag written onto the digest later (a protected {@code prod} re-pointed
     * onto an old CI image, or a rebuild of an old commit giving the same digest) must not make that CI
     * image young, or a genuinely recent one falls out of the keep window. When no candidate tag has a
     * push time: the digest's push time only if no other tag has one either (else that time may come
     * from the re-pointing), then the config created time, else unknown.
     */
    ImageAge candidateAge(Digest d, List<Tag> candidateTags) {
        Instant latest = null;
        for (Tag t : candidateTags) {
            if (t.pushedAt() != null && (latest == null || t.pushedAt().isAfter(latest))) {
                latest = t.pushedAt();
            }
        }
        if (latest != null) {
            return new ImageAge(latest, ImageAge.Source.TAGLINE);
        }
        Manifest m = manifests.get(d);
        boolean otherTagTimed = tags(d).stream().anyMatch(t -> t.pushedAt() != null);
        if (m != null && m.pushedAt() != null && !otherTagTimed) {
            return new ImageAge(m.pushedAt(), ImageAge.Source.TAGLINE);
        }
        Instant created = configCreated(d, new HashSet<>());
        return created != null ? new ImageAge(created, ImageAge.Source.CONFIG_CREATED) : ImageAge.UNKNOWN;
    }

    /**
     * When an image was last touched: the latest time tagline pushed it or wrote any of its tags onto
     * it (any tag: a digest re-tagged seconds ago is in flight, which is what the grace period is for);
     * else the config created time (an index: its newest child's); else unknown.
     */
    ImageAge age(Digest d) {
        Instant latest = null;
        Manifest m = manifests.get(d);
        if (m != null && m.pushedAt() != null) {
            latest = m.pushedAt();
        }
        for (Tag t : tags(d)) {
            if (t.pushedAt() != null && (latest == null || t.pushedAt().isAfter(latest))) {
                latest = t.pushedAt();
            }
        }
        if (latest != null) {
            return new ImageAge(latest, ImageAge.Source.TAGLINE);
        }
        Instant created = configCreated(d, new HashSet<>());
        return created != null ? new ImageAge(created, ImageAge.Source.CONFIG_CREATED) : ImageAge.UNKNOWN;
    }

    private Instant configCreated(Digest d, Set<Digest> seen) {
        Manifest m = manifests.get(d);
        if (m == null || !seen.add(d)) {
            return null;
        }
        Instant latest = m.configCreated();
        for (Digest child : children.getOrDefault(d, Set.of())) {
            Instant c = configCreated(child, seen);
            if (c != null && (latest == null || c.isAfter(latest))) {
                latest = c;
            }
        }
        return latest;
    }

    /**
     * The subset in waves: wave 0 has no parent or subject in the subset, wave k only ones in earlier
     * waves. Everything in one wave can be deleted at the same time.
     */
    List<List<Digest>> waves(Set<Digest> subset) {
        Map<Digest, Integer> depth = new TreeMap<>();
        for (Digest d : parentsFirst(subset)) {
            int level = 0;
            List<Digest> above = new ArrayList<>(parents.getOrDefault(d, Set.of()));
            if (subjectOf.containsKey(d)) {
                above.add(subjectOf.get(d));
            }
            for (Digest p : above) {
                if (depth.containsKey(p)) {
                    level = Math.max(level, depth.get(p) + 1);
                }
            }
            depth.put(d, level);
        }
        List<List<Digest>> waves = new ArrayList<>();
        depth.forEach((d, level) -> {
            while (waves.size() <= level) {
                waves.add(new ArrayList<>());
            }
            waves.get(level).add(d);
        });
        return waves;
    }

    /** Parents (indexes) and subjects before their children and referrers; ties by digest. */
    List<Digest> parentsFirst(Set<Digest> subset) {
        Map<Digest, Integer> incoming = new HashMap<>();
        for (Digest d : subset) {
            incoming.put(d, 0);
        }
        for (Digest d : subset) {
            for (Digest e : edgesFrom(d)) {
                if (subset.contains(e)) {
                    incoming.merge(e, 1, Integer::sum);
                }
            }
        }
        TreeSet<Digest> ready = new TreeSet<>();
        incoming.forEach((d, n) -> {
            if (n == 0) {
                ready.add(d);
            }
        });
        LinkedHashSet<Digest> order = new LinkedHashSet<>();
        while (!ready.isEmpty()) {
            Digest d = ready.pollFirst();
            order.add(d);
            for (Digest e : edgesFrom(d)) {
                if (subset.contains(e) && incoming.merge(e, -1, Integer::sum) == 0) {
                    ready.add(e);
                }
            }
        }
        order.addAll(subset); // a cycle cannot happen with content addressing; keep every digest anyway
        return new ArrayList<>(order);
    }
}
