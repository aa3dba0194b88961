package dev.tagline.planner.planning;

import dev.tagline.policy.release.ReleasePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Cases of docker/metadata-action's own {@code __tests__/meta.test.ts}, ported as a table: the same
 * fixture, inputs, expected version and tags, with {@code floatingTags: stateless} (exact
 * metadata-action behaviour, no release history).
 */
class MetadataActionCompatibilityTest {
    private static final List<String> NONE = List.of();
    private static final List<String> USER_APP = List.of("user/app");
    private static final List<String> TWO = List.of("org/app", "ghcr.io/user/app");

    static Stream<Arguments> cases() {
        return Stream.of(
                // push
                row("push01", "push_dev", USER_APP, NONE, NONE, "dev", "user/app:dev"),
                row("push02", "push_master", USER_APP, List.of("type=edge"), NONE, "edge", "user/app:edge"),
                row("push03", "push_master", USER_APP, NONE, NONE, "master", "user/app:master"),
                row("push04", "workflow_dispatch", USER_APP, List.of("type=edge"), NONE, "edge", "user/app:edge"),
                row("push05", "push_dev", TWO, NONE, NONE, "dev", "org/app:dev", "ghcr.io/user/app:dev"),
                row("push06", "push_master", TWO, List.of("type=edge"), NONE, "edge", "org/app:edge", "ghcr.io/user/app:edge"),
                row("push07", "push_dev", TWO, List.of("type=ref,event=branch", "type=sha"), NONE, "dev",
                        "org/app:dev", "org/app:sha-860c190", "ghcr.io/user/app:dev", "ghcr.io/user/app:sha-860c190"),
                row("push08", "push_master", TWO, List.of("type=edge", "type=sha"), NONE, "edge",
                        "org/app:edge", "org/app:sha-2665741", "ghcr.io/user/app:edge", "ghcr.io/user/app:sha-2665741"),
                row("push09", "push_dev", TWO, List.of("type=edge,branch=dev", "type=sha"), NONE, "edge",
                        "org/app:edge", "org/app:sha-860c190", "ghcr.io/user/app:edge", "ghcr.io/user/app:sha-860c190"),
                row("push10", "push_master", TWO, List.of("type=edge,branch=dev", "type=sha"), NONE, "sha-2665741",
                        "org/app:sha-2665741", "ghcr.io/user/app:sha-2665741"),
                row("push12", "push_dev", TWO, List.of("type=semver,pattern={{version}}", "type=pep440,pattern={{version}}", "type=edge,branch=master"),
                        NONE, ""),
                row("push13", "push_master", USER_APP, List.of("type=ref,priority=2000,event=branch", "type=edge"), NONE, "master",
                        "user/app:master", "user/app:edge"),
                row("push14", "push_master", USER_APP, List.of("type=semver,pattern={{version}},value=v1.2.3",
                        "type=pep440,pattern={{version}},value=v1.2.3", "type=edge"), NONE, "1.2.3",
                        "user/app:1.2.3", "user/app:edge", "user/app:latest"),
                row("push15", "push_master", USER_APP, List.of("type=match,pattern=v(.*),group=1,value=v1.2.3", "type=edge"), NONE, "1.2.3",
                        "user/app:1.2.3", "user/app:edge", "user/app:latest"),
                row("push16", "push_master", USER_APP, List.of("type=match,enable=false,pattern=v(.*),group=1,value=v1.2.3", "type=edge"), NONE,
                        "edge", "user/app:edge"),
                row("push17", "push_master", USER_APP, List.of("type=raw,value=mytag-{{branch}}", "type=raw,value=mytag-{{date 'YYYYMMDD'}}",
                        "type=raw,value=mytag-cd-{{commit_date 'YYYYMMDD'}}",
                        "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "type=raw,value=mytag-tag-{{tag}}",
                        "type=raw,value=mytag-baseref-{{base_ref}}", "type=raw,value=mytag-defbranch,enable={{is_default_branch}}"), NONE,
                        "mytag-master", "user/app:mytag-master", "user/app:mytag-20200110", "user/app:mytag-cd-20200110",
                        "user/app:mytag-20200110-093000", "user/app:mytag-tag-", "user/app:mytag-baseref-", "user/app:mytag-defbranch"),
                row("push18", "push_dev", TWO, List.of("type=ref,event=branch", "type=sha,format=long"), NONE, "dev",
                        "org/app:dev", "org/app:sha-860c1904a1ce19322e91ac35af1ab07466440c37",
                        "ghcr.io/user/app:dev", "ghcr.io/user/app:sha-860c1904a1ce19322e91ac35af1ab07466440c37"),
                row("push19", "push_dev", TWO, List.of("type=edge,branch=master", "type=ref,event=branch,enable=false", "type=sha,format=long",
                        "type=raw,value=defbranch,enable={{is_default_branch}}"), NONE, "sha-860c1904a1ce19322e91ac35af1ab07466440c37",
                        "org/app:sha-860c1904a1ce19322e91ac35af1ab07466440c37", "ghcr.io/user/app:sha-860c1904a1ce19322e91ac35af1ab07466440c37"),
                row("push20", "push_dev", List.of("org/app", "ghcr.io/user/app,enable=false"), List.of("type=edge,branch=master",
                        "type=ref,event=branch,enable=false", "type=sha,format=long"), NONE, "sha-860c1904a1ce19322e91ac35af1ab07466440c37",
                        "org/app:sha-860c1904a1ce19322e91ac35af1ab07466440c37"),
                row("push21", "push_master", NONE, List.of("type=raw,value=mytag-{{branch}}", "type=raw,value=mytag-{{date 'YYYYMMDD'}}",
                        "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "type=raw,value=mytag-src-{{commit_date 'YYYYMMDD'}}",
                        "type=raw,value=mytag-tag-{{tag}}", "type=raw,value=mytag-baseref-{{base_ref}}",
                        "type=raw,value=mytag-defbranch,enable={{is_default_branch}}"), NONE, "mytag-master",
                        "mytag-master", "mytag-20200110", "mytag-20200110-093000", "mytag-src-20200110", "mytag-tag-", "mytag-baseref-",
                        "mytag-defbranch"),
                // tag
                row("tag01", "tag_release1", USER_APP, NONE, NONE, "release1", "user/app:release1", "user/app:latest"),
                row("tag02", "tag_20200110-RC2", USER_APP, NONE, NONE, "20200110-RC2", "user/app:20200110-RC2", "user/app:latest"),
                row("tag03", "tag_20200110-RC2", USER_APP, List.of("type=match,pattern=\\d{8}"), List.of("latest=false"), "20200110",
                        "user/app:20200110"),
                row("tag04", "tag_20200110-RC2", USER_APP, List.of("type=match,pattern=(.*)-RC,group=1"), List.of("latest=false"), "20200110",
                        "user/app:20200110"),
                row("tag05", "tag_v1.1.1", TWO, List.of("type=match,\"pattern=\\d.\\d.\\d\""), NONE, "1.1.1",
                        "org/app:1.1.1", "org/app:latest", "ghcr.io/user/app:1.1.1", "ghcr.io/user/app:latest"),
                row("tag06", "tag_v1.1.1", TWO, List.of("type=match,\"pattern=^v(\\d.\\d.\\d)$\",group=1"), NONE, "1.1.1",
                        "org/app:1.1.1", "org/app:latest", "ghcr.io/user/app:1.1.1", "ghcr.io/user/app:latest"),
                row("tag07", "tag_v2.0.8-beta.67", TWO, List.of("type=match,\"pattern=\\d.\\d.\\d-(alpha|beta).\\d+\""), NONE, "2.0.8-beta.67",
                        "org/app:2.0.8-beta.67", "org/app:latest", "ghcr.io/user/app:2.0.8-beta.67", "ghcr.io/user/app:latest"),
                row("tag08", "tag_v2.0.8-beta.67", TWO, List.of("type=match,\"pattern=\\d.\\d\""), NONE, "2.0",
                        "org/app:2.0", "org/app:latest", "ghcr.io/user/app:2.0", "ghcr.io/user/app:latest"),
                row("tag09", "tag_v2.0.8-beta.67", TWO, List.of("type=match,\"pattern=v(.*)-beta.(.*)\",group=1",
                        "type=match,\"pattern=v(.*)-beta.(.*)\",group=2"), NONE, "2.0.8",
                        "org/app:2.0.8", "org/app:67", "org/app:latest", "ghcr.io/user/app:2.0.8", "ghcr.io/user/app:67", "ghcr.io/user/app:latest"),
                row("tag10", "tag_sometag", TWO, List.of("type=match,\"pattern=\\d.\\d\""), NONE, ""),
                row("tag11", "tag_v1.1.1", TWO, List.of("type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}",
                        "type=semver,pattern={{major}}"), NONE, "1.1.1",
                        "org/app:1.1.1", "org/app:1.1", "org/app:1", "org/app:latest",
                        "ghcr.io/user/app:1.1.1", "ghcr.io/user/app:1.1", "ghcr.io/user/app:1", "ghcr.io/user/app:latest"),
                row("tag12", "tag_v1.1.1", TWO, List.of("type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"),
                        NONE, "1.1.1", "org/app:1.1.1", "org/app:latest", "ghcr.io/user/app:1.1.1", "ghcr.io/user/app:latest"),
                row("tag13", "tag_v2.0.8-beta.67", TWO, List.of("type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"),
                        NONE, "2.0.8-beta.67", "org/app:2.0.8-beta.67", "ghcr.io/user/app:2.0.8-beta.67"),
                row("tag14", "tag_sometag", List.of("ghcr.io/user/app"), List.of("type=ref,event=tag", "type=semver,pattern={{version}}",
                        "type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"), List.of("latest=false"), "sometag",
                        "ghcr.io/user/app:sometag"),
                row("tag15", "tag_v2.0.8-beta.67", TWO, List.of("type=raw,priority=2000,foo", "type=semver,pattern={{version}}",
                        "type=match,\"pattern=\\d.\\d\""), NONE, "foo",
                        "org/app:foo", "org/app:2.0.8-beta.67", "org/app:2.0", "ghcr.io/user/app:foo", "ghcr.io/user/app:2.0.8-beta.67",
                        "ghcr.io/user/app:2.0"),
                row("tag16", "tag_v1.1.1", TWO, List.of("type=raw,priority=2000,foo", "type=ref,event=tag", "type=edge"), NONE, "foo",
                        "org/app:foo", "org/app:v1.1.1", "ghcr.io/user/app:foo", "ghcr.io/user/app:v1.1.1"),
                row("tag17", "tag_p1-v1.0.0", TWO, List.of("type=match,\"pattern=/^v(\\d.\\d.\\d)$/ig\",group=1", "type=match,pattern=\\d.\\d.\\d",
                        "type=match,pattern=\\d.\\d", "type=ref,event=pr", "type=sha"), NONE, "1.0.0",
                        "org/app:1.0.0", "org/app:1.0", "org/app:sha-860c190", "org/app:latest",
                        "ghcr.io/user/app:1.0.0", "ghcr.io/user/app:1.0", "ghcr.io/user/app:sha-860c190", "ghcr.io/user/app:latest"),
                row("tag18", "tag_p1-v1.0.0", TWO, List.of("type=match,pattern=p1/v(\\d.\\d.\\d),group=1", "type=match,pattern=p1/v(\\d.\\d),group=1",
                        "type=match,pattern=p1/v(\\d.\\d),group=3", "type=ref,event=pr", "type=sha"), NONE, "1.0.0",
                        "org/app:1.0.0", "org/app:1.0", "org/app:sha-860c190", "org/app:latest",
                        "ghcr.io/user/app:1.0.0", "ghcr.io/user/app:1.0", "ghcr.io/user/app:sha-860c190", "ghcr.io/user/app:latest"),
                row("tag19", "tag_p1-v1.0.0", TWO, List.of("type=match,pattern=p1/v(\\d.\\d.\\d),group=1", "type=match,pattern=p1/v(\\d.\\d),group=1,suffix=",
                        "type=ref,event=pr", "type=sha"), List.of("suffix=-dev"), "1.0.0-dev",
                        "org/app:1.0.0-dev", "org/app:1.0", "org/app:sha-860c190-dev", "org/app:latest",
                        "ghcr.io/user/app:1.0.0-dev", "ghcr.io/user/app:1.0", "ghcr.io/user/app:sha-860c190-dev", "ghcr.io/user/app:latest"),
                row("tag20", "tag_v1.1.1", TWO, List.of("type=raw,{{tag}}-{{sha}}-foo", "type=raw,{{base_ref}}-foo",
                        "type=raw,defbranch-foo,enable={{is_default_branch}}"), NONE, "v1.1.1-860c190-foo",
                        "org/app:v1.1.1-860c190-foo", "org/app:master-foo", "ghcr.io/user/app:v1.1.1-860c190-foo", "ghcr.io/user/app:master-foo"),
                row("tag21", "tag_v1.1.1", TWO, List.of("type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"),
                        List.of("suffix=-dev,onlatest=true"), "1.1.1-dev",
                        "org/app:1.1.1-dev", "org/app:latest-dev", "ghcr.io/user/app:1.1.1-dev", "ghcr.io/user/app:latest-dev"),
                row("tag22", "tag_v1.1.1", TWO, List.of("type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"),
                        List.of("prefix=foo-,onlatest=true", "suffix=-dev,onlatest=true"), "foo-1.1.1-dev",
                        "org/app:foo-1.1.1-dev", "org/app:foo-latest-dev", "ghcr.io/user/app:foo-1.1.1-dev", "ghcr.io/user/app:foo-latest-dev"),
                row("tag23", "tag_v1.1.1", List.of("org/app"), List.of("type=pep440,pattern={{raw}}", "type=pep440,pattern={{major}}.{{minor}}"),
                        NONE, "v1.1.1", "org/app:v1.1.1", "org/app:1.1", "org/app:latest"),
                row("tag24", "tag_1.2", List.of("org/app"), List.of("type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}"),
                        NONE, "1.2", "org/app:1.2", "org/app:latest"),
                row("tag25", "tag_1.1beta2", TWO, List.of("type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"), NONE,
                        "1.1b2", "org/app:1.1b2", "ghcr.io/user/app:1.1b2"),
                row("tag26", "tag_1.0dev4", TWO, List.of("type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"), NONE,
                        "1.0.dev4", "org/app:1.0.dev4", "ghcr.io/user/app:1.0.dev4"),
                row("tag27", "tag_1.2.3rc2", TWO, List.of("type=pep440,pattern={{raw}}", "type=pep440,pattern={{version}}",
                        "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"), NONE, "1.2.3rc2",
                        "org/app:1.2.3rc2", "ghcr.io/user/app:1.2.3rc2"),
                row("tag28", "tag_v1.1.1", List.of("org/app"), List.of("type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}.{{patch}}",
                        "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"), NONE, "1.1.1",
                        "org/app:1.1.1", "org/app:1.1", "org/app:1", "org/app:latest"),
                row("tag29", "tag_1.2post1", List.of("org/app"), List.of("type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}",
                        "type=pep440,pattern={{major}}"), NONE, "1.2.post1", "org/app:1.2.post1"),
                row("tag30", "tag_sometag", List.of("ghcr.io/user/app"), List.of("type=ref,event=tag", "type=pep440,pattern={{version}}",
                        "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"), List.of("latest=false"), "sometag",
                        "ghcr.io/user/app:sometag"),
                row("tag31", "tag_v2.0.8-beta.67", TWO, List.of("type=semver,pattern={{raw}}"), NONE, "v2.0.8-beta.67",
                        "org/app:v2.0.8-beta.67", "ghcr.io/user/app:v2.0.8-beta.67"),
                row("tag32", "tag_v1.2.3rc2", TWO, List.of("type=pep440,pattern={{raw}}", "type=pep440,pattern={{major}}.{{minor}}"), NONE,
                        "v1.2.3rc2", "org/app:v1.2.3rc2", "org/app:1.2.3rc2", "ghcr.io/user/app:v1.2.3rc2", "ghcr.io/user/app:1.2.3rc2"),
                row("tag33", "tag_v1.1.1", NONE, List.of("type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}.{{patch}}",
                        "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"), NONE, "1.1.1", "1.1.1", "1.1", "1", "latest"),
                // latest
                row("latest01", "tag_release1", USER_APP, List.of("type=match,\"pattern=^release\\d{1,2}\""), NONE, "release1",
                        "user/app:release1", "user/app:latest"),
                row("latest02", "tag_20200110-RC2", USER_APP, List.of("type=match,\"pattern=^\\d+-RC\\d{1,2}\""), NONE, "20200110-RC2",
                        "user/app:20200110-RC2", "user/app:latest"),
                row("latest03", "tag_20200110-RC2", USER_APP, List.of("type=match,pattern=\\d{8}"), NONE, "20200110",
                        "user/app:20200110", "user/app:latest"),
                row("latest05", "tag_v1.1.1", TWO, NONE, NONE, "v1.1.1",
                        "org/app:v1.1.1", "org/app:latest", "ghcr.io/user/app:v1.1.1", "ghcr.io/user/app:latest"),
                row("latest06", "tag_v2.0.8-beta.67", TWO, List.of("type=match,\"pattern=\\d.\\d.\\d\""), NONE, "2.0.8",
                        "org/app:2.0.8", "org/app:latest", "ghcr.io/user/app:2.0.8", "ghcr.io/user/app:latest"),
                row("latest07", "tag_v1.1.1", TWO, List.of("type=ref,event=tag"), List.of("latest=false"), "v1.1.1",
                        "org/app:v1.1.1", "ghcr.io/user/app:v1.1.1"),
                row("latest08", "tag_v1.1.1", List.of("org/app", "ghcr.io/MyUSER/MyApp"), List.of("type=ref,event=tag"), List.of("latest=false"),
                        "v1.1.1", "org/app:v1.1.1", "ghcr.io/myuser/myapp:v1.1.1"),
                row("latest10", "tag_v2.0.8-beta.67", NONE, List.of("type=match,\"pattern=\\d.\\d.\\d\""), NONE, "2.0.8", "2.0.8", "latest"),
                // pr
                row("pr01", "pull_request", USER_APP, NONE, NONE, "pr-15", "user/app:pr-15"),
                row("pr03", "pull_request", TWO, List.of("type=ref,event=pr", "type=sha"), NONE, "pr-15",
                        "org/app:pr-15", "org/app:sha-a9c8c58", "ghcr.io/user/app:pr-15", "ghcr.io/user/app:sha-a9c8c58"),
                row("pr04", "pull_request", TWO, List.of("type=sha,priority=2000", "type=ref,event=pr"), NONE, "sha-a9c8c58",
                        "org/app:sha-a9c8c58", "org/app:pr-15", "ghcr.io/user/app:sha-a9c8c58", "ghcr.io/user/app:pr-15"),
                row("pr05", "pull_request", TWO, List.of("type=ref,event=pr"), List.of("prefix=glo-", "suffix=-bal"), "pr-15-bal",
                        "org/app:pr-15-bal", "ghcr.io/user/app:pr-15-bal"),
                row("pr06", "pull_request", TWO, List.of("type=ref,event=pr,prefix="), List.of("prefix=glo-", "suffix=-bal"), "15-bal",
                        "org/app:15-bal", "ghcr.io/user/app:15-bal"),
                row("pr09", "pull_request", List.of("org/app"), List.of("type=ref,event=tag", "type=ref,event=pr", "type=ref,event=branch",
                        "type=sha", "type=sha,format=long"), NONE, "pr-15",
                        "org/app:pr-15", "org/app:sha-a9c8c58", "org/app:sha-a9c8c5828b91be19d9728548b24759e352367ef1"),
                row("pr11", "pull_request", List.of("org/app"), List.of("type=raw,value=mytag-{{base_ref}}",
                        "type=raw,mytag-defbranch,enable={{is_default_branch}}"), NONE, "mytag-master", "org/app:mytag-master"),
                row("pr12", "pull_request", List.of("org/app"), List.of("type=raw,value={{commit_date YYYY-MM-DD-HHmmSS}}"), NONE,
                        "2020-01-10T00-30-00Z", "org/app:2020-01-10T00-30-00Z"),
                // schedule
                row("schedule01", "schedule", USER_APP, NONE, NONE, "nightly", "user/app:nightly", "user/app:master"),
                row("schedule02", "schedule", USER_APP, List.of("type=schedule,pattern={{date 'YYYYMMDD'}}",
                        "type=schedule,pattern=source-date-{{commit_date 'YYYY-MM-DD'}}"), NONE, "20200110",
                        "user/app:20200110", "user/app:source-date-2020-01-10"),
                row("schedule03", "schedule", USER_APP, List.of("type=schedule,pattern={{date 'YYYYMMDD-HHmmss'}}"), NONE, "20200110-003000",
                        "user/app:20200110-003000"),
                row("schedule05", "schedule", TWO, List.of("type=schedule", "type=sha"), NONE, "nightly",
                        "org/app:nightly", "org/app:sha-860c190", "ghcr.io/user/app:nightly", "ghcr.io/user/app:sha-860c190"),
                row("schedule06", "schedule", TWO, List.of("type=schedule", "type=sha,priority=2000",
                        "type=raw,value=defbranch,enable={{is_default_branch}}"), NONE, "sha-860c190",
                        "org/app:sha-860c190", "org/app:nightly", "org/app:defbranch",
                        "ghcr.io/user/app:sha-860c190", "ghcr.io/user/app:nightly", "ghcr.io/user/app:defbranch"),
                row("schedule07", "schedule", TWO, List.of("type=schedule"), List.of("prefix=glo-", "suffix=-bal"), "glo-nightly-bal",
                        "org/app:glo-nightly-bal", "ghcr.io/user/app:glo-nightly-bal"),
                row("schedule08", "schedule", USER_APP, List.of("type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}",
                        "type=schedule,pattern=src-{{commit_date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}"), NONE, "20200110-093000",
                        "user/app:20200110-093000", "user/app:src-20200110-093000"),
                // release
                row("release01", "release_created", USER_APP, NONE, NONE, "v1.1.1", "user/app:v1.1.1", "user/app:latest"),
                row("release02", "release_created", USER_APP, List.of("type=ref,event=tag", "type=raw,value=baseref-{{base_ref}}",
                        "type=raw,value=defbranch,enable={{is_default_branch}}"), NONE, "v1.1.1",
                        "user/app:v1.1.1", "user/app:baseref-", "user/app:latest"),
                row("release03", "release_created", USER_APP, List.of("type=raw,value=src-{{commit_date 'YYYYMMDD-HHmmss'}}",
                        "type=raw,value={{date 'YYYYMMDD-HHmmss'}}"), NONE, "src-20200110-003000",
                        "user/app:src-20200110-003000", "user/app:20200110-003000"),
                // raw
                row("raw01", "push_dev", USER_APP, List.of("type=ref,event=branch", "type=raw,my", "type=raw,custom", "type=raw,tags"), NONE, "dev",
                        "user/app:dev", "user/app:my", "user/app:custom", "user/app:tags"),
                row("raw02", "push_dev", USER_APP, List.of("type=ref,event=branch", "type=raw,my"), NONE, "dev", "user/app:dev", "user/app:my"),
                row("raw03", "tag_release1", USER_APP, List.of("type=ref,event=tag", "type=raw,my", "type=raw,custom", "type=raw,tags"), NONE,
                        "release1", "user/app:release1", "user/app:my", "user/app:custom", "user/app:tags", "user/app:latest"),
                row("raw04", "tag_20200110-RC2", USER_APP, List.of("type=match,pattern=\\d{8}", "type=raw,my", "type=raw,custom", "type=raw,tags"),
                        List.of("latest=false"), "20200110", "user/app:20200110", "user/app:my", "user/app:custom", "user/app:tags"),
                row("raw05", "tag_v1.1.1", TWO, List.of("type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}",
                        "type=semver,pattern={{major}}", "type=raw,my", "type=raw,custom", "type=raw,tags"), NONE, "1.1.1",
                        "org/app:1.1.1", "org/app:1.1", "org/app:1", "org/app:my", "org/app:custom", "org/app:tags", "org/app:latest",
                        "ghcr.io/user/app:1.1.1", "ghcr.io/user/app:1.1", "ghcr.io/user/app:1", "ghcr.io/user/app:my", "ghcr.io/user/app:custom",
                        "ghcr.io/user/app:tags", "ghcr.io/user/app:latest"),
                row("raw06", "tag_v1.1.1", TWO, List.of("type=raw,my", "type=raw,custom", "type=raw,tags"), NONE, "my",
                        "org/app:my", "org/app:custom", "org/app:tags", "ghcr.io/user/app:my", "ghcr.io/user/app:custom", "ghcr.io/user/app:tags"),
                row("raw07", "push_dev", USER_APP, List.of("type=ref,priority=90,event=branch", "type=raw,my", "type=raw,custom", "type=raw,tags"),
                        List.of("latest=true"), "my", "user/app:my", "user/app:custom", "user/app:tags", "user/app:dev", "user/app:latest"),
                row("raw08", "push_dev", USER_APP, List.of("type=match,pattern=\\d{8}", "type=raw,my", "type=raw,custom", "type=raw,tags"),
                        List.of("latest=false"), "my", "user/app:my", "user/app:custom", "user/app:tags"),
                row("raw09", "push_dev", USER_APP, List.of("type=match,pattern=\\d{8}", "type=raw,my,prefix=foo-,suffix=-bar", "type=raw,custom",
                        "type=raw,tags"), List.of("latest=false", "prefix=glo-", "suffix=-bal"), "foo-my-bar",
                        "user/app:foo-my-bar", "user/app:glo-custom-bal", "user/app:glo-tags-bal"),
                row("raw10", "push_dev", USER_APP, List.of("type=raw,foo", "type=raw,bar,enable=false", "type=raw,baz,enable=true"),
                        List.of("latest=false"), "foo", "user/app:foo", "user/app:baz"));
    }

