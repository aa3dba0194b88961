package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.util.List;
import java.util.Locale;

/**
 * metadata-action's {@code flavor}: when to add {@code latest}, and a prefix/suffix for every tag
 * whose rule sets none ({@code onlatest=true} also puts them on {@code latest}).
 */
public record Flavor(Latest latest, Template prefix, boolean prefixLatest, Template suffix, boolean suffixLatest, String labelPrefix) {

    public enum Latest { AUTO, TRUE, FALSE }

    public static final Flavor DEFAULT = new Flavor(Latest.AUTO, Template.parse(""), false, Template.parse(""), false, "");

    /** Parses flavor lines such as {@code latest=auto}, {@code prefix=v,onlatest=true}, {@code suffix=-alpine}. */
    public static Flavor parse(List<String> lines) {
        Latest latest = Latest.AUTO;
        String prefix = "";
        boolean prefixLatest = false;
        String suffix = "";
        boolean suffixLatest = false;
        String labelPrefix = "";
        for (String line : lines) {
            String subject = "flavor '" + line + "'";
            String onLatestFor = "";
            List<String> fields = Csv.fields(line, subject);
            for (String field : fields) {
                if (field.isBlank()) {
                    continue;
                }
                String[] kv = Csv.keyValue(field);
                if (kv.length == 1) {
                    throw new InvalidPolicyException(subject, "invalid flavor entry '" + field.trim() + "' (expected key=value)");
                }
                String value = kv[1];
                switch (kv[0].toLowerCase(Locale.ROOT)) {
                    case "latest" -> latest = switch (value) {
                        case "auto" -> Latest.AUTO;
                        case "true" -> Latest.TRUE;
                        case "false" -> Latest.FALSE;
                        default -> throw new InvalidPolicyException(subject, "latest must be auto, true or false, was '" + value + "'");
                    };
                    case "prefix" -> {
                        prefix = value;
                        onLatestFor = "prefix";
                    }
                    case "suffix" -> {
                        suffix = value;
                        onLatestFor = "suffix";
                    }
                    case "onlatest" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new InvalidPolicyException(subject, "onlatest must be true or false, was '" + value + "'");
                        }
                        if (onLatestFor.equals("prefix")) {
                            prefixLatest = value.equals("true");
                        } else if (onLatestFor.equals("suffix")) {
                            suffixLatest = value.equals("true");
                        }
                    }
                    case "labelprefix" -> labelPrefix = value;
                    default -> throw new InvalidPolicyException(subject, "unknown flavor entry '" + kv[0] + "'");
                }
            }
            try {
                Template.parse(prefix);
                Template.parse(suffix);
            } catch (InvalidPolicyException e) {
                throw new InvalidPolicyException(subject, e.problem());
            }
        }
        return new Flavor(latest, Template.parse(prefix), prefixLatest, Template.parse(suffix), suffixLatest, labelPrefix);
    }
}
