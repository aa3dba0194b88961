package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Manifests by digest, as this client last read or wrote them in one repository: content-addressed, so the bytes
 * are never wrong; only whether the registry still holds them may be stale, for at most the time to live (a delete
 * through this client evicts at once). Bounded (least recently used out), small manifests only.
 */
final class ManifestCache {
    static final int MAX_BYTES = 64 * 1024;

    private record Entry(Manifest manifest, Instant expires) {
    }

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries;

    ManifestCache(int capacity, Duration ttl, Clock clock) {
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > ManifestCache.this.capacity;
            }
        };
    }

    synchronized Manifest get(ImageRepository repo, Digest digest) {
        String key = key(repo, digest);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.instant().isAfter(e.expires())) {
            entries.remove(key);
            return null;
        }
        return e.manifest();
    }

    synchronized void put(ImageRepository repo, Manifest m) {
        if (capacity > 0 && m.bytes().length <= MAX_BYTES) {
            entries.put(key(repo, m.digest()), new Entry(m, clock.instant().plus(ttl)));
        }
    }

    synchronized void evict(ImageRepository repo, Digest digest) {
        entries.remove(key(repo, digest));
    }

    private static String key(ImageRepository repo, Digest digest) {
        return repo.value() + "@" + digest.value();
    }
}
