package dev.tagline.policy.conventional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConventionalCommitTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "feat: add login                 | feat  | -    | add login        | false",
            "fix(api): handle null           | fix   | api  | handle null      | false",
            "feat(ui)!: drop IE              | feat  | ui   | drop IE          | true",
            "refactor!: rewrite core         | refactor | - | rewrite core     | true",
            "FEAT: upper case type           | feat  | -    | upper case type  | false",
            "perf(db): faster index          | perf  | db   | faster index     | false",
            "feat(): empty scope             | feat  | -    | empty scope      | false",
            "Update README                   | ''    | -    | Update README    | false",
            "feat:no space                   | ''    | -    | feat:no space    | false",
    })
    void headers(String subject, String type, String scope, String description, boolean breaking) {
        ConventionalCommit c = ConventionalCommit.parse(subject, "");
        assertEquals(type, c.type());
        assertEquals(scope, c.scope());
        assertEquals(description, c.description());
        assertEquals(breaking, c.breaking());
    }

    @Test
    void breakingChangeFooterInEitherSpellingIsBreaking() {
        ConventionalCommit a = ConventionalCommit.parse("feat: new config", "Explain.\n\nBREAKING CHANGE: the old key is gone\nRefs: #12");
        assertTrue(a.breaking());
        assertEquals(List.of("the old key is gone"), a.breakingNotes());
        assertEquals(List.of(new ConventionalCommit.Footer("BREAKING CHANGE", "the old key is gone"), new ConventionalCommit.Footer("Refs", "#12")),
                a.footers());
        ConventionalCommit b = ConventionalCommit.parse("fix: x", "BREAKING-CHANGE: y");
        assertTrue(b.breaking());
        assertEquals(List.of("y"), b.breakingNotes());
    }

    @Test
    void aFooterContinuesOverLinesAndABodyParagraphIsNoFooter() {
        ConventionalCommit c = ConventionalCommit.parse("feat: x", "BREAKING CHANGE: first line\n  second line");
        assertEquals(List.of("first line\n  second line"), c.breakingNotes());
        ConventionalCommit prose = ConventionalCommit.parse("feat: x", "This is prose: it mentions a colon.\nAnd more.");
        assertFalse(prose.breaking());
        assertEquals(List.of(), prose.footers());
    }

    @Test
    void gitRevertNamesTheRevertedCommit() {
        ConventionalCommit r = ConventionalCommit.parse("Revert \"feat: add login\"",
                "This reverts commit 1234567890abcdef1234567890abcdef12345678.");
        assertEquals("revert", r.type());
        assertEquals("feat: add login", r.description());
        assertEquals("1234567890abcdef1234567890abcdef12345678", r.reverts());
        ConventionalCommit plain = ConventionalCommit.parse("revert: undo thing", "");
        assertEquals("revert", plain.type());
        assertNull(plain.reverts());
    }
}
