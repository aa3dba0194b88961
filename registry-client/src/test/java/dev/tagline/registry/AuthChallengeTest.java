package dev.tagline.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthChallengeTest {
    @Test
    void bearerChallengeGivesRealmServiceAndScope() {
        List<AuthChallenge> cs = AuthChallenge.parse(
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:acme/shop:pull\"");
        assertEquals(1, cs.size());
        AuthChallenge c = cs.get(0);
        assertTrue(c.isBearer());
        assertEquals("https://auth.example.com/token", c.param("realm"));
        assertEquals("registry.example.com", c.param("service"));
        assertEquals("repository:acme/shop:pull", c.param("scope"));
    }

    @Test
    void quotedValuesKeepCommasAndEscapedQuotes() {
        AuthChallenge c = AuthChallenge.parse(
                "Bearer realm=\"https://a/token\", scope=\"repository:a/b:pull,push repository:c/d:pull\", error=\"say \\\"hi\\\"\"").get(0);
        assertEquals("repository:a/b:pull,push repository:c/d:pull", c.param("scope"));
        assertEquals("say \"hi\"", c.param("error"));
    }

    @Test
    void severalChallengesInOneHeaderAreSeparated() {
        List<AuthChallenge> cs = AuthChallenge.parse("Basic realm=\"r1\", Bearer realm=\"https://t/token\",service=s");
        assertEquals(2, cs.size());
        assertTrue(cs.get(0).isBasic());
        assertEquals("r1", cs.get(0).param("realm"));
        assertTrue(cs.get(1).isBearer());
        assertEquals("s", cs.get(1).param("service"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "BEARER REALM=\"https://x/t\"|bearer|https://x/t",
            "Bearer realm=https://x/t?a=b|bearer|https://x/t?a=b",
            "Basic realm=\"Registry Realm\"|basic|Registry Realm",
            "  Bearer   realm = \"https://x/t\" |bearer|https://x/t",
    })
    void schemeAndRealmAreReadLeniently(String header, String scheme, String realm) {
        AuthChallenge c = AuthChallenge.parse(header).get(0);
        assertEquals(scheme, c.scheme());
        assertEquals(realm, c.param("realm"));
    }

    @Test
    void junkNeverThrows() {
        for (String junk : new String[]{"", ",,,", "=x", "\"unterminated", "Bearer realm=\"x", "@@@ ;;"}) {
            AuthChallenge.parse(junk);
        }
        assertTrue(AuthChallenge.parse(null).isEmpty());
    }
}
