package dev.tagline.builder.recipe;

/** A recipe that cannot be applied to the checkout (a missing source, a path leaving the checkout). Never transient. */
public class RecipeException extends Exception {
    public RecipeException(String message) {
        super(message);
    }
}
