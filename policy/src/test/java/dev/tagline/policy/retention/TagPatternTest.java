package dev.tagline.policy.retention;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TagPatternTest {
    @Test
    void patternsOfOneKindAreEqualByTheirText() {
        assertEquals(Glob.parse("sha-*"), Glob.parse("sha-*"));
        assertEquals(Glob.parse("sha-*").hashCode(), Glob.parse("sha-*").hashCode());
        assertEquals(TagPattern.regex("^sha-"), TagPattern.regex("^sha-"));
        assertNotEquals(TagPattern.regex("^sha-"), TagPattern.regex("^pr-"));
        assertEquals("sha-*", Glob.parse("sha-*").toString());
        assertEquals("/^sha-/", TagPattern.regex("^sha-").toString());
    }

    @Test
    void aGlobAndARegexWithTheSameTextAreNotEqualEitherWay() {
        TagPattern glob = Glob.parse("/x/");
        TagPattern regex = TagPattern.regex("x");
        assertEquals(glob.text(), regex.text());
        assertNotEquals(glob, regex);
        assertNotEquals(regex, glob);
    }
}
