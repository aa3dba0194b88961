package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of a source repository: {@code host/path}, e.g. {@code github.com/acme/shop}. It is the key
 * of every topic. The host is lowercase; path segments are {@code [A-Za-z0-9._-]+} and never
 * {@code .} or {@code ..}; there is no trailing {@code .git}.
 */
public record RepositoryId(@JsonValue String value) implements OrderedByValue<RepositoryId> {
    private static final Pattern SCP_LIKE = Pattern.compile("(?:[^@/]+@)?([^:/]+):(.+)");

    public RepositoryId {
        String input = value;
        InvalidValueException.require("repository id", input);
        if (input.length() > 255) {
            throw new InvalidValueException("repository id", input, "longer than 255 characters");
        }
        int slash = input.indexOf('/');
        if (slash <= 0 || slash == input.length() - 1) {
            throw new InvalidValueException("repository id", input, "must be host/path, e.g. github.com/acme/shop");
        }
        String host = input.substring(0, slash);
        if (!validHost(host)) {
            throw new InvalidValueException("repository id", input, "host '" + host + "' must be lowercase letters, digits, '.', '-' and an optional :port");
        }
        for (String segment : input.substring(slash + 1).split("/", -1)) {
            if (!validSegment(segment) || segment.equals(".") || segment.equals("..")) {
                throw new InvalidValueException("repository id", input,
                        "path segment '" + segment + "' must be [A-Za-z0-9._-]+ and not '.' or '..'");
            }
        }
        if (input.endsWith(".git")) {
            throw new InvalidValueException("repository id", input, "must not end with .git (use fromCloneUrl)");
        }
    }

    // Written out rather than as regular expressions: every event's id is checked when it is read, and the
    // planner reads one per event of a replay (the expressions were [a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?
    // for the host and [A-Za-z0-9._-]+ for a path segment).
    private static boolean validHost(String host) {
        int colon = host.indexOf(':');
        int end = colon < 0 ? host.length() : colon;
        if (end == 0 || !lowerOrDigit(host.charAt(0)) || !lowerOrDigit(host.charAt(end - 1))) {
            return false;
        }
        for (int i = 1; i < end - 1; i++) {
            char c = host.charAt(i);
            if (!lowerOrDigit(c) && c != '.' && c != '-') {
                return false;
            }
        }
        if (colon < 0) {
            return true;
        }
        int portLength = host.length() - colon - 1;
        if (portLength < 1 || portLength > 5) {
            return false;
        }
        for (int i = colon + 1; i < host.length(); i++) {
            if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean validSegment(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!lowerOrDigit(c) && !(c >= 'A' && c <= 'Z') && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    @JsonCreator
    public static RepositoryId of(String input) {
        return new RepositoryId(input);
    }

    /**
     * Derives the id from a clone URL: {@code https://github.com/acme/shop.git},
     * {@code ssh://git@host:2222/acme/shop}, {@code git@github.com:acme/shop.git} and
     * {@code file:///srv/git/shop.git} (id {@code local/srv/git/shop}).
     */
    public static RepositoryId fromCloneUrl(String url) {
        InvalidValueException.require("clone URL", url);
        String host;
        String path;
        Matcher scp = SCP_LIKE.matcher(url);
        if (url.contains("://")) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("clone URL", url, "not a URL: " + e.getMessage());
            }
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                host = "local";
            } else if (uri.getHost() == null) {
                throw new InvalidValueException("clone URL", url, "has no host");
            } else {
                host = uri.getHost().toLowerCase(Locale.ROOT);
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                boolean defaultPort = uri.getPort() == -1
                        || (scheme.equals("https") && uri.getPort() == 443)
                        || (scheme.equals("http") && uri.getPort() == 80)
                        || (scheme.equals("ssh") && uri.getPort() == 22);
                if (!defaultPort && !scheme.equals("ssh")) {
                    host = host + ":" + uri.getPort();
                }
            }
            path = uri.getPath();
        } else if (scp.matches() && !url.startsWith("/")) {
            host = scp.group(1).toLowerCase(Locale.ROOT);
            path = scp.group(2);
        } else if (url.startsWith("/")) {
            host = "local";
            path = url;
        } else {
            throw new InvalidValueException("clone URL", url, "must be a URL, user@host:path or an absolute path");
        }
        path = stripSlashes(path == null ? "" : path);
        if (path.endsWith(".git")) {
            path = stripSlashes(path.substring(0, path.length() - 4));
        }
        return of(host + "/" + path);
    }

    private static String stripSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /** The last path segment, e.g. {@code shop}. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
