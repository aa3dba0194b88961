package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where pull request builds go and which pull requests count as trusted ({@code previews:} in the policy).
 * Pull request code is untrusted: built sandboxed without network, never signed, pushed only to preview
 * repositories, each of the policy's images with {@code repositorySuffix} appended
 * ({@code ghcr.io/acme/shop} -> {@code ghcr.io/acme/shop-pr}), never to the release repositories.
 *
 * @param repositorySuffix    appended to every image name for pull request builds; default {@code -pr}
 * @param trustSameRepository true: a pull request whose head branch lives in the repository itself (not a
 *                            fork) is built as trusted code, to the release repositories, as a branch
 *                            would be; a fork's never is. Default false
 */
public record PreviewPolicy(String repositorySuffix, boolean trustSameRepository) {
    private static final Pattern SUFFIX = Pattern.compile("[-._a-z0-9/]*[a-z0-9]");
    public static final String DEFAULT_SUFFIX = "-pr";
    public static final PreviewPolicy DEFAULT = new PreviewPolicy(DEFAULT_SUFFIX, false);

    public PreviewPolicy {
        repositorySuffix = repositorySuffix == null ? DEFAULT_SUFFIX : repositorySuffix;
        if (repositorySuffix.isEmpty() || !SUFFIX.matcher(repositorySuffix).matches() || !"-._/".contains(repositorySuffix.substring(0, 1))) {
            throw new InvalidPolicyException("previews.repositorySuffix",
                    "must start with - . _ or / and continue with lower-case letters, digits, - . _ / (an image name's characters), e.g. -pr, was '"
                            + repositorySuffix + "'");
        }
    }

    /**
     * Reads the {@code previews} section (its values as maps, strings and booleans).
     *
     * @param section null when the policy has none (the defaults)
     * @param prefix  {@code "previews."}: starts every error's subject
     */
    public static PreviewPolicy section(Object section, String prefix) {
        if (section == null) {
            return DEFAULT;
        }
        if (!(section instanceof Map<?, ?> raw)) {
            throw new InvalidPolicyException("previews", "must be a mapping (key: value)");
        }
        String suffix = null;
        boolean trustSame = false;
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key.toLowerCase(Locale.ROOT)) {
                case "repositorysuffix" -> {
                    if (!(e.getValue() instanceof String s)) {
                        throw new InvalidPolicyException(prefix + "repositorySuffix", "must be text, e.g. -pr");
                    }
                    suffix = s;
                }
                case "trustsamerepository" -> {
                    if (!(e.getValue() instanceof Boolean b)) {
                        throw new InvalidPolicyException(prefix + "trustSameRepository", "must be true or false");
                    }
                    trustSame = b;
                }
                default -> throw new InvalidPolicyException(prefix + key,
                        "unknown key (known: repositorySuffix, trustSameRepository)");
            }
        }
        return new PreviewPolicy(suffix, trustSame);
    }
}
