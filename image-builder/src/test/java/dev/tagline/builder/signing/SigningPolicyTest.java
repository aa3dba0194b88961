package dev.tagline.builder.signing;

import dev.tagline.schema.example.ExampleEvents;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only trusted code is signed: a pull request's preview never carries tagline's signature. */
class SigningPolicyTest {
    @Test
    void aReleasePlanIsSigned() {
        assertTrue(SigningPolicy.shouldSign(ExampleEvents.tagPlan()));
    }

    @Test
    void aForksPullRequestPreviewIsNot() {
        assertFalse(ExampleEvents.previewPlan().trusted());
        assertFalse(SigningPolicy.shouldSign(ExampleEvents.previewPlan()));
    }
}
