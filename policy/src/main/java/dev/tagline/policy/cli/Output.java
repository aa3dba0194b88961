package dev.tagline.policy.cli;

/** How a command prints its result ({@code --output text|json}). */
public enum Output { text, json }
