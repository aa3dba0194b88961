package dev.tagline.policy.release;

/**
 * The repository facts that go into OCI labels ({@code org.opencontainers.image.*}). Defaults: title
 * = the repository's last path segment, url = {@code https://<repository id>}, source = url,
 * description and licenses empty.
 */
public record RepoMetadata(String title, String description, String url, String source, String licenses) {
}
