package dev.tagline.bench.runs;

import dev.tagline.bench.infra.Stamped;
import dev.tagline.bench.infra.Watch;
import dev.tagline.bench.report.Figure;
import dev.tagline.bench.report.Target;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Run 5: incremental rebuild. One file of the last tagged version changes (the config file, in the
 * base variant's "config" layer); the new tag goes through the pipeline; the builder's bytesUploaded
 * is compared with the size of the layers whose digest changed (read back from the registry), and
 * with the allowance "changed layers + configs + manifests".
 */
public final class IncrementalRun {
    private IncrementalRun() {
    }

    public static void run(Context ctx, Pipeline p) throws Exception {
        TagPlan previous = p.newest;
        // a version run 2 never tags: its burst rounds tag 1.1.x to 1.3.x, and a git tag cannot be made twice
        String version = "1.9.0";
        Map<String, byte[]> files = new HashMap<>();
        files.put("app/config.properties", ("greeting=hi there\nversion=" + previous.version() + "\n").getBytes(StandardCharsets.UTF_8));
        LatencyRun.Sample s = LatencyRun.tagOnce(p, version, files);
        List<Stamped<BuildResult>> results = p.watch.resultsOf(s.plan());
        long uploaded = 0;
        long changedLayers = 0;
        long allowance = 0;
        Map<String, Object> perVariant = new LinkedHashMap<>();
        for (Stamped<BuildResult> sr : results) {
            BuildResult r = sr.value();
            VariantPlan before = previous.variants().stream().filter(v -> v.name().equals(r.variant())).findFirst().orElseThrow();
            Manifest old = p.client.getManifest(p.image, before.tags().get(0));
            Manifest now = p.client.getManifest(p.image, r.digest());
            Set<Digest> oldLayers = new HashSet<>();
            old.layers().forEach(l -> oldLayers.add(l.digest()));
            long changed = now.layers().stream().filter(l -> !oldLayers.contains(l.digest())).mapToLong(Descriptor::size).sum();
            long config = now.config() == null ? 0 : now.config().size();
            uploaded += r.bytesUploaded();
            changedLayers += changed;
            allowance += changed + config + now.bytes().length;
            perVariant.put(r.variant(), Map.of("bytesUploaded", r.bytesUploaded(), "bytesReused", r.bytesReused(),
                    "changedLayerBytes", changed, "configBytes", config, "manifestBytes", now.bytes().length,
                    "layers", now.layers().size()));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("changedFile", "app/config.properties (base variant's config layer)");
        d.put("allowanceBytes", allowance);
        d.put("variants", perVariant);
        ctx.report.add(Figure.measured("incremental.bytes", "5 rebuild after 1-file change", "B", uploaded,
                "changed layer", changedLayers, Target.valueAtMost(allowance, "<= layer+configs+manifests (" + allowance + " B)"),
                "bench/run --only incremental", d));
    }
}
