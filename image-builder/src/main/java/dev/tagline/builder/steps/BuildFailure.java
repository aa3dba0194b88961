package dev.tagline.builder.steps;

import dev.tagline.builder.failure.FailureClassifier;
import dev.tagline.builder.failure.RetryCause;

/**
 * Why a variant could not be built or pushed: the stage, a message fit for a {@code BuildResult}
 * (never a secret), and, when trying again later may help, why ({@link #retryCause()}, decided by
 * {@link FailureClassifier}).
 */
public class BuildFailure extends Exception {
    public enum Stage { FETCH, COMMAND, BASE_IMAGE, RECIPE, BUILD, PUSH, SIGN }

    private final Stage stage;
    private final RetryCause retryCause;

    /**
     * With a {@code cause}, {@link FailureClassifier} decides; without one, {@code transientHint} does (with
     * the retry cause that fits the stage).
     */
    public BuildFailure(Stage stage, String message, boolean transientHint, Throwable cause) {
        this(stage, message, retryCauseOf(stage, transientHint, cause), cause);
    }

    public BuildFailure(Stage stage, String message, RetryCause retryCause, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.retryCause = retryCause;
    }

    public static BuildFailure permanent(Stage stage, String message) {
        return new BuildFailure(stage, message, (RetryCause) null, null);
    }

    private static RetryCause retryCauseOf(Stage stage, boolean transientHint, Throwable cause) {
        if (cause != null) {
            FailureClassifier.Verdict v = FailureClassifier.classify(cause);
            return v.cause();
        }
        if (!transientHint) {
            return null;
        }
        return stage == Stage.FETCH ? RetryCause.GIT_UNREACHABLE : RetryCause.REGISTRY_UNREACHABLE;
    }

    public Stage stage() {
        return stage;
    }

    public boolean transientFailure() {
        return retryCause != null;
    }

    /** Why a retry may help; null when the failure is permanent. */
    public RetryCause retryCause() {
        return retryCause;
    }
}
