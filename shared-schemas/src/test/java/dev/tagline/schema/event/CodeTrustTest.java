package dev.tagline.schema.event;

import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.value.GitRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 19's contract additions: trust, the pull request head, the command's grants; absent unless set. */
class CodeTrustTest {
    @Test
    void branchesAndTagsAreTrustedAndCarryNoTrustField() {
        TagPlan plan = ExampleEvents.tagPlan();
        assertTrue(plan.trusted());
        String json = EventCodec.toJson(plan);
        assertFalse(json.contains("trust") || json.contains("sandbox"), json);
        assertFalse(EventCodec.toJson(ExampleEvents.refEvent()).contains("pullRequestHead"));
    }

    @Test
    void aPullRequestPlanWithoutTheMarkerIsUntrusted() {
        TagPlan plan = ExampleEvents.tagPlan();
        TagPlan pr = new TagPlan(plan.schemaVersion(), plan.planId(), plan.eventId(), plan.repository(), plan.cloneUrl(),
                GitRef.parse("refs/pull/7/head"), plan.commit(), plan.commitTime(), null, null, plan.policyDigest(), false, plan.variants());
        assertFalse(pr.trusted());
        assertTrue(pr.withTrust(new CodeTrust(true, "same-repository pull request, trusted by policy", null)).trusted());
    }

    @Test
    void thePreviewPlanSaysWhyItIsUntrustedAndWhereItGoes() {
        TagPlan plan = ExampleEvents.previewPlan();
        assertFalse(plan.trusted());
        String json = EventCodec.toJson(plan);
        assertTrue(json.contains("\"trust\":{\"trusted\":false,\"reason\":\"pull request 42 from fork eve/shop\",\"previewSuffix\":\"-pr\"}"), json);
        assertTrue(json.contains("\"sandbox\":{\"tools\":[\"/opt/jdk\"],\"network\":true}"), json);
        assertFalse(json.contains("\"trusted\":false,\"trusted\""), "no derived property on the wire");
        RefEvent event = ExampleEvents.forkPullRequestEvent();
        assertTrue(EventCodec.toJson(event).contains("\"pullRequestHead\":{\"repository\":\"eve/shop\",\"fork\":true}"));
        assertEquals(event.eventId(), RefEvent.create(event.repository(), event.cloneUrl(), event.ref(), event.change(), event.oldCommit(),
                event.newCommit(), event.commitTime(), event.source(), event.deliveryId(), event.observedAt(), event.defaultBranch(),
                event.baseRef(), null).eventId(), "the head repository is not part of the event id");
        assertEquals(event.pullRequestHead(), event.asReplay("run-1", false, event.observedAt()).pullRequestHead());
    }

    @Test
    void untrustedCodeNeedsAPreviewLocationAndToolPathsAreAbsolute() {
        assertThrows(InvalidEventException.class, () -> new CodeTrust(false, "pull request", null));
        for (String bad : List.of("opt/jdk", "/", "/opt/../root", "/opt//jdk", "/opt/jdk/")) {
            assertThrows(InvalidEventException.class, () -> new SandboxGrants(List.of(bad), false), bad);
        }
        assertNull(SandboxGrants.of(List.of(), false));
        assertEquals(List.of(), new BuildCommand(List.of("make"), 0, null).grants().tools());
    }
}
