package dev.tagline.policy.release;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rendering: a template without mustaches is its text (rendered for every event, without asking the scope). */
class TemplateTest {
    /** Knows {@code name} only; any other name is unknown (renders as nothing). */
    private static final Template.Scope SCOPE = (name, params, hash) -> name.equals("name") ? "<x>" : null;

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "''|''",
            "true|true",
            "sha-|sha-",
            "a{{! a comment }}b|ab",
            "{{! only a comment }}|''",
            "{{name}}|&lt;x&gt;",
            "{{{name}}}|<x>",
            "v{{name}}-{{other}}|v&lt;x&gt;-",
    })
    void renders(String source, String expected) {
        assertEquals(expected, Template.parse(source).render(SCOPE));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {"''", "true", "a{{! c }}b"})
    void aTemplateWithoutMustachesNeverAsksTheScope(String source) {
        Template.Scope refusing = new Template.Scope() {
            @Override
            public String resolve(String name, List<String> params, Map<String, String> hash) {
                throw new AssertionError("asked for " + name);
            }
        };
        assertEquals(Template.parse(source).render(SCOPE), Template.parse(source).render(refusing));
    }
}
