package dev.tagline.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagPagingTest {
    private static final URI BASE = URI.create("http://127.0.0.1:5000/v2/acme/shop/tags/list");

    private static Optional<String> none() {
        return Optional.empty();
    }

    @Test
    void followsLinkHeadersToTheEndAndSorts() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        URI first = p.firstPage();
        assertEquals(URI.create(BASE + "?n=2"), first);
        URI second = p.accept(first, List.of("v2", "v1"), Optional.of("/v2/acme/shop/tags/list?n=2&last=v2")).orElseThrow();
        assertEquals(URI.create("http://127.0.0.1:5000/v2/acme/shop/tags/list?n=2&last=v2"), second);
        URI third = p.accept(second, List.of("latest", "sha-1"), Optional.of("/v2/acme/shop/tags/list?n=2&last=sha-1")).orElseThrow();
        assertTrue(p.accept(third, List.of("a"), none()).isEmpty());
        assertEquals(List.of("a", "latest", "sha-1", "v1", "v2"), p.tags());
    }

    @Test
    void usesNAndLastWhenAFullPageHasNoLink() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        URI next = p.accept(p.firstPage(), List.of("a", "b"), none()).orElseThrow();
        assertEquals(URI.create(BASE + "?n=2&last=b"), next);
        assertTrue(p.accept(next, List.of("c"), none()).isEmpty());
        assertEquals(List.of("a", "b", "c"), p.tags());
    }

    @Test
    void aPageLargerThanNMeansTheServerSentEverything() throws Exception {
        // Distribution 2.8 ignores n and last: 1500 tags come in one answer
        TagPaging p = new TagPaging(BASE, 2, 100);
        assertTrue(p.accept(p.firstPage(), List.of("c", "a", "b"), none()).isEmpty());
        assertEquals(List.of("a", "b", "c"), p.tags());
    }

    @Test
    void exactlyNTagsOnAServerIgnoringPagingIsConfirmedByOneProbe() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        URI first = p.firstPage();
        URI withLast = p.accept(first, List.of("b", "a"), none()).orElseThrow();
        URI probe = p.accept(withLast, List.of("b", "a"), none()).orElseThrow();
        assertEquals(URI.create(BASE + "?n=3"), probe);
        assertTrue(p.accept(probe, List.of("b", "a"), none()).isEmpty());
        assertEquals(List.of("a", "b"), p.tags());
    }

    @Test
    void aServerThatHonoursNButIgnoresLastFailsClosed() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        URI withLast = p.accept(p.firstPage(), List.of("a", "b"), none()).orElseThrow();
        URI probe = p.accept(withLast, List.of("a", "b"), none()).orElseThrow();
        assertRefused("ignores last", () -> p.accept(probe, List.of("a", "b", "c"), none()));
    }

    @Test
    void aLinkBackToAnEarlierPageIsALoop() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        URI first = p.firstPage();
        URI second = p.accept(first, List.of("a", "b"), Optional.of("/v2/acme/shop/tags/list?n=2&last=b")).orElseThrow();
        assertRefused("loops", () -> p.accept(second, List.of("c", "d"), Optional.of("/v2/acme/shop/tags/list?n=2")));
    }

    @Test
    void theSamePageUnderANewLinkIsRefused() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        URI second = p.accept(p.firstPage(), List.of("a", "b"), Optional.of("/v2/acme/shop/tags/list?n=2&last=b")).orElseThrow();
        assertRefused("repeats the previous page",
                () -> p.accept(second, List.of("a", "b"), Optional.of("/v2/acme/shop/tags/list?n=2&last=b&x=1")));
    }

    @Test
    void aNextLinkToAnotherHostIsRefused() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        assertRefused("another host",
                () -> p.accept(p.firstPage(), List.of("a", "b"), Optional.of("http://169.254.169.254/latest/meta-data")));
        TagPaging q = new TagPaging(BASE, 2, 100);
        assertThrows(TagPaging.BrokenPagingException.class,
                () -> q.accept(q.firstPage(), List.of("a", "b"), Optional.of("https://127.0.0.1:5000/v2/acme/shop/tags/list?last=b")));
    }

    @Test
    void anEndlessWalkStopsAtThePageBound() throws Exception {
        TagPaging p = new TagPaging(BASE, 1, 3);
        URI u = p.firstPage();
        u = p.accept(u, List.of("a"), none()).orElseThrow();
        u = p.accept(u, List.of("b"), none()).orElseThrow();
        URI last = u;
        assertThrows(TagPaging.BrokenPagingException.class, () -> p.accept(last, List.of("c"), none()));
    }

    @Test
    void anEmptyListIsComplete() throws Exception {
        TagPaging p = new TagPaging(BASE, 2, 100);
        assertTrue(p.accept(p.firstPage(), List.of(), none()).isEmpty());
        assertEquals(List.of(), p.tags());
    }

    @Test
    void lastIsUrlEncoded() throws Exception {
        TagPaging p = new TagPaging(BASE, 1, 100);
        assertEquals(URI.create(BASE + "?n=1&last=a.b-c_d"), p.accept(p.firstPage(), List.of("a.b-c_d"), none()).orElseThrow());
    }

    /** The page is refused as broken paging, saying {@code why}. */
    private static void assertRefused(String why, Executable accept) {
        TagPaging.BrokenPagingException e = assertThrows(TagPaging.BrokenPagingException.class, accept);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
