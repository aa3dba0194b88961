package dev.tagline.policy.release;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code on:} globs: a plain name is compared as text, the same answer its pattern of quoted characters gives. */
class TriggersTest {

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "main|main|true",
            "main|main2|false",
            "main|Main|false",
            "main|''|false",
            "''|''|true",
            "release/1.x|release/1.x|true",
            "release/1.x|release/1yx|false",
            "a+b|a+b|true",
            "a+b|aab|false",
            "(x)|(x)|true",
            "\\Qx\\E|\\Qx\\E|true",
            "release/*|release/1.2|true",
            "release/*|release/1/2|false",
            "release/**|release/1/2|true",
            "v?|v1|true",
            "v?|v/|false",
    })
    void globMatchesAsGit(String glob, String name, boolean matches) {
        assertEquals(matches, Triggers.glob(glob, name));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "main,develop|develop|true",
            "main,release/*|release/2|true",
            "main,release/*|feature/x|false",
            "''|main|false",
    })
    void anyGlobIsTrueWhenOneMatches(String globs, String name, boolean matches) {
        List<String> list = globs.isEmpty() ? List.of() : List.of(globs.split(","));
        assertEquals(matches, Triggers.anyGlob(list, name));
    }
}
