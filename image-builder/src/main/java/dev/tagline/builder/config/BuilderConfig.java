package dev.tagline.builder.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * image-builder settings ({@code tagline.builder.*}; {@code builder.*} until 0.1, still read for one release:
 * see {@code Application}).
 *
 * @param cacheDir           git mirrors ({@code git/}), jib layer caches ({@code jib/}) and build work dirs ({@code work/})
 * @param concurrency        variants built at the same time by this instance
 * @param toolName           written into the image history by jib; part of the digest
 * @param toolVersion        likewise; pinned (not the jar's version) so an upgrade keeps digests
 * @param insecureRegistries {@code host:port} of registries reached over plain HTTP; nothing else is
 * @param dockerConfig       a Docker {@code config.json} to read {@code auths} from (absent: skipped)
 * @param attempts           tries per variant when the failure is transient (connection, 5xx, 429)
 * @param retryBackoff       wait before the second try; doubles per try
 * @param maxCommandTime     cap on any recipe's build command time limit
 */
@ConfigurationProperties("tagline.builder")
public record BuilderConfig(
        @Bindable(defaultValue = "/tmp/tagline-builder") Path cacheDir,
        @Bindable(defaultValue = "4") int concurrency,
        @Bindable(defaultValue = "tagline-image-builder") String toolName,
        @Bindable(defaultValue = "1") String toolVersion,
        @Nullable List<String> insecureRegistries,
        @Nullable Path dockerConfig,
        @Bindable(defaultValue = "3") int attempts,
        @Bindable(defaultValue = "2s") Duration retryBackoff,
        @Bindable(defaultValue = "30m") Duration maxCommandTime) {

    public static final String DEFAULT_TOOL_NAME = "tagline-image-builder";
    public static final String DEFAULT_TOOL_VERSION = "1";

    public BuilderConfig {
        concurrency = Math.max(1, concurrency);
        attempts = Math.max(1, attempts);
        insecureRegistries = insecureRegistries == null ? List.of()
                : insecureRegistries.stream().map(String::trim).filter(h -> !h.isEmpty()).toList();
        toolName = toolName == null || toolName.isBlank() ? DEFAULT_TOOL_NAME : toolName;
        toolVersion = toolVersion == null || toolVersion.isBlank() ? DEFAULT_TOOL_VERSION : toolVersion;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(2) : retryBackoff;
        maxCommandTime = maxCommandTime == null ? Duration.ofMinutes(30) : maxCommandTime;
    }

    /** Defaults for tools and tests: this cache dir, these insecure registries. */
    public static BuilderConfig of(Path cacheDir, Set<String> insecureRegistries) {
        return new BuilderConfig(cacheDir, 2, DEFAULT_TOOL_NAME, DEFAULT_TOOL_VERSION, List.copyOf(insecureRegistries), null,
                3, Duration.ofMillis(200), Duration.ofMinutes(30));
    }
}
