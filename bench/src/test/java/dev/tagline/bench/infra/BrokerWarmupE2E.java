package dev.tagline.bench.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Figure 2's broker warm-up against a real broker (the packaged broker classpath): it commits transactions and ends. */
class BrokerWarmupE2E {
    @TempDir
    Path work;

    @Test
    void theWarmUpCommitsExactlyOnceTransactionsAndStopsAtItsDeadline() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Stack stack = new Stack(root, work, List.of("-Xmx256m"));
        Stack.Broker broker = stack.broker("kafka");
        try (Managed ignored = broker.process()) {
            long transactions = BrokerWarmup.run(broker.bootstrap(), Duration.ofSeconds(3));
            assertTrue(transactions > 0, "no transaction committed in 3 s");
        }
    }
}
