package dev.tagline.builder.cli;

import dev.tagline.builder.signing.ImageVerifier.Report;
import dev.tagline.builder.signing.Provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/** How {@code tagline verify IMAGE --key} prints its {@link Report}: text, or the JSON of {@code --output json}. */
final class ImageReportText {
    private ImageReportText() {
    }

    static String text(Report r) {
        StringBuilder s = new StringBuilder();
        s.append(r.image()).append(r.digest() == null ? "" : " -> " + r.digest().value()).append('\n');
        if (r.error() != null) {
            s.append("  ERROR       ").append(r.error()).append('\n');
        }
        if (r.signature() != null) {
            s.append(String.format("  signature   %-4s %s%n", r.signature().valid() ? "OK" : "FAIL", r.signature().detail()));
        }
        if (r.provenance() != null) {
            s.append(String.format("  provenance  %-4s %s%n", r.provenance().valid() ? "OK" : "FAIL", r.provenance().detail()));
        }
        facts(r).forEach((k, v) -> s.append(String.format("  %-11s %s%n", k, v)));
        s.append(r.ok() ? "verified\n" : "NOT verified\n");
        return s.toString();
    }

    static Map<String, Object> json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("image", r.image().toString());
        m.put("digest", r.digest() == null ? null : r.digest().value());
        m.put("signature", r.signature() == null ? null : Map.of("ok", r.signature().valid(), "detail", r.signature().detail()));
        m.put("provenance", r.provenance() == null ? null : Map.of("ok", r.provenance().valid(), "detail", r.provenance().detail()));
        m.put("error", r.error());
        Map<String, Object> facts = new LinkedHashMap<>();
        r.statement().ifPresent(st -> {
            Provenance.BuildDefinition b = st.predicate().buildDefinition();
            facts.put("repository", b.externalParameters().repository());
            facts.put("ref", b.externalParameters().ref());
            facts.put("commit", b.externalParameters().commit());
            facts.put("policyDigest", b.externalParameters().policyDigest());
            facts.put("variant", b.externalParameters().variant());
            facts.put("baseImage", b.internalParameters() == null ? null : b.internalParameters().baseImage());
            facts.put("baseImageDigest", b.internalParameters() == null ? null : b.internalParameters().baseImageDigest());
            facts.put("planId", st.predicate().runDetails().metadata().invocationId());
            facts.put("builder", st.predicate().runDetails().builder().id());
            facts.put("startedOn", String.valueOf(st.predicate().runDetails().metadata().startedOn()));
            facts.put("finishedOn", String.valueOf(st.predicate().runDetails().metadata().finishedOn()));
        });
        m.put("provenanceFacts", facts);
        return m;
    }

    private static Map<String, String> facts(Report r) {
        Map<String, String> f = new LinkedHashMap<>();
        r.statement().ifPresent(st -> {
            Provenance.BuildDefinition b = st.predicate().buildDefinition();
            Provenance.InternalParameters in = b.internalParameters();
            f.put("repository", b.externalParameters().repository());
            f.put("ref", b.externalParameters().ref());
            f.put("commit", b.externalParameters().commit());
            f.put("policy", b.externalParameters().policyDigest());
            f.put("variant", b.externalParameters().variant());
            f.put("base image", in == null || in.baseImage() == null ? "scratch" : in.baseImage() + " (" + in.baseImageDigest() + ")");
            f.put("built by", st.predicate().runDetails().builder().id() + ", plan " + st.predicate().runDetails().metadata().invocationId()
                    + ", " + st.predicate().runDetails().metadata().startedOn() + " .. " + st.predicate().runDetails().metadata().finishedOn());
        });
        return f;
    }
}
