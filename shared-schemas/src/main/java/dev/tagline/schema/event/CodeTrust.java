package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether a plan builds trusted code (branches and tags of the repository) or untrusted code (pull
 * requests, always those from forks), decided by the planner. Absent on the wire for trusted plans of
 * branches and tags; {@link TagPlan#trusted()} reads it.
 *
 * <p>Untrusted code is built in the sandbox without network, is never signed, and is pushed only to
 * preview repositories: every target repository's name ends with {@code previewSuffix}, which the
 * builder checks before it pushes.
 *
 * @param trusted       false for untrusted code
 * @param reason        why, for people ({@code pull request 42 from fork eve/shop})
 * @param previewSuffix the suffix of every preview repository ({@code -pr}); null for trusted code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodeTrust(boolean trusted, String reason, String previewSuffix) {
    public CodeTrust {
        Require.text("CodeTrust", "reason", reason);
        if (!trusted && (previewSuffix == null || previewSuffix.isBlank())) {
            throw new InvalidEventException("CodeTrust.previewSuffix is required for untrusted code");
        }
    }

    public static CodeTrust untrusted(String reason, String previewSuffix) {
        return new CodeTrust(false, reason, previewSuffix);
    }
}
