package dev.tagline.policy.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.policy.InvalidPolicyException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every {@code test.each} row of docker/metadata-action's {@code tag.test.ts}, {@code flavor.test.ts} and
 * {@code image.test.ts} ({@code src/test/resources/metadata-action}): a rule parsed by {@link TagRule} shows
 * the attributes upstream's {@code Parse} gives (defaults filled in), flavors and images parse to upstream's
 * values, and what upstream rejects is an {@link InvalidPolicyException} here.
 */
class UpstreamParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = UpstreamParserTest.class.getResourceAsStream("/metadata-action/parser.test.cases.json")) {
            List<Arguments> out = new ArrayList<>();
            int i = 0;
            for (JsonNode c : JSON.readTree(in)) {
                out.add(Arguments.of(c.path("suite").asText() + "/" + c.path("group").asText() + "#" + (++i), c));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAsUpstream(String name, JsonNode c) {
        List<String> input = new ArrayList<>();
        if (c.path("input").isArray()) {
            c.path("input").forEach(n -> input.add(n.asText()));
        } else {
            input.add(c.path("input").asText());
        }
        if (c.path("invalid").asBoolean()) {
            assertThrows(InvalidPolicyException.class, () -> parse(c.path("suite").asText(), c.path("group").asText(), input));
            return;
        }
        JsonNode expected = c.path("expected").deepCopy();
        if (c.path("suite").asText().equals("image")) {
            // ImageSpec holds the name as metadata-action prints it (its sanitizeImageName lowercases at output)
            expected.forEach(i -> ((ObjectNode) i).put("name", i.path("name").asText().toLowerCase(java.util.Locale.ROOT)));
        }
        assertEquals(expected, parse(c.path("suite").asText(), c.path("group").asText(), input));
    }

    private static JsonNode parse(String suite, String group, List<String> input) {
        return switch (suite) {
            case "tag" -> group.equals("transform") ? JSON.valueToTree(TagRule.transform(input).stream().map(UpstreamParserTest::tag).toList())
                    : tag(TagRule.parse(input.get(0)));
            case "flavor" -> flavor(Flavor.parse(input));
            case "image" -> JSON.valueToTree(ImageSpec.parse(input).stream().map(i -> {
                ObjectNode o = JSON.createObjectNode();
                o.put("name", i.name());
                o.put("enable", i.enable());
                return o;
            }).toList());
            default -> throw new IllegalArgumentException(suite);
        };
    }

    /** A rule as upstream's {@code Tag}: its type and attributes, defaults included. */
    static ObjectNode tag(TagRule rule) {
        ObjectNode attrs = JSON.createObjectNode();
        String type;
        if (rule instanceof TagRule.Schedule r) {
            type = "schedule";
            attrs.put("pattern", r.pattern().source());
        } else if (rule instanceof TagRule.Semver r) {
            type = "semver";
            versionAttrs(attrs, r.pattern(), r.value(), r.match());
        } else if (rule instanceof TagRule.Pep440 r) {
            type = "pep440";
            versionAttrs(attrs, r.pattern(), r.value(), r.match());
        } else if (rule instanceof TagRule.Match r) {
            type = "match";
            attrs.put("pattern", r.pattern());
            attrs.put("group", String.valueOf(r.group()));
            attrs.put("value", r.value().source());
        } else if (rule instanceof TagRule.Edge r) {
            type = "edge";
            attrs.put("branch", r.branch());
        } else if (rule instanceof TagRule.Ref r) {
            type = "ref";
            attrs.put("event", r.event().name().toLowerCase(java.util.Locale.ROOT));
        } else if (rule instanceof TagRule.Raw r) {
            type = "raw";
            attrs.put("value", r.value().source());
        } else if (rule instanceof TagRule.Sha r) {
            type = "sha";
            attrs.put("format", r.format().name().toLowerCase(java.util.Locale.ROOT));
        } else {
            throw new IllegalArgumentException(rule.toString());
        }
        TagRule.Common common = rule.common();
        attrs.put("enable", common.enable().source());
        attrs.put("priority", String.valueOf(common.priority()));
        if (common.prefix() != null) {
            attrs.put("prefix", common.prefix().source());
        }
        if (common.suffix() != null) {
            attrs.put("suffix", common.suffix().source());
        }
        ObjectNode tag = JSON.createObjectNode();
        tag.put("type", type);
        tag.set("attrs", attrs);
        return tag;
    }

    private static void versionAttrs(ObjectNode attrs, Template pattern, Template value, java.util.regex.Pattern match) {
        attrs.put("pattern", pattern.source());
        attrs.put("value", value.source());
        attrs.put("match", match == null ? "" : match.pattern());
    }

    private static ObjectNode flavor(Flavor f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("latest", f.latest().name().toLowerCase(java.util.Locale.ROOT));
        o.put("prefix", f.prefix().source());
        o.put("prefixLatest", f.prefixLatest());
        o.put("suffix", f.suffix().source());
        o.put("suffixLatest", f.suffixLatest());
        return o;
    }
}
