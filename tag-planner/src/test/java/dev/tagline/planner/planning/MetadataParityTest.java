package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 17's items as tables: prereleases in history mode, current upstream syntax, no ref / no commit,
 * the version sanitized like the tags, the short-sha length, a duplicated {@code latest}, and the
 * additions (monorepo components, CalVer, a kept {@code v} prefix). Each row plays git tags in order
 * ({@code -tag} deletes one) and checks the last decision's version and tags.
 */
class MetadataParityTest {
    private static final String SHA = "860c1904a1ce19322e91ac35af1ab07466440c37";

    static ReleasePolicy policy(String floating, List<String> tags, String extra) {
        StringBuilder yaml = new StringBuilder("repository: github.com/acme/mono\ndefaultBranch: main\nfloatingTags: " + floating + "\n"
                + "images: [registry.acme.dev/acme/mono]\ntags:\n");
        tags.forEach(t -> yaml.append("  - '").append(t.replace("'", "''")).append("'\n"));
        yaml.append(extra);
        return PolicyParser.parse("mono.yml", yaml.toString());
    }

    /** Plays {@code refs} (tags; {@code -x} deletes tag x; {@code refs/...} a full ref) and gives the last decision. */
    static Decision play(ReleasePolicy policy, List<String> refs) {
        ReleaseHistory history = ReleaseHistory.empty();
        Decision last = null;
        int n = 0;
        for (String r : refs) {
            n++;
            Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n * 60L);
            PlanRequest req;
            if (r.startsWith("-")) {
                req = new PlanRequest(GitRef.tag(r.substring(1)), RefChange.DELETED, "push", null, null, t, null, null, null);
            } else {
                GitRef ref = r.startsWith("refs/") ? GitRef.parse(r) : GitRef.tag(r);
                req = new PlanRequest(ref, RefChange.CREATED, "push", CommitSha.parse(Scenario.sha(n)), t, t, null, null, null);
            }
            last = TagPlanner.decide(req, policy, history);
            history = last.history();
        }
        return last;
    }

    static List<String> tags(Decision d) {
        List<String> out = new ArrayList<>();
        d.variants().forEach(v -> out.addAll(v.tags()));
        return out;
    }

    static Arguments row(String name, String floating, List<String> tags, String extra, List<String> refs, String version, String... expected) {
        return Arguments.of(name, floating, tags, extra, refs, version, List.of(expected));
    }

    static final List<String> SEMVER3 = List.of("type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}",
            "type=semver,pattern={{major}}");

    static Stream<Arguments> rows() {
        return Stream.of(
                // 1. prereleases in history mode: only a version rule's prerelease is barred from latest
                row("match prerelease takes latest (README table)", "history", List.of("type=match,\"pattern=\\d.\\d.\\d-(alpha|beta).\\d+\""), "",
                        List.of("v2.0.8-beta.67"), "2.0.8-beta.67", "2.0.8-beta.67", "latest"),
                row("ref,event=tag prerelease takes latest", "history", List.of("type=ref,event=tag"), "",
                        List.of("v2.0.8-beta.67"), "v2.0.8-beta.67", "v2.0.8-beta.67", "latest"),
                row("ref,event=tag prerelease below a final release: latest stays", "history", List.of("type=ref,event=tag"), "",
                        List.of("v2.0.8", "v2.0.8-beta.67"), "v2.0.8-beta.67", "v2.0.8-beta.67"),
                row("semver prerelease never takes latest", "history", SEMVER3, "", List.of("v2.0.8-beta.67"), "2.0.8-beta.67", "2.0.8-beta.67"),
                row("semver prerelease with latest=true: still not", "history", SEMVER3, "flavor: [latest=true]\n", List.of("v2.0.8-beta.67"),
                        "2.0.8-beta.67", "2.0.8-beta.67"),
                row("stateless: metadata-action exactly", "stateless", List.of("type=semver,pattern={{version}}"), "flavor: [latest=true]\n",
                        List.of("v2.0.8-beta.67"), "2.0.8-beta.67", "2.0.8-beta.67", "latest"),
                // 2. current upstream syntax loads and works
                row("is_not_default_branch", "history", List.of("type=raw,value=notdefault,enable={{is_not_default_branch}}",
                        "type=raw,value=default,enable={{is_default_branch}}"), "", List.of("refs/heads/dev"), "notdefault", "notdefault"),
                row("is_not_default_branch on the default branch", "history", List.of("type=raw,value=notdefault,enable={{is_not_default_branch}}",
                        "type=raw,value=default,enable={{is_default_branch}}"), "", List.of("refs/heads/main"), "default", "default"),
                row("semver match=", "history", List.of("type=semver,pattern={{version}},\"match=v(\\d.\\d.\\d)$\""), "", List.of("p1/v1.0.0"),
                        "1.0.0", "1.0.0", "latest"),
                row("pep440 match=", "history", List.of("type=pep440,pattern={{major}}.{{minor}},\"match=^rel-(.*)$\""), "", List.of("rel-1.2.3"),
                        "1.2", "1.2", "latest"),
                row("semver match= that does not match keeps the tag", "history", List.of("type=semver,pattern={{version}},match=^x(.*)$"), "",
                        List.of("v1.2.3"), "1.2.3", "1.2.3", "latest"),
                // 4. the version is sanitized like the tags
                row("version without a leading dash", "history", List.of("type=raw,value=-foo"), "", List.of("refs/heads/main"), "foo", "foo"),
                row("version cut at 128 like the tag", "history", List.of("type=raw,value=" + "a".repeat(140)), "", List.of("refs/heads/main"),
                        "a".repeat(128), "a".repeat(128)),
                // 5. the short sha length
                row("shortShaLength", "history", List.of("type=sha", "type=raw,value=b-{{sha}}"), "shortShaLength: 12\n", List.of("refs/heads/main"),
                        "b-" + Scenario.sha(1).substring(0, 12), "b-" + Scenario.sha(1).substring(0, 12), "sha-" + Scenario.sha(1).substring(0, 12)),
                // 6. a duplicated latest is one tag (upstream lists it twice)
                row("duplicated latest collapsed", "stateless", List.of("type=semver,pattern={{version}}", "type=raw,value=latest"), "",
                        List.of("v1.2.3"), "1.2.3", "1.2.3", "latest"),
                // v prefix kept, also on prereleases
                row("v prefix on every tag", "history", List.of("type=semver,pattern=v{{version}}", "type=semver,pattern=v{{major}}.{{minor}}",
                        "type=semver,pattern=v{{major}}"), "", List.of("v1.2.3"), "v1.2.3", "v1.2.3", "v1.2", "v1", "latest"),
                row("v prefix kept on a prerelease", "history", List.of("type=semver,pattern=v{{version}}", "type=semver,pattern=v{{major}}.{{minor}}",
                        "type=semver,pattern=v{{major}}"), "", List.of("v2.0.0-rc.1"), "v2.0.0-rc.1", "v2.0.0-rc.1"),
                row("pep440 v prefix on a prerelease", "history", List.of("type=pep440,pattern=v{{version}}"), "", List.of("1.2.3rc2"),
                        "v1.2.3rc2", "v1.2.3rc2"),
                // monorepo components
                row("component app/v1.2.3", "history", SEMVER3, COMPONENTS, List.of("app/v1.2.3"), "1.2.3", "1.2.3", "1.2", "1", "latest"),
                row("component app-v1.2.3", "history", SEMVER3, COMPONENTS, List.of("app-v1.2.3"), "1.2.3", "1.2.3", "1.2", "1", "latest"),
                row("component history is its own", "history", SEMVER3, COMPONENTS, List.of("api/v3.0.0", "app/v1.2.3"), "1.2.3",
                        "1.2.3", "1.2", "1", "latest"),
                row("component backport", "history", SEMVER3, COMPONENTS, List.of("app/v1.3.0", "api/v0.1.0", "app/v1.2.9"), "1.2.9", "1.2.9", "1.2"),
                row("component tag rules of its own", "history", SEMVER3, COMPONENTS, List.of("web/2024.05.01"), "2024.05.01", "2024.05.01", "latest"),
                row("component retraction re-points within the component", "history", SEMVER3, COMPONENTS,
                        List.of("app/v1.2.0", "api/v9.0.0", "app/v1.3.0", "-app/v1.3.0"), "1.2.0", "1.2", "1", "latest"),
                row("top-level tags keep the top-level policy", "history", SEMVER3, COMPONENTS, List.of("app/v2.0.0", "v1.0.0"), "1.0.0",
                        "1.0.0", "1.0", "1", "latest"),
                // CalVer
                row("calver YYYY.0M.0D", "history", List.of("type=calver,format=YYYY.0M.0D,pattern={{version}}"), "", List.of("2024.05.01"),
                        "2024.05.01", "2024.05.01", "latest"),
                row("calver orders by number: 10 after 09", "history", List.of("type=calver,format=YYYY.0M.0D,pattern={{version}}"), "",
                        List.of("2024.10.01", "2024.09.30"), "2024.09.30", "2024.09.30"),
                row("calver month without the zero the scheme needs", "history", List.of("type=calver,format=YYYY.0M.0D,pattern={{version}}"), "",
                        List.of("2024.5.1"), ""),
                row("calver MM refuses a leading zero", "history", List.of("type=calver,format=YYYY.MM.MICRO,pattern={{version}}"), "",
                        List.of("2024.05.1"), ""),
                row("calver YYYY.MINOR.MICRO floating minor", "history", List.of("type=calver,format=YYYY.MINOR.MICRO,pattern={{version}}",
                        "type=calver,format=YYYY.MINOR.MICRO,pattern={{major}}.{{minor}}", "type=calver,format=YYYY.MINOR.MICRO,pattern={{major}}"),
                        "", List.of("2024.3.0", "2024.2.7"), "2024.2.7", "2024.2.7", "2024.2"),
                row("calver modifier is a prerelease", "history", List.of("type=calver,format=YYYY.0M.MICRO,pattern={{version}}"), "",
                        List.of("v2024.06.0-rc.1"), "2024.06.0-rc.1", "2024.06.0-rc.1"),
                // the README's CalVer table
                row("README calver 1", "history", CALVER_README.apply("YYYY.0M.0D"), "", List.of("2024.05.01"), "2024.05.01",
                        "2024.05.01", "2024.05", "latest"),
                row("README calver 2", "history", CALVER_README.apply("YYYY.0M.0D"), "", List.of("2024.10.01", "2024.09.30"), "2024.09.30",
                        "2024.09.30", "2024.09"),
                row("README calver 3", "history", CALVER_README.apply("YYYY.MINOR.MICRO"), "", List.of("2024.3.0", "2024.2.7"), "2024.2.7",
                        "2024.2.7", "2024.2"),
                row("README calver 4", "history", CALVER_README.apply("YYYY.0M.MICRO"), "", List.of("v2024.06.0-rc.1"), "2024.06.0-rc.1",
                        "2024.06.0-rc.1"),
                row("calver with v prefix kept", "history", List.of("type=calver,format=YYYY.0M.MICRO,pattern=v{{version}}",
                        "type=calver,format=YYYY.0M.MICRO,pattern=v{{major}}.{{minor}}"), "", List.of("v2024.06.3"), "v2024.06.3",
                        "v2024.06.3", "v2024.06", "latest"));
    }

    static final java.util.function.Function<String, List<String>> CALVER_README = format -> List.of(
            "type=calver,format=" + format + ",pattern={{version}}", "type=calver,format=" + format + ",pattern={{major}}.{{minor}}");

    @org.junit.jupiter.api.Test
    void theReadmesMonorepoExampleDoesWhatItsCommentSays() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int start = readme.indexOf("# A monorepo:");
        String yaml = readme.substring(start, readme.indexOf("```", start));
        ReleasePolicy p = PolicyParser.parse("README.md", yaml);
        assertEquals(List.of("registry.acme.dev/acme/app:1.2.3", "registry.acme.dev/acme/app:1.2", "registry.acme.dev/acme/app:1",
                "registry.acme.dev/acme/app:latest"), play(p, List.of("app/v1.2.3")).variants().get(0).references());
        assertEquals(List.of("registry.acme.dev/acme/web:2024.05.01", "registry.acme.dev/acme/web:latest"),
                play(p, List.of("web-2024.05.01")).variants().get(0).references());
        assertEquals("registry.acme.dev/acme/mono:1.0.0", play(p, List.of("v1.0.0")).variants().get(0).references().get(0));
    }

    @ParameterizedTest(name = "history {0}, pushed {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
            "2024.10.01; 2024.09.30; 2024.09.30 2024.09",
            "2024.09.01; 2024.09.30; 2024.09.30 2024.09 latest",
            "2024.9.1; 2024.09.30; 2024.09.30 2024.09 latest",
            "2025.1.0; 2024.12.31; 2024.12.31 2024.12"})
    void aCalverReleaseAgainstAHistoryOfPlainVersions(String released, String pushed, String expected) {
        ReleasePolicy p = policy("history", CALVER_README.apply("YYYY.0M.0D"), "");
        Decision d = TagPlanner.decide(new PlanRequest(GitRef.tag(pushed), RefChange.CREATED, "push", CommitSha.parse(SHA), Instant.EPOCH,
                Instant.EPOCH, null, null, null), p, ReleaseHistory.ofVersions(List.of(released)));
        assertEquals(List.of(expected.split(" ")), tags(d));
    }

    static final String COMPONENTS = """
            components:
              - name: app
                images: [registry.acme.dev/acme/app]
              - name: api
                images: [registry.acme.dev/acme/api]
              - name: web
                images: [registry.acme.dev/acme/web]
                tags: ['type=calver,format=YYYY.0M.0D,pattern={{version}}']
            """;

    @org.junit.jupiter.api.Test
    void aComponentTagBuildsTheComponentsImageAtTheWholeTag() {
        Decision d = play(policy("history", SEMVER3, COMPONENTS), List.of("app/v1.2.3"));
        assertEquals(GitRef.tag("app/v1.2.3"), d.ref());
        assertEquals("app", d.variants().get(0).spec().name());
        assertEquals(List.of("registry.acme.dev/acme/app:1.2.3", "registry.acme.dev/acme/app:1.2", "registry.acme.dev/acme/app:1",
                "registry.acme.dev/acme/app:latest"), d.variants().get(0).references());
        assertEquals("1.2.3", d.labels().get("org.opencontainers.image.version"));
        assertEquals("app/v1.2.3", d.history().releases().get(0).tag());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void plays(String name, String floating, List<String> tagRules, String extra, List<String> refs, String version, List<String> expected) {
        Decision d = play(policy(floating, tagRules, extra), refs);
        assertEquals(version, d.version(), "version");
        assertEquals(expected, tags(d), "tags");
    }
}
