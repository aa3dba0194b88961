package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An AWS ECR lifecycle policy ({@code {"rules": [...]}}); registry-pruner's {@code EcrEvaluation} applies
 * it with ECR's documented semantics:
 * <ul>
 *   <li>rules run by ascending {@code rulePriority} (unique; a {@code tagStatus: any} rule must be last);</li>
 *   <li>{@code tagged} selects images with, for every entry of {@code tagPrefixList} / {@code tagPatternList},
 *       some tag that starts with / matches it (all entries must be satisfied); {@code untagged} selects
 *       images without tags; {@code any} selects all;</li>
 *   <li>{@code imageCountMoreThan N}: of the images the rule selects, newest push first, all beyond N expire;
 *       {@code sinceImagePushed N days}: those pushed more than N days ago expire; "push" is, per rule, the
 *       newest push of the tags the rule selects the image by ({@link Rule#selectedTags}), so a tag the
 *       rule does not look at (a {@code prod} re-pointed onto an old image) does not make the image young;</li>
 *   <li>an image selected by a higher-priority rule cannot be expired by a lower-priority one, but lower
 *       rules still count it when ranking ("identify them as if they haven't been expired");</li>
 *   <li>an image is expired by exactly one or zero rules.</li>
 * </ul>
 */
public record EcrLifecyclePolicy(List<Rule> rules) {

    public enum TagStatus { TAGGED, UNTAGGED, ANY }

    public enum CountType { IMAGE_COUNT_MORE_THAN, SINCE_IMAGE_PUSHED }

    public record Rule(int rulePriority, String description, TagStatus tagStatus, List<String> tagPrefixList,
                       List<String> tagPatternList, CountType countType, int countNumber) {
        public Rule {
            tagPrefixList = List.copyOf(tagPrefixList);
            tagPatternList = List.copyOf(tagPatternList);
        }

        public String id() {
            return "ecr-rule:" + rulePriority;
        }

        public boolean selects(Set<String> tags) {
            return switch (tagStatus) {
                case ANY -> true;
                case UNTAGGED -> tags.isEmpty();
                case TAGGED -> !tags.isEmpty()
                        && tagPrefixList.stream().allMatch(p -> tags.stream().anyMatch(t -> t.startsWith(p)))
                        && tagPatternList.stream().map(EcrLifecyclePolicy::wildcard)
                        .allMatch(p -> tags.stream().anyMatch(t -> p.matcher(t).matches()));
            };
        }

        /**
         * The tags of an image this rule selects it by: for {@code tagged}, those matching one of its
         * prefixes or patterns; for {@code any}, every tag; for {@code untagged}, none. They rank and age
         * the image for this rule (a tag the rule does not look at never makes the image young).
         */
        public Set<String> selectedTags(Set<String> tags) {
            return switch (tagStatus) {
                case ANY -> tags;
                case UNTAGGED -> Set.of();
                case TAGGED -> {
                    List<java.util.regex.Pattern> patterns = tagPatternList.stream().map(EcrLifecyclePolicy::wildcard).toList();
                    yield tags.stream().filter(t -> tagPrefixList.stream().anyMatch(t::startsWith)
                            || patterns.stream().anyMatch(p -> p.matcher(t).matches())).collect(java.util.stream.Collectors.toSet());
                }
            };
        }

        public String describe() {
            String what = switch (tagStatus) {
                case ANY -> "any image";
                case UNTAGGED -> "untagged images";
                case TAGGED -> "images tagged " + (tagPrefixList.isEmpty() ? "like " + tagPatternList : "with prefixes " + tagPrefixList);
            };
            String count = countType == CountType.IMAGE_COUNT_MORE_THAN
                    ? "keep the " + countNumber + " newest"
                    : "expire after " + countNumber + " days";
            return "rule " + rulePriority + " (" + what + ", " + count + ")";
        }
    }

    public EcrLifecyclePolicy {
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::rulePriority)).toList();
    }

    /** ECR's {@code tagPatternList} wildcard: {@code *} is any run of characters, the rest literal. */
    public static Pattern wildcard(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder exact = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                exact.append(".*");
            }
            exact.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(exact.toString(), Pattern.DOTALL);
    }

    /** Parses the JSON an ECR console or {@code aws ecr get-lifecycle-policy} gives; errors name the file, rule and field. */
    public static EcrLifecyclePolicy parse(Object document, String source) {
        try {
            return section(document, "");
        } catch (InvalidPolicyException e) {
            throw e.at(source, 0);
        }
    }

    /**
     * Reads an {@code ecrLifecyclePolicy} mapping.
     *
     * @param prefix {@code "ecrLifecyclePolicy."} inside a policy file, {@code ""} for an ECR JSON document; starts every error's subject
     */
    public static EcrLifecyclePolicy section(Object document, String prefix) {
        String name = prefix.isEmpty() ? "ECR lifecycle policy" : prefix.substring(0, prefix.length() - 1);
        if (!(document instanceof Map<?, ?> root) || !(root.get("rules") instanceof List<?> rawRules)) {
            throw new InvalidPolicyException(name, "expected {\"rules\": [...]}");
        }
        List<Rule> rules = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        for (int i = 0; i < rawRules.size(); i++) {
            String where = prefix + "rules[" + i + "]";
            if (!(rawRules.get(i) instanceof Map<?, ?> r)) {
                throw new InvalidPolicyException(where, "must be an object");
            }
            int priority = integer(r.get("rulePriority"), where + ".rulePriority");
            String rule = "rule " + priority + ": ";
            if (!priorities.add(priority)) {
                throw new InvalidPolicyException(where, rule + "rulePriority must be unique");
            }
            if (!(r.get("selection") instanceof Map<?, ?> sel)) {
                throw new InvalidPolicyException(where, rule + "selection is required");
            }
            TagStatus status = switch (String.valueOf(sel.get("tagStatus"))) {
                case "tagged" -> TagStatus.TAGGED;
                case "untagged" -> TagStatus.UNTAGGED;
                case "any" -> TagStatus.ANY;
                default -> throw new InvalidPolicyException(where + ".selection", rule + "selection.tagStatus must be tagged, untagged or any, got " + sel.get("tagStatus"));
            };
            List<String> prefixes = strings(sel.get("tagPrefixList"), where + ".selection.tagPrefixList");
            List<String> patterns = strings(sel.get("tagPatternList"), where + ".selection.tagPatternList");
            if (status == TagStatus.TAGGED && prefixes.isEmpty() && patterns.isEmpty()) {
                throw new InvalidPolicyException(where + ".selection", rule + "tagStatus tagged needs a tagPrefixList or a tagPatternList");
            }
            if (!prefixes.isEmpty() && !patterns.isEmpty()) {
                throw new InvalidPolicyException(where + ".selection", rule + "use either tagPrefixList or tagPatternList, not both");
            }
            if (status != TagStatus.TAGGED && (!prefixes.isEmpty() || !patterns.isEmpty())) {
                throw new InvalidPolicyException(where + ".selection", rule + "tagStatus " + sel.get("tagStatus") + " must omit tagPrefixList and tagPatternList");
            }
            for (String p : patterns) {
                if (p.chars().filter(c -> c == '*').count() > 4) {
                    throw new InvalidPolicyException(where + ".selection.tagPatternList", rule + "tagPatternList entry '" + p + "' has more than four wildcards");
                }
            }
            CountType type = switch (String.valueOf(sel.get("countType"))) {
                case "imageCountMoreThan" -> CountType.IMAGE_COUNT_MORE_THAN;
                case "sinceImagePushed" -> CountType.SINCE_IMAGE_PUSHED;
                default -> throw new InvalidPolicyException(where + ".selection", rule + "selection.countType must be imageCountMoreThan or sinceImagePushed, got " + sel.get("countType"));
            };
            int count = integer(sel.get("countNumber"), where + ".selection.countNumber");
            if (count < 1) {
                throw new InvalidPolicyException(where + ".selection.countNumber", rule + "selection.countNumber must be at least 1");
            }
            if (type == CountType.SINCE_IMAGE_PUSHED && !"days".equals(sel.get("countUnit"))) {
                throw new InvalidPolicyException(where + ".selection", rule + "sinceImagePushed needs countUnit \"days\", got " + sel.get("countUnit"));
            }
            if (type == CountType.IMAGE_COUNT_MORE_THAN && sel.get("countUnit") != null) {
                throw new InvalidPolicyException(where + ".selection.countUnit", rule + "countUnit is only allowed with sinceImagePushed");
            }
            Object action = r.get("action");
            if (!(action instanceof Map<?, ?> a) || !"expire".equals(a.get("type"))) {
                throw new InvalidPolicyException(where + ".action", rule + "action.type must be \"expire\"");
            }
            Object description = r.get("description");
            rules.add(new Rule(priority, description == null ? "" : description.toString(), status, prefixes, patterns, type, count));
        }
        if (rules.isEmpty()) {
            throw new InvalidPolicyException(name, "no rules");
        }
        int highest = rules.stream().mapToInt(Rule::rulePriority).max().orElseThrow();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.tagStatus() == TagStatus.ANY && rule.rulePriority() != highest) {
                throw new InvalidPolicyException(prefix + "rules[" + i + "]", "rule " + rule.rulePriority()
                        + ": a tagStatus any rule must have the highest rulePriority (be evaluated last)");
            }
        }
        return new EcrLifecyclePolicy(rules);
    }

    private static int integer(Object value, String field) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new InvalidPolicyException(field, "must be an integer, got " + value);
    }

    private static List<String> strings(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String s) || s.isEmpty())) {
            throw new InvalidPolicyException(field, "must be a list of non-empty strings");
        }
        return list.stream().map(Object::toString).toList();
    }
}
