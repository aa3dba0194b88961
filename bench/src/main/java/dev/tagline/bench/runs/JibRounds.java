package dev.tagline.bench.runs;

import dev.tagline.bench.JibBaseline;
import dev.tagline.bench.infra.Managed;
import dev.tagline.schema.json.Jackson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Figure 2's baseline JVM ({@link JibBaseline}, started with the services' flags), asked for one round at a time so that
 * the harness interleaves its pushes with tagline's tags: a drift of the machine within a run then shows on both sides.
 */
final class JibRounds implements AutoCloseable {
    private final Managed jvm;
    private final OutputStream requests;
    private final BufferedReader answers;
    private int raceRetries;

    private JibRounds(Managed jvm) {
        this.jvm = jvm;
        this.requests = jvm.process().getOutputStream();
        this.answers = new BufferedReader(new InputStreamReader(jvm.process().getInputStream(), StandardCharsets.UTF_8));
    }

    static JibRounds start(Context ctx, String registry, String image) throws IOException {
        String cache = ctx.work().resolve("cache/jib-direct").toString();
        return new JibRounds(ctx.stack.jvm("jib-baseline", ctx.classpath, JibBaseline.class.getName(), List.of(registry, image, cache)));
    }

    /** Pushes {@code samples} at once and returns the round's milliseconds (the attempt that succeeded). */
    long push(List<JibBaseline.Sample> samples) throws IOException {
        requests.write((Jackson.mapper().writeValueAsString(new JibBaseline.Round(samples)) + "\n").getBytes(StandardCharsets.UTF_8));
        requests.flush();
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(JibBaseline.ANSWER)) {
                JibBaseline.RoundResult r = Jackson.mapper().readValue(line.substring(JibBaseline.ANSWER.length()),
                        JibBaseline.RoundResult.class);
                raceRetries += r.raceRetries();
                return r.ms();
            }
        }
        throw new IOException("the jib baseline JVM ended without answering: " + jvm.tail());
    }

    /** Attempts pushed again after the registry's upload race, over every round so far. */
    int raceRetries() {
        return raceRetries;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        requests.close(); // the end of its input: the JVM exits
        if (jvm.waitFor(java.time.Duration.ofSeconds(30)) != 0) {
            throw new IllegalStateException("the jib baseline JVM exited with " + jvm.exitStatus() + ": " + jvm.tail());
        }
        jvm.close();
    }
}
