package dev.tagline.planner.planning;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python version under PEP 440 (as {@code @renovate/pep440} reads it): epoch, release segments,
 * pre ({@code a}/{@code b}/{@code rc}, with {@code alpha}, {@code beta}, {@code c}, {@code pre},
 * {@code preview} as spellings), post, dev and local parts. {@link #normalized()} is the canonical
 * form ({@code 1.0dev4} gives {@code 1.0.dev4}, {@code 1.1beta2} gives {@code 1.1b2}). Made by {@link #parseOrNull};
 * {@code raw} is the text it was read from, {@code preLabel} one of {@code a}, {@code b}, {@code rc}, and the
 * parts a version does not have are null.
 */
public record Pep440(String raw, BigInteger epoch, List<BigInteger> release, String preLabel, BigInteger preNumber, BigInteger post,
                     BigInteger dev, String local) implements Comparable<Pep440> {
    private static final Pattern VERSION = Pattern.compile("^\\s*v?"
            + "(?:([0-9]+)!)?"
            + "([0-9]+(?:\\.[0-9]+)*)"
            + "([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?([0-9]+)?)?"
            + "((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?"
            + "([-_.]?(dev)[-_.]?([0-9]+)?)?"
            + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$", Pattern.CASE_INSENSITIVE);

    public Pep440 {
        release = List.copyOf(release);
    }

    public static Pep440 parseOrNull(String input) {
        if (input == null) {
            return null;
        }
        Matcher m = VERSION.matcher(input);
        if (!m.matches()) {
            return null;
        }
        BigInteger epoch = m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1));
        List<BigInteger> release = new ArrayList<>();
        for (String s : m.group(2).split("\\.")) {
            release.add(new BigInteger(s));
        }
        String preLabel = null;
        BigInteger preNumber = null;
        if (m.group(3) != null) {
            preLabel = switch (m.group(4).toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> "a";
                case "b", "beta" -> "b";
                default -> "rc";
            };
            preNumber = m.group(5) == null ? BigInteger.ZERO : new BigInteger(m.group(5));
        }
        BigInteger post = null;
        if (m.group(6) != null) {
            String n = m.group(7) != null ? m.group(7) : m.group(9);
            post = n == null ? BigInteger.ZERO : new BigInteger(n);
        }
        BigInteger dev = null;
        if (m.group(10) != null) {
            dev = m.group(12) == null ? BigInteger.ZERO : new BigInteger(m.group(12));
        }
        String local = m.group(13) == null ? null : m.group(13).toLowerCase(Locale.ROOT).replaceAll("[-_]", ".");
        return new Pep440(input, epoch, release, preLabel, preNumber, post, dev, local);
    }

    /** A pre-, post- or dev-release: metadata-action gives such versions only their exact tag. */
    public boolean isPrereleaseLike() {
        return preLabel != null || post != null || dev != null;
    }

    public String major() {
        return release.get(0).toString();
    }

    public String minor() {
        return release.size() > 1 ? release.get(1).toString() : "0";
    }

    public String patch() {
        return release.size() > 2 ? release.get(2).toString() : "0";
    }

    public String normalized() {
        StringBuilder sb = new StringBuilder();
        if (epoch.signum() != 0) {
            sb.append(epoch).append('!');
        }
        for (int i = 0; i < release.size(); i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(release.get(i));
        }
        if (preLabel != null) {
            sb.append(preLabel).append(preNumber);
        }
        if (post != null) {
            sb.append(".post").append(post);
        }
        if (dev != null) {
            sb.append(".dev").append(dev);
        }
        if (local != null) {
            sb.append('+').append(local);
        }
        return sb.toString();
    }

    /** PEP 440 ordering: epoch, release (trailing zeros ignored), then dev < pre < final < post. */
    @Override
    public int compareTo(Pep440 o) {
        int c = epoch.compareTo(o.epoch);
        if (c != 0) {
            return c;
        }
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < release.size() ? release.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.release.size() ? o.release.get(i) : BigInteger.ZERO;
            c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(preRank(), o.preRank());
        if (c == 0 && preLabel != null) {
            c = preLabel.compareTo(o.preLabel);
            if (c == 0) {
                c = preNumber.compareTo(o.preNumber);
            }
        }
        if (c != 0) {
            return c;
        }
        c = compareNullable(post, o.post, -1);
        if (c != 0) {
            return c;
        }
        return compareNullable(dev, o.dev, 1);
    }

    /** -1: a dev release without pre/post (sorts first), 0: a prerelease, 1: no pre part. */
    private int preRank() {
        if (preLabel == null && post == null && dev != null) {
            return -1;
        }
        return preLabel == null ? 1 : 0;
    }

    private static int compareNullable(BigInteger a, BigInteger b, int nullIs) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return nullIs;
        }
        if (b == null) {
            return -nullIs;
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return normalized();
    }
}
