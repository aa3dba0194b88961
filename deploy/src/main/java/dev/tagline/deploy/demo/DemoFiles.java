package dev.tagline.deploy.demo;

import dev.tagline.git.HelloApp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo keeps its repository and the configuration it hands to the services, under
 * {@code <home>/demo}.
 */
record DemoFiles(Path root) {
    static final String WEBHOOK_SECRET_ENV = "DEMO_WEBHOOK_SECRET";
    static final String IMAGE_NAME = "demo/hello";

    static DemoFiles under(Path home) {
        return new DemoFiles(home.resolve("demo").toAbsolutePath());
    }

    Path repository() {
        return root.resolve("repo");
    }

    Path policies() {
        return root.resolve("policies");
    }

    Path policy() {
        return policies().resolve("hello.yml");
    }

    Path listenerConfig() {
        return root.resolve("listener.yml");
    }

    /** The final tag table as JSON. */
    Path tagTable() {
        return root.resolve("tag-table.json");
    }

    /** Every build result as JSON (commit, variant, digest, promoted, tags written and removed). */
    Path buildResults() {
        return root.resolve("build-results.json");
    }

    Path secret() {
        return root.resolve("webhook-secret");
    }

    String readSecret() {
        try {
            return Files.readString(secret()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the demo was not prepared (no " + secret() + ")", e);
        }
    }

    /** The release policy: two variants, two platforms, semver + channels + sha tags, and retention. */
    static String policy(String repositoryId, String registryHostPort) {
        return """
                # The demo's release policy (tag-planner reads the whole file, registry-pruner its retention).
                repository: %s
                defaultBranch: main
                metadata:
                  title: hello
                  description: The tagline demo app
                  licenses: Apache-2.0
                images:
                  - %s/%s
                %son:
                  tags: ["v*"]
                  branches: [main, dev]
                  schedules: [nightly]
                channels:
                  - name: stable
                    branch: main
                  - name: beta
                    branch: dev
                  - name: nightly
                    schedule: nightly
                    tags: [nightly, "nightly-{{date 'YYYYMMDD'}}"]
                platforms: [linux/amd64, linux/arm64]
                release:
                  # releases from Conventional Commits (tag-planner/README.md): a feat: pushed to next
                  # gives the next prerelease, whose tag tag-listener creates with its changelog
                  branches:
                    - main
                    - name: next
                      prerelease: rc
                %sretention:
                  candidates: ["sha-*"]
                  keepLast: 2
                  gracePeriod: 0s
                """.formatted(repositoryId, registryHostPort, IMAGE_NAME, HelloApp.RELEASE_TAGS, HelloApp.RECIPE_AND_VARIANTS);
    }

    /**
     * tag-listener's repository and schedule: polled every second, webhooks signed, a nightly at 02:00
     * UTC that the demo runs right away through the listener's {@code /schedules/nightly/run}; its branch
     * pushes carry their commits, for releases from Conventional Commits.
     */
    static String listenerConfig(String cloneUrl) {
        return """
                tagline:
                  listener:
                    release:
                      repositories: [%s]
                  repositories:
                    demo:
                      clone-url: %s
                      poll-interval: 1s
                      branches: [main, dev, next, "release/*"]
                      secret: ${%s}
                  schedules:
                    nightly:
                      repository: demo
                      branch: main
                      cron: "0 2 * * *"
                """.formatted(dev.tagline.schema.value.RepositoryId.fromCloneUrl(cloneUrl).value(), cloneUrl, WEBHOOK_SECRET_ENV);
    }
}
