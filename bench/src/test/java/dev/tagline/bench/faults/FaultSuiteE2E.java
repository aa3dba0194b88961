package dev.tagline.bench.faults;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault suite's short run (bench/FAULTS.md) in the build: baseline, kill -9 image-builder, kill -9 tag-planner, the
 * registry down 10 s, poison records, five tags without a webhook, and a broker restart, against the packaged services as
 * processes. Nothing may be lost or duplicated, every tag must be where its last plan says, and every
 * recovery must take at most 10 s.
 */
class FaultSuiteE2E {
    @Test
    void theShortRunLosesNothingDuplicatesNothingAndRecoversWithinTenSeconds() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, copy), true, StandardCharsets.UTF_8);
        List<Row> rows = FaultSuite.run(root, root.resolve("bench/target/faults-e2e"), Settings.quick(), Set.of(), out);
        assertTrue(rows.stream().allMatch(Row::pass), "scenarios failed:\n" + copy.toString(StandardCharsets.UTF_8));
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
