package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** metadata-action's {@code __tests__/tag.test.ts} and {@code flavor.test.ts}, ported. */
class TagRuleTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("type=schedule,enable=true,pattern={{date 'YYYYMMDD'}}", TagRule.Schedule.class, 1000, "{{date 'YYYYMMDD'}}"),
                Arguments.of("type=schedule,enable=true,pattern={{date 'YYYYMMDD' tz='Asia/Tokyo'}}", TagRule.Schedule.class, 1000,
                        "{{date 'YYYYMMDD' tz='Asia/Tokyo'}}"),
                Arguments.of("type=schedule", TagRule.Schedule.class, 1000, "nightly"),
                Arguments.of("type=semver,enable=true,pattern={{version}}", TagRule.Semver.class, 900, "{{version}}"),
                Arguments.of("type=semver,priority=1,enable=true,pattern={{version}}", TagRule.Semver.class, 1, "{{version}}"),
                Arguments.of("type=semver,priority=1,enable=true,pattern={{version}},value=v1.0.0", TagRule.Semver.class, 1, "{{version}}"),
                Arguments.of("type=pep440,pattern={{raw}}", TagRule.Pep440.class, 900, "{{raw}}"),
                Arguments.of("type=match,enable=true,pattern=v(.*),group=1", TagRule.Match.class, 800, "v(.*)"),
                Arguments.of("type=match,enable=true,\"pattern=^v(\\d.\\d.\\d)$\",group=1", TagRule.Match.class, 800, "^v(\\d.\\d.\\d)$"),
                Arguments.of("type=match,priority=700,enable=true,pattern=v(.*),group=1", TagRule.Match.class, 700, "v(.*)"),
                Arguments.of("type=edge", TagRule.Edge.class, 700, null),
                Arguments.of("type=edge,enable=true,branch=master", TagRule.Edge.class, 700, null),
                Arguments.of("type=ref,event=tag", TagRule.Ref.class, 600, null),
                Arguments.of("type=ref,event=branch", TagRule.Ref.class, 600, null),
                Arguments.of("type=ref,event=pr", TagRule.Ref.class, 600, null),
                Arguments.of("acustomtag", TagRule.Raw.class, 200, null),
                Arguments.of("type=raw,value=acustomtag2", TagRule.Raw.class, 200, null),
                Arguments.of("type=raw,enable=false,value=acustomtag5", TagRule.Raw.class, 200, null),
                Arguments.of("type=sha", TagRule.Sha.class, 100, null),
                Arguments.of("type=sha,format=long", TagRule.Sha.class, 100, null),
                Arguments.of("type=sha,prefix=", TagRule.Sha.class, 100, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesWithDefaults(String line, Class<? extends TagRule> type, int priority, String pattern) {
        TagRule rule = TagRule.parse(line);
        assertInstanceOf(type, rule);
        assertEquals(priority, rule.priority());
        if (rule instanceof TagRule.Semver s) {
            assertEquals(pattern, s.pattern().source());
        } else if (rule instanceof TagRule.Schedule s) {
            assertEquals(pattern, s.pattern().source());
        } else if (rule instanceof TagRule.Match m) {
            assertEquals(pattern, m.pattern());
        }
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "type=match,enable=true,pattern=v(.*),group=foo | invalid match group 'foo'",
            "type=ref,event=foo | invalid event 'foo'",
            "type=ref | missing event attribute",
            "type=raw | missing value attribute",
            "type=semver | missing pattern attribute",
            "type=pep440 | missing pattern attribute",
            "type=match | missing pattern attribute",
            "type=foo | unknown tag type 'foo'",
            "type=sha,format=foo | invalid format 'foo'",
            "type=sha,priority=high | priority must be an integer",
            "type=semver,patern={{version}} | unknown attribute 'patern'",
            "type=raw,value=x,enable=maybe | enable must be true, false or a template",
            "type=raw,value={{date 'YYYY' zone='UTC'}} | unknown zone attribute of date",
            "type=raw,value={{date 'YYYY' tz='Mars/Olympus'}} | unknown time zone 'Mars/Olympus'",
            "type=raw,value={{branch | is never closed",
            "type=match,pattern=v(( | invalid pattern",
            "type=semver,pattern={{version}},match=v\\d | needs a capturing group",
            "type=semver,pattern={{version}},match=v(\\d | invalid pattern",
            "type=calver,pattern={{version}} | missing format attribute",
            "type=calver,format=YYYY.0M.0D | missing pattern attribute",
            "type=calver,format=YYYY.MON.0D,pattern={{version}} | unknown token 'MON'",
            "type=calver,format=YYYY..0D,pattern={{version}} | calver",
            "type=match,pattern=v(.*),match=x(.*) | unknown attribute 'match'"})
    void badRulesAreRejectedNamingTheRuleAndTheProblem(String line, String problem) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> TagRule.parse(line));
        assertTrue(e.getMessage().contains("tag rule '" + line + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void shaDefaultsToPrefixShaAndShortFormat() {
        TagRule.Sha sha = (TagRule.Sha) TagRule.parse("type=sha");
        assertEquals("sha-", sha.common().prefix().source());
        assertEquals(TagRule.ShaFormat.SHORT, sha.format());
        assertEquals("", ((TagRule.Sha) TagRule.parse("type=sha,prefix=")).common().prefix().source());
    }

    @Test
    void pullRequestRefDefaultsToPrefixPr() {
        assertEquals("pr-", TagRule.parse("type=ref,event=pr").common().prefix().source());
        assertNull(TagRule.parse("type=ref,event=branch").common().prefix());
    }

    @Test
    void transformSortsByPriorityStably() {
        List<TagRule> rules = TagRule.transform(List.of("type=ref,event=branch", "type=ref,event=tag", "type=ref,event=pr", "type=schedule",
                "type=sha", "type=raw,foo", "type=edge", "type=semver,pattern={{version}}", "type=match,\"pattern=\\d.\\d.\\d\",group=0"));
        assertEquals(List.of("schedule", "semver", "match", "edge", "ref:BRANCH", "ref:TAG", "ref:PR", "raw", "sha"),
                rules.stream().map(TagRuleTest::kind).toList());
    }

    @Test
    void emptyTagListIsMetadataActionsDefault() {
        assertEquals(List.of("schedule", "ref:BRANCH", "ref:TAG", "ref:PR"), TagRule.transform(List.of()).stream().map(TagRuleTest::kind).toList());
    }

    @Test
    void rawStatementIsOnlyASingleRawMustache() {
        assertTrue(Template.parse("{{ raw }}").isSingle("raw"));
        assertTrue(Template.parse("{{ raw}}").isSingle("raw"));
        assertTrue(Template.parse("{{raw}}").isSingle("raw"));
        assertFalse(Template.parse("{{ raw }}.{{ version }}").isSingle("raw"));
        assertThrows(InvalidPolicyException.class, () -> Template.parse("{{ version }},{{raw }."));
    }

    @Test
    void flavorParsesLatestPrefixSuffixAndOnLatest() {
        Flavor f = Flavor.parse(List.of("latest=false", "prefix=foo-,onlatest=true", "suffix=-bar"));
        assertEquals(Flavor.Latest.FALSE, f.latest());
        assertEquals("foo-", f.prefix().source());
        assertTrue(f.prefixLatest());
        assertEquals("-bar", f.suffix().source());
        assertFalse(f.suffixLatest());
        assertEquals(Flavor.Latest.AUTO, Flavor.parse(List.of()).latest());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"latest=foo | latest must be auto, true or false", "foo=bar | unknown flavor entry",
            "prefix=x,onlatest=maybe | onlatest must be true or false", "nolatest | invalid flavor entry"})
    void badFlavorIsRejected(String line, String problem) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> Flavor.parse(List.of(line)));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void imagesAcceptTheOldCommaFormatAndTheAttributeFormat() {
        assertEquals(List.of(new ImageSpec("user/app", true), new ImageSpec("ghcr.io/user/app", true)),
                ImageSpec.parse(List.of("user/app,ghcr.io/USER/app")));
        assertEquals(List.of(new ImageSpec("org/app", true), new ImageSpec("ghcr.io/user/app", false)),
                ImageSpec.parse(List.of("org/app", "name=ghcr.io/user/app,enable=false")));
        assertThrows(InvalidPolicyException.class, () -> ImageSpec.parse(List.of("name=a", "enable=false")));
    }

    private static String kind(TagRule r) {
        return r instanceof TagRule.Ref ref ? "ref:" + ref.event() : r.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT).replace("pep440", "pep440");
    }

    /** flavor.test.ts: lines, then latest / prefix / prefixLatest / suffix / suffixLatest, or "invalid". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "randomstr;latest=auto | invalid",
            "unknwown=foo | invalid",
            "latest | invalid",
            "latest=foo | invalid",
            "latest=true | TRUE,,false,,false",
            "latest=false | FALSE,,false,,false",
            "latest=auto | AUTO,,false,,false",
            "prefix=sha- | AUTO,sha-,false,,false",
            "suffix=-alpine | AUTO,,false,-alpine,false",
            "latest=false;prefix=dev-;suffix=-alpine | FALSE,dev-,false,-alpine,false",
            "prefix=dev-,onlatest=true | AUTO,dev-,true,,false",
            "suffix=-alpine,onlatest=true | AUTO,,false,-alpine,true",
            "prefix=dev-,onlatest=true;suffix=-alpine,onlatest=true | AUTO,dev-,true,-alpine,true",
            "'prefix= ' | AUTO,,false,,false"})
    void flavorTransformAsMetadataAction(String lines, String expected) {
        List<String> input = List.of(lines.split(";"));
        if (expected.equals("invalid")) {
            assertThrows(InvalidPolicyException.class, () -> Flavor.parse(input));
            return;
        }
        String[] e = expected.split(",", -1);
        Flavor f = Flavor.parse(input);
        assertEquals(Flavor.Latest.valueOf(e[0]), f.latest());
        assertEquals(e[1], f.prefix().source());
        assertEquals(Boolean.parseBoolean(e[2]), f.prefixLatest());
        assertEquals(e[3], f.suffix().source());
        assertEquals(Boolean.parseBoolean(e[4]), f.suffixLatest());
    }
}
