package dev.tagline.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
}
