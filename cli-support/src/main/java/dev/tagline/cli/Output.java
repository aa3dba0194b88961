package dev.tagline.cli;

/** {@code --output text|json}: text for people (the default), JSON for scripts. */
public enum Output {
    TEXT, JSON
}
