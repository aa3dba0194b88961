package dev.tagline.planner.planning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hand-written fast paths must give exactly what the formatter and the regex give: labels are part of the digest. */
class FastFormatsTest {

    @Test
    void createdTimeIsWhatTheFormatterWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("+11000-01-01T00:00:00Z").getEpochSecond()), random.nextInt(1_000_000_000));
            assertEquals(TagPlanner.isoMillisByFormatter(t), TagPlanner.isoMillis(t), t.toString());
        }
        Instant edge = Instant.parse("0001-01-01T00:00:00Z");
        assertEquals(TagPlanner.isoMillisByFormatter(edge), TagPlanner.isoMillis(edge));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "feature/new-ui", "a b", "émoji✓tag", "-lead", "..", "", "UPPER_case-1.0", "x/y/z", "a\tb"})
    void sanitizeIsTheRegexReplacement(String tag) {
        assertEquals(tag.replaceAll("[^a-zA-Z0-9._-]+", "-"), MetadataEngine.sanitize(tag));
    }

    @Test
    void aSafeTagIsReturnedAsIs() {
        String tag = "sha-860c190";
        assertSame(tag, MetadataEngine.sanitize(tag));
    }

    @Test
    void ociLabelKeysAreInNaturalOrder() {
        List<String> keys = List.of(TagPlanner.OCI_LABEL_KEYS);
        assertEquals(new ArrayList<>(new TreeSet<>(keys)), keys);
    }

    @Test
    void sortedLabelsReadAsTheTreeOfTheirEntries() {
        String[] values = {"2026-01-05T09:00:00.000Z", "", null, "abc", "https://x", "shop", "https://x", "abc1234"};
        TreeMap<String, String> tree = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            tree.put(TagPlanner.OCI_LABEL_KEYS[i], values[i]);
        }
        SortedLabels labels = new SortedLabels(TagPlanner.OCI_LABEL_KEYS, values);
        assertEquals(tree, labels);
        assertEquals(labels, tree);
        assertEquals(tree.hashCode(), labels.hashCode());
        assertEquals(tree.toString(), labels.toString());
        assertEquals(new ArrayList<>(tree.entrySet()), new ArrayList<>(labels.entrySet()));
        assertEquals(tree, new TreeMap<>(labels));
        assertNull(labels.comparator());
        assertEquals(tree.firstKey(), labels.firstKey());
        assertEquals(tree.lastKey(), labels.lastKey());
        assertEquals(tree.headMap(TagPlanner.OCI_LABEL_KEYS[3]), labels.headMap(TagPlanner.OCI_LABEL_KEYS[3]));
        assertEquals(tree.tailMap(TagPlanner.OCI_LABEL_KEYS[3]), labels.tailMap(TagPlanner.OCI_LABEL_KEYS[3]));
        assertEquals(tree.subMap(TagPlanner.OCI_LABEL_KEYS[1], TagPlanner.OCI_LABEL_KEYS[5]),
                labels.subMap(TagPlanner.OCI_LABEL_KEYS[1], TagPlanner.OCI_LABEL_KEYS[5]));
        assertEquals("abc", labels.get(TagPlanner.OCI_LABEL_KEYS[3]));
        assertThrows(UnsupportedOperationException.class, () -> labels.put("k", "v"));
    }

    @Test
    void emptySortedLabelsHaveNoFirstKey() {
        SortedLabels empty = new SortedLabels(new String[0], new String[0]);
        assertEquals(Map.of(), empty);
        assertThrows(NoSuchElementException.class, empty::firstKey);
        assertThrows(NoSuchElementException.class, empty::lastKey);
    }
}
