package dev.tagline.deploy.demo;

/**
 * The demo that {@code ./tagline up} runs once the pipeline is healthy: a local Git repository, a
 * release policy with two variants and two platforms, a sequence of pushes and tags, and a table of
 * what ended up in the registry.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.err.println("demo: not implemented yet");
        System.exit(2);
    }
}
