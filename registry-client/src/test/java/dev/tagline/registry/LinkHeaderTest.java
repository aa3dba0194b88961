package dev.tagline.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkHeaderTest {
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "</v2/a/tags/list?n=2&last=b>; rel=\"next\"|/v2/a/tags/list?n=2&last=b",
            "</v2/a/tags/list?n=2&last=b>;rel=next|/v2/a/tags/list?n=2&last=b",
            "<https://r/v2/a/tags/list?last=b>; rel=\"prev\", </next>; rel=\"next\"|/next",
            "</x>; title=\"a, b\"; rel=\"next\"|/x",
            "</x>; rel=\"prefetch next\"|/x",
            "</x>; rel=\"prev\"|NONE",
            "garbage|NONE",
            "</x|NONE",
    })
    void findsTheNextLink(String header, String expected) {
        assertEquals(Optional.ofNullable(expected), LinkHeader.next(List.of(header)));
    }
}
