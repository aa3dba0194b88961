package dev.tagline.policy.autorelease;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.autorelease.AutoRelease.Bump;
import dev.tagline.policy.autorelease.ReleaseBranch.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code release:} section (called by {@link PolicyParser} with the section's plain values; it
 * places the errors on their line). Unknown keys are errors; every error's subject is the field's path
 * ({@code release.branches[1].range}).
 */
public final class AutoReleaseParser {
    private static final Set<String> KEYS = Set.of("from", "branches", "tagFormat", "initialVersion", "bumps", "annotated", "dryRun", "skipMarker");
    private static final Set<String> BRANCH_KEYS = Set.of("name", "prerelease", "range");
    private static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)");

    private AutoReleaseParser() {
    }

    /**
     * @param section the section's values (maps, lists, strings, booleans)
     * @param prefix  {@code "release."}; starts every error's subject
     */
    public static AutoRelease section(Object section, String prefix) {
        String name = prefix.substring(0, prefix.length() - 1);
        Map<String, Object> m = mapping(section, name, KEYS);
        String from = text(m.getOrDefault("from", AutoRelease.FROM_CONVENTIONAL_COMMITS), prefix + "from");
        if (!from.equals(AutoRelease.FROM_CONVENTIONAL_COMMITS)) {
            throw new InvalidPolicyException(prefix + "from", "must be conventional-commits, was '" + from + "'");
        }
        if (!m.containsKey("branches")) {
            throw new InvalidPolicyException(prefix + "branches", "is required (the branches that release, e.g. [main])");
        }
        List<ReleaseBranch> branches = branches(m.get("branches"), prefix + "branches");
        String tagFormat = text(m.getOrDefault("tagFormat", AutoRelease.DEFAULT_TAG_FORMAT), prefix + "tagFormat");
        if (!tagFormat.contains("{{version}}") || tagFormat.indexOf("{{version}}") != tagFormat.lastIndexOf("{{version}}")) {
            throw new InvalidPolicyException(prefix + "tagFormat", "must contain {{version}} once, was '" + tagFormat + "'");
        }
        if (!tagFormat.replace("{{version}}", "1.0.0").matches("[0-9A-Za-z._/-]+")) {
            throw new InvalidPolicyException(prefix + "tagFormat", "gives no valid git tag name: '" + tagFormat + "'");
        }
        String initial = text(m.getOrDefault("initialVersion", AutoRelease.DEFAULT_INITIAL_VERSION), prefix + "initialVersion");
        if (!VERSION.matcher(initial).matches()) {
            throw new InvalidPolicyException(prefix + "initialVersion", "must be MAJOR.MINOR.PATCH, was '" + initial + "'");
        }
        Map<String, Bump> bumps = m.containsKey("bumps") ? bumps(m.get("bumps"), prefix + "bumps") : AutoRelease.DEFAULT_BUMPS;
        boolean annotated = bool(m.getOrDefault("annotated", true), prefix + "annotated");
        boolean dryRun = bool(m.getOrDefault("dryRun", false), prefix + "dryRun");
        String skip = text(m.getOrDefault("skipMarker", AutoRelease.DEFAULT_SKIP_MARKER), prefix + "skipMarker");
        if (skip.isBlank()) {
            throw new InvalidPolicyException(prefix + "skipMarker", "must not be empty");
        }
        return new AutoRelease(from, branches, tagFormat, initial, bumps, annotated, dryRun, skip);
    }

    private static List<ReleaseBranch> branches(Object value, String at) {
        if (!(value instanceof List<?> items) || items.isEmpty()) {
            throw new InvalidPolicyException(at, "must list at least one branch");
        }
        List<ReleaseBranch> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String here = at + "[" + i + "]";
            Object item = items.get(i);
            Map<String, Object> b = item instanceof String s ? Map.of("name", s) : mapping(item, here, BRANCH_KEYS);
            String name = text(b.get("name"), here + ".name");
            if (name.isBlank()) {
                throw new InvalidPolicyException(here + ".name", "is required");
            }
            String prerelease = b.containsKey("prerelease") ? text(b.get("prerelease"), here + ".prerelease") : null;
            String range = b.containsKey("range") ? text(b.get("range"), here + ".range") : ReleaseBranch.rangeFromName(name);
            if (prerelease != null && b.containsKey("range")) {
                throw new InvalidPolicyException(here, "is either a prerelease branch or a maintenance branch, not both");
            }
            Kind kind = prerelease != null ? Kind.PRERELEASE : range != null ? Kind.MAINTENANCE : Kind.FINAL;
            try {
                out.add(new ReleaseBranch(name, kind, prerelease, kind == Kind.PRERELEASE ? null : range));
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(here + (kind == Kind.PRERELEASE ? ".prerelease" : ".range"), e.getMessage());
            }
            if (out.subList(0, out.size() - 1).stream().anyMatch(o -> o.name().equals(name))) {
                throw new InvalidPolicyException(here + ".name", "'" + name + "' is listed twice");
            }
        }
        return out;
    }

    private static Map<String, Bump> bumps(Object value, String at) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw new InvalidPolicyException(at, "must map commit types to major, minor, patch or none (feat: minor)");
        }
        Map<String, Bump> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            String type = String.valueOf(k);
            if (!type.matches("[a-z][a-z0-9-]*")) {
                throw new InvalidPolicyException(at + "." + type, "is not a commit type (lower-case letters, digits, -)");
            }
            String level = text(v, at + "." + type).toUpperCase(Locale.ROOT);
            try {
                out.put(type, Bump.valueOf(level));
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(at + "." + type, "must be major, minor, patch or none, was '" + v + "'");
            }
        });
        return out;
    }

    private static Map<String, Object> mapping(Object value, String at, Set<String> keys) {
        if (!(value instanceof Map<?, ?> raw)) {
            throw new InvalidPolicyException(at, "must be a mapping (key: value)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!keys.contains(key)) {
                throw new InvalidPolicyException(at + "." + key, "unknown key (expected one of " + keys.stream().sorted().toList() + ")");
            }
            out.put(key, v);
        });
        return out;
    }

    private static String text(Object value, String at) {
        if (value instanceof String || value instanceof Number) {
            return String.valueOf(value);
        }
        throw new InvalidPolicyException(at, "must be a text");
    }

    private static boolean bool(Object value, String at) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new InvalidPolicyException(at, "must be true or false");
    }
}
