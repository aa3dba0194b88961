package dev.tagline.bench.faults;

import java.time.Duration;

/**
 * The suite's knobs in one place (bench/FAULTS.md). The full run uses the outage lengths; the
 * short run (CI, {@code ./mvnw -B verify}) a subset with shorter outages.
 *
 * @param outage      how long the registry, the broker or the Git remote stays down
 * @param settle      after a scenario's last fault ends, how long its work may take to complete before what
 *                    is missing counts as lost
 * @param shortRun    true for the CI subset
 */
record Settings(Duration outage, Duration settle, boolean shortRun) {
    /**
     * The listener's reconciling poll (issue 11: every webhook repository is also polled, slowly by
     * default). Short here so that scenario 10 (no webhook at all) finishes in seconds. Passed as
     * {@code TAGLINE_LISTENER_RECONCILE_INTERVAL} and as {@code tagline.listener.reconcile-interval}.
     */
    static final String RECONCILE_INTERVAL = "3s";
    /** A fault's recovery must not take longer than this (issue 11). */
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    /** A process that got SIGTERM must exit within this, or it is killed and the scenario notes it. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    /** Start-up of a process (JVM, broker, registry) and waits for the pipeline to reach a step. */
    static final Duration START_LIMIT = Duration.ofSeconds(150);
    static final Duration STEP_LIMIT = Duration.ofSeconds(60);
    /** The JVM flags ./tagline up gives each service (deploy/local/up.sh). */
    static final String SERVICE_JAVA_OPTS = "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    static Settings full() {
        return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), false);
    }

    static Settings quick() {
        return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(40), true);
    }
}
