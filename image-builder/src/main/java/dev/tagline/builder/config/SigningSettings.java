package dev.tagline.builder.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * {@code tagline.builder.signing.*}: the PEM private key images are signed with, and its password when it is
 * encrypted. No key file = signing off. Never logged ({@link #toString()} hides the password).
 */
@ConfigurationProperties("tagline.builder.signing")
public record SigningSettings(@Nullable Path keyFile, @Nullable String keyPassword) {
    public static final SigningSettings OFF = new SigningSettings(null, null);

    @Override
    public String toString() {
        return "SigningSettings[keyFile=" + keyFile + ", keyPassword=" + (keyPassword == null ? "unset" : "***") + "]";
    }
}
