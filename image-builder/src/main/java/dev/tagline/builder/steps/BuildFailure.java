package dev.tagline.builder.steps;

/**
 * Why a variant could not be built or pushed: the stage, a message fit for a {@code BuildResult}
 * (never a secret), and whether trying again later may help (connection errors, 5xx, 429).
 */
public class BuildFailure extends Exception {
    public enum Stage { FETCH, COMMAND, BASE_IMAGE, RECIPE, BUILD, PUSH }

    private final Stage stage;
    private final boolean transientFailure;

    public BuildFailure(Stage stage, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.transientFailure = transientFailure;
    }

    public static BuildFailure permanent(Stage stage, String message) {
        return new BuildFailure(stage, message, false, null);
    }

    public Stage stage() {
        return stage;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
