package dev.tagline.testkit;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A service one test JVM shares: started on first use, stopped by a shutdown hook after everything else
 * (stopping it earlier makes its clients wait or retry). A start that fails is tried again on the next use.
 */
final class PerJvm<T> {
    private final Supplier<T> start;
    private final Consumer<T> stop;
    private final String hookName;
    private T started;

    PerJvm(Supplier<T> start, Consumer<T> stop, String hookName) {
        this.start = start;
        this.stop = stop;
        this.hookName = hookName;
    }

    synchronized T get() {
        if (started == null) {
            T service = start.get();
            started = service;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept(service), hookName));
        }
        return started;
    }
}