    private static Arguments row(String name, String fixture, List<String> images, List<String> tags, List<String> flavor, String version,
                                 String... expectedTags) {
        return Arguments.of(name, fixture, images, tags, flavor, version, List.of(expectedTags));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void sameVersionAndTagsAsMetadataAction(String name, String fixture, List<String> images, List<String> tags, List<String> flavor,
                                            String version, List<String> expectedTags) {
        ReleasePolicy policy = Fixtures.metadataAction(images, tags, flavor);
        Decision d = TagPlanner.decide(Fixtures.event(fixture), policy, ReleaseHistory.empty());
        assertEquals(version, d.version(), "version");
        List<String> refs = d.variants().stream().flatMap(v -> v.references().stream()).toList();
        assertEquals(expectedTags, refs, "tags");
        assertEquals(version, d.labels().get("org.opencontainers.image.version"), "version label");
    }

    @Test
    void labelsAreMetadataActionsOciLabelsSortedByKey() {
        ReleasePolicy policy = Fixtures.metadataAction(USER_APP, NONE, NONE);
        Decision d = TagPlanner.decide(Fixtures.event("push_dev"), policy, ReleaseHistory.empty());
        assertEquals(List.of(
                "org.opencontainers.image.created=2020-01-10T00:30:00.000Z",
                "org.opencontainers.image.description=This your first repo!",
                "org.opencontainers.image.licenses=MIT",
                "org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37",
                "org.opencontainers.image.source=https://github.com/octocat/Hello-World",
                "org.opencontainers.image.title=Hello-World",
                "org.opencontainers.image.url=https://github.com/octocat/Hello-World",
                "org.opencontainers.image.version=dev"), flat(d.labels()));
    }

    @Test
    void customLabelsOverrideAndAddSortedByKey() {
        // latest09
        ReleasePolicy policy = Fixtures.policy(List.of("org/app", "ghcr.io/MyUSER/MyApp"), List.of("type=ref,event=tag"), List.of("latest=false"),
                List.of("maintainer=CrazyMax", "org.opencontainers.image.description=this is a \"good\" example",
                        "org.opencontainers.image.title=MyCustomTitle", "org.opencontainers.image.vendor=MyCompany"), "stateless");
        Decision d = TagPlanner.decide(Fixtures.event("tag_v1.1.1"), policy, ReleaseHistory.empty());
        assertEquals(List.of(
                "maintainer=CrazyMax",
                "org.opencontainers.image.created=2020-01-10T00:30:00.000Z",
                "org.opencontainers.image.description=this is a \"good\" example",
                "org.opencontainers.image.licenses=MIT",
                "org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37",
                "org.opencontainers.image.source=https://github.com/octocat/Hello-World",
                "org.opencontainers.image.title=MyCustomTitle",
                "org.opencontainers.image.url=https://github.com/octocat/Hello-World",
                "org.opencontainers.image.vendor=MyCompany",
                "org.opencontainers.image.version=v1.1.1"), flat(d.labels()));
    }

    @Test
    void nothingToBuildStillHasLabelsWithEmptyVersion() {
        ReleasePolicy policy = Fixtures.metadataAction(USER_APP, List.of("type=semver,pattern={{version}}"), NONE);
        Decision d = TagPlanner.decide(Fixtures.event("push_dev"), policy, ReleaseHistory.empty());
        assertFalse(d.planned());
        assertEquals("", d.labels().get("org.opencontainers.image.version"));
    }

    @Test
    void labelsWithoutEqualsAreDroppedAndEmptyValuesKept() {
        // json01
        ReleasePolicy policy = Fixtures.policy(USER_APP, List.of("type=ref,event=branch", "type=raw,my"), NONE, List.of("invalid", "foo="), "stateless");
        Decision d = TagPlanner.decide(Fixtures.event("push_dev"), policy, ReleaseHistory.empty());
        assertEquals("", d.labels().get("foo"));
        assertFalse(d.labels().containsKey("invalid"));
        assertEquals("foo", d.labels().keySet().iterator().next());
    }

    private static List<String> flat(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
