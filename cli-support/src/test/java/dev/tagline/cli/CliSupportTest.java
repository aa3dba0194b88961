package dev.tagline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliSupportTest {
    @Test
    void jsonIsIndentedWithEmptyCollectionsKeptShort() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a");
        m.put("tags", List.of("1", "2"));
        m.put("none", List.of());
        m.put("labels", Map.of());
        m.put("missing", null);
        assertEquals("""
                {
                  "name": "a",
                  "tags": [
                    "1",
                    "2"
                  ],
                  "none": [],
                  "labels": {},
                  "missing": null
                }
                """, JsonOutput.pretty(m));
    }

    @Test
    void serviceHelpListsApplicationYmlWithEnvironmentNamesAndDefaults() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServiceHelp.print("demo-service", "demo", List.of(ServiceHelp.Setting.of("demo.extra-setting", "7", "from code"),
                ServiceHelp.Setting.of("demo.port", "1", "shadowed by application.yml")), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("usage: java -jar demo-service.jar"), text);
        assertTrue(text.matches("(?s).*\\n  demo\\.port +DEMO_HTTP_PORT +8089\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  demo\\.name +DEMO_NAME +hello\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  demo\\.extra-setting +DEMO_EXTRA_SETTING +7    from code\\n.*"), text);
        assertTrue(!text.contains("shadowed"), text);
    }

    @Test
    void theStatusLineRewritesOnATerminalAndIsSilentElsewhere() {
        StringWriter terminal = new StringWriter();
        StatusLine onTerminal = new StatusLine(new PrintWriter(terminal), true, false);
        onTerminal.update("[1/2] a");
        onTerminal.update("[2/2] b");
        onTerminal.line("done");
        assertEquals("\r\033[2K  [1/2] a\r\033[2K  [2/2] b\n  done\n", terminal.toString().replace(System.lineSeparator(), "\n"));
        StringWriter piped = new StringWriter();
        StatusLine quiet = new StatusLine(new PrintWriter(piped), false, false);
        quiet.update("[1/2] a");
        quiet.line("done");
        assertEquals("", piped.toString());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void theReasonIsTheInnermostMessageOnOneLineElseTheClassName(Throwable failure, String reason) {
        assertEquals(reason, CommandLines.reason(failure));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException(), "ConnectException"),
                Arguments.of(new RuntimeException("Failed to construct kafka consumer",
                        new IllegalArgumentException("No resolvable bootstrap urls")), "No resolvable bootstrap urls"),
                Arguments.of(connectExceptionOfTheHttpClient(), "ConnectException"),
                Arguments.of(new IOException("wrapped", new ConnectException()), "wrapped"),
                Arguments.of(new IllegalStateException("two\nlines"), "two lines"));
    }

    /** What java.net.http.HttpClient throws for a closed port: a ConnectException without message, caused by one without message. */
    private static Throwable connectExceptionOfTheHttpClient() {
        ConnectException e = new ConnectException();
        e.initCause(new ClosedChannelException());
        return e;
    }
}
