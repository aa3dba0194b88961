package dev.tagline.schema.value;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"latest", "1.4.2", "1.4.2-slim", "sha-1a2b3c4", "_private", "A.b-C_d", "nightly-20261122"})
    void validImageTagsParse(String tag) {
        assertEquals(tag, ImageTag.parse(tag).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "-dash", "has space", "a/b", "x:y", "é"})
    void invalidImageTagsAreRejectedWithTheGrammar(String tag) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ImageTag.parse(tag));
        assertTrue(e.getMessage().startsWith("invalid image tag"), e.getMessage());
    }

    @Test
    void aTagOfMoreThan128CharactersIsRejected() {
        ImageTag.parse("a".repeat(128));
        assertThrows(InvalidValueException.class, () -> ImageTag.parse("a".repeat(129)));
    }

    @ParameterizedTest
    @CsvSource({
            "feature/login, feature-login",
            "refs/heads/main, refs-heads-main",
            "-.leading, leading",
            "a@@b##c, a-b-c",
            "ok_1.2, ok_1.2"})
    void sanitizeTurnsRunsOfUnsafeCharactersIntoOneDash(String raw, String expected) {
        assertEquals(expected, ImageTag.sanitize(raw).value());
    }

    @Test
    void sanitizeCutsTo128AndRefusesWhenNothingIsLeft() {
        assertEquals(128, ImageTag.sanitize("x".repeat(300)).value().length());
        assertThrows(InvalidValueException.class, () -> ImageTag.sanitize("///"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void digestsParse(String digest) {
        assertEquals(digest.substring(7), Digest.parse(digest).hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef"})
    void malformedDigestsAreRejected(String digest) {
        assertThrows(InvalidValueException.class, () -> Digest.parse(digest));
    }

    @Test
    void digestOfBytesIsTheirSha256() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.of(new byte[0]).value());
    }

    @ParameterizedTest
    @CsvSource({
            "refs/heads/main, BRANCH, main",
            "refs/heads/feature/x, BRANCH, feature/x",
            "refs/tags/v1.2.3, TAG, v1.2.3",
            "refs/pull/42/head, PULL_REQUEST, 42",
            "refs/merge-requests/7/head, PULL_REQUEST, 7",
            "refs/notes/commits, OTHER, notes/commits"})
    void gitRefsKnowTheirKindAndShortName(String ref, GitRef.Kind kind, String shortName) {
        GitRef parsed = GitRef.parse(ref);
        assertEquals(kind, parsed.kind());
        assertEquals(shortName, parsed.shortName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "refs/tags/../x", "refs/tags/a..b", "refs/heads/.hidden", "refs/heads/x.lock",
            "refs/heads/a b", "refs/heads/a~1", "refs/heads/a^", "refs/heads/a:b", "refs/heads/a?", "refs/heads/a*",
            "refs/heads/a[", "refs/heads/a\\b", "refs/heads/a@{1}", "refs/heads/", "refs/heads//x", "refs/heads/x.",
            "refs/tags/\u0007bell", "refs/heads"})
    void invalidGitRefsAreRejected(String ref) {
        assertThrows(InvalidValueException.class, () -> GitRef.parse(ref));
    }

    @Test
    void aRefOver255BytesIsRejected() {
        assertThrows(InvalidValueException.class, () -> GitRef.parse("refs/tags/" + "x".repeat(250)));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> GitRef.parse("refs/tags/\u0001"));
        assertTrue(e.getMessage().contains("\\u0001"), "control characters are escaped in messages: " + e.getMessage());
    }

    @Test
    void commitShasAreLowercasedAndTheZeroIdIsNoCommit() {
        assertEquals("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", CommitSha.parse("1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B").value());
        assertEquals("1a2b3c4", CommitSha.parse("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b").shortSha(7));
        assertNull(CommitSha.parseOrNull("0000000000000000000000000000000000000000"));
        assertNull(CommitSha.parseOrNull(null));
        assertThrows(InvalidValueException.class, () -> CommitSha.parse("0000000000000000000000000000000000000000"));
        assertThrows(InvalidValueException.class, () -> CommitSha.parse("1a2b3c4"));
        assertEquals(64, CommitSha.parse("ab".repeat(32)).value().length());
    }

    @ParameterizedTest
    @CsvSource({"linux/amd64, linux, amd64, ", "linux/arm64/v8, linux, arm64, v8", "windows/amd64, windows, amd64, "})
    void platformsParse(String input, String os, String arch, String variant) {
        Platform p = Platform.parse(input);
        assertEquals(os, p.os());
        assertEquals(arch, p.architecture());
        assertEquals(variant, p.variant());
        assertEquals(input, p.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "Linux/amd64", "linux/amd64/v8/extra", "linux//amd64", "/amd64"})
    void malformedPlatformsAreRejected(String input) {
        assertThrows(InvalidValueException.class, () -> Platform.parse(input));
    }

    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/shop.git, github.com/acme/shop",
            "https://GitHub.com/acme/shop/, github.com/acme/shop",
            "git@github.com:acme/shop.git, github.com/acme/shop",
            "ssh://git@gitlab.example.com:2222/group/sub/app.git, gitlab.example.com/group/sub/app",
            "https://gitea.local:3000/team/tool, gitea.local:3000/team/tool",
            "file:///srv/git/shop.git, local/srv/git/shop",
            "/srv/git/shop, local/srv/git/shop"})
    void repositoryIdsComeFromCloneUrls(String url, String id) {
        assertEquals(id, RepositoryId.fromCloneUrl(url).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "github.com/", "GitHub.com/acme/shop", "github.com/acme/../x", "github.com/acme/shop.git",
            "github.com/acme//shop", "github.com/ac me/shop"})
    void invalidRepositoryIdsAreRejected(String id) {
        assertThrows(InvalidValueException.class, () -> RepositoryId.of(id));
    }

    /** The id's host and path rules, as the regular expressions they were written as before (RepositoryId checks them by hand). */
    @Test
    void repositoryIdsAreAcceptedExactlyAsTheRegularExpressionsSay() {
        java.util.regex.Pattern host = java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
        java.util.regex.Pattern segment = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");
        String alphabet = "aZ9.-_:/ 0";
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder id = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int i = 0; i < length; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = id.toString();
            int slash = candidate.indexOf('/');
            boolean expected = slash > 0 && slash < candidate.length() - 1 && host.matcher(candidate.substring(0, slash)).matches()
                    && java.util.Arrays.stream(candidate.substring(slash + 1).split("/", -1))
                    .allMatch(seg -> segment.matcher(seg).matches() && !seg.equals(".") && !seg.equals(".."))
                    && !candidate.endsWith(".git");
            boolean accepted;
            try {
                RepositoryId.of(candidate);
                accepted = true;
            } catch (InvalidValueException e) {
                accepted = false;
            }
            assertEquals(expected, accepted, candidate);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:5000/acme/shop, 127.0.0.1:5000, acme/shop",
            "ghcr.io/acme/shop, ghcr.io, acme/shop",
            "localhost/app, localhost, app",
            "acme/shop, docker.io, acme/shop",
            "nginx, docker.io, library/nginx",
            "registry.example.com/a/b/c-d__e.f, registry.example.com, a/b/c-d__e.f"})
    void imageRepositoriesFollowTheDistributionGrammarAndDockerDefaults(String input, String registry, String name) {
        ImageRepository repo = ImageRepository.parse(input);
        assertEquals(registry, repo.registry());
        assertEquals(name, repo.name());
        assertEquals(registry + "/" + name + ":latest", repo.withTag(ImageTag.parse("latest")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/Acme/shop", "ghcr.io/acme/shop:1.0", "ghcr.io/acme/shop@sha256:abc", "ghcr.io/acme/-shop",
            "ghcr.io/acme/shop_", "ghcr.io/acme/sh___op", ""})
    void invalidImageRepositoriesAreRejected(String input) {
        assertThrows(InvalidValueException.class, () -> ImageRepository.parse(input));
    }
}
