package dev.tagline.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paging state of one {@code tags/list} walk, fed one page at a time: follows {@code Link: <...>;
 * rel="next"} (same scheme and host only), else {@code n}/{@code last}; detects a server that loops
 * or ignores paging and fails rather than yield a partial list.
 *
 * <p>A page with more than {@code n} tags means the server ignores {@code n} and sent everything
 * (Distribution 2.8). A full page of exactly {@code n} with no Link asks for {@code last=}; if that
 * repeats the page, one probe with {@code n+1} tells "the list is complete" (same tags) from "the
 * server pages but ignores last" (more tags: fail).
 */
final class TagPaging {
    /** The walk cannot give a complete list. */
    static final class BrokenPagingException extends Exception {
        BrokenPagingException(String message) {
            super(message);
        }
    }

    private final URI base;
    private final int pageSize;
    private final int maxPages;
    private final Set<String> seen = new HashSet<>();
    private final Set<URI> visited = new HashSet<>();
    private List<String> previousPage;
    private int pages;
    private boolean probing;

    /**
     * @param base     the {@code .../tags/list} URI without query
     * @param pageSize {@code n}
     * @param maxPages bound of the walk
     */
    TagPaging(URI base, int pageSize, int maxPages) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.base = base;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
    }

    URI firstPage() {
        URI first = URI.create(base + "?n=" + pageSize);
        visited.add(first);
        return first;
    }

    /**
     * Takes the answer to {@code pageUri}.
     *
     * @return the next page to fetch, or empty when the list is complete
     */
    Optional<URI> accept(URI pageUri, List<String> tags, Optional<String> nextLink) throws BrokenPagingException {
        pages++;
        boolean repeatsPrevious = !tags.isEmpty() && previousPage != null && previousPage.equals(tags);
        int fresh = 0;
        for (String t : tags) {
            if (seen.add(t)) {
                fresh++;
            }
        }
        boolean nothingNew = !tags.isEmpty() && fresh == 0;
        previousPage = List.copyOf(tags);

        if (probing) {
            if (nothingNew && tags.size() <= pageSize) {
                return Optional.empty(); // the server ignores n and last: it always sends the whole list
            }
            throw new BrokenPagingException("the registry pages tags/list with n but ignores last="
                    + " (it repeated page " + (pages - 2) + "); refusing a partial tag list");
        }
        if (pages > 1 && nothingNew) {
            if (nextLink.isEmpty() && tags.size() == pageSize && repeatsPrevious) {
                probing = true;
                return Optional.of(visit(URI.create(base + "?n=" + (pageSize + 1)), true));
            }
            throw new BrokenPagingException("page " + pages + " of tags/list (" + pageUri + ") repeats "
                    + (repeatsPrevious ? "the previous page" : "tags already listed")
                    + ": the registry ignores paging or loops; refusing a partial tag list");
        }
        if (pages >= maxPages && (nextLink.isPresent() || tags.size() == pageSize)) {
            throw new BrokenPagingException("tags/list has more than " + maxPages + " pages; refusing a partial tag list");
        }
        if (nextLink.isPresent()) {
            URI next;
            try {
                next = pageUri.resolve(nextLink.get());
            } catch (IllegalArgumentException e) {
                throw new BrokenPagingException("tags/list Link header has an invalid next URL");
            }
            if (!sameOrigin(next, pageUri)) {
                throw new BrokenPagingException("tags/list Link header points to another host (" + next.getScheme() + "://"
                        + next.getRawAuthority() + "): refused");
            }
            return Optional.of(visit(next, false));
        }
        if (tags.size() == pageSize) {
            String last = tags.get(tags.size() - 1);
            return Optional.of(visit(URI.create(base + "?n=" + pageSize + "&last="
                    + URLEncoder.encode(last, StandardCharsets.UTF_8)), false));
        }
        return Optional.empty(); // fewer than n (last page), or more than n (n ignored: the whole list)
    }

    private URI visit(URI next, boolean probe) throws BrokenPagingException {
        if (!visited.add(next) && !probe) {
            throw new BrokenPagingException("tags/list paging loops: " + next + " was already fetched; refusing a partial tag list");
        }
        return next;
    }

    /** Every tag seen, sorted, no duplicates. */
    List<String> tags() {
        return List.copyOf(new TreeSet<>(seen));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getRawAuthority() != null && a.getRawAuthority().equalsIgnoreCase(b.getRawAuthority());
    }
}
