package dev.tagline.bench.runs;

import dev.tagline.git.HelloApp;

/**
 * The release policy the benchmarks give the small hello app: semver and sha tags on {@code v*} tags,
 * and {@link HelloApp}'s recipe and variants.
 * A run adds its own lines where a policy file has them.
 */
public final class HelloPolicy {
    private HelloPolicy() {
    }

    /**
     * @param afterRepository lines after {@code repository:} (e.g. {@code defaultBranch: main\n}), or ""
     * @param image           the image, {@code registry/name}
     * @param afterOnTags     lines after {@code on: tags: ["v*"]} (more triggers, channels), or ""
     * @param platforms       e.g. {@code linux/amd64, linux/arm64}
     * @param afterVariants   lines after the variants (e.g. retention), or ""
     */
    public static String yaml(String repositoryId, String afterRepository, String image, String afterOnTags, String platforms,
                              String afterVariants) {
        return """
                repository: %s
                %simages:
                  - %s
                %son:
                  tags: ["v*"]
                %splatforms: [%s]
                %s%s""".formatted(repositoryId, afterRepository, image, HelloApp.RELEASE_TAGS, afterOnTags, platforms,
                HelloApp.RECIPE_AND_VARIANTS, afterVariants);
    }
}
