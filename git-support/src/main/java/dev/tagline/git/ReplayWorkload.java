package dev.tagline.git;

/**
 * What bench figure 1 replays: pushes to {@code main} of many small repositories, each planned with {@link #policy}. Shared
 * by the bench's replay run and tag-planner's {@code ReplayCpuHarness}, which must plan the same events the same way.
 */
public final class ReplayWorkload {
    private ReplayWorkload() {
    }

    /** The release policy of one replayed repository: every push to main gets its branch and sha tags, one app layer. */
    public static String policy(String repositoryId, String image) {
        return """
                repository: %s
                images:
                  - %s
                tags:
                  - type=ref,event=branch
                  - type=sha
                on:
                  branches: [main]
                recipe:
                  layers:
                    - name: app
                      source: app
                      target: /app
                """.formatted(repositoryId, image);
    }
}
