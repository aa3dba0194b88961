package dev.tagline.bench;

/** The memory baseline: a JVM started with the services' flags that does nothing until it is stopped. */
public final class IdleJvm {
    private IdleJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
