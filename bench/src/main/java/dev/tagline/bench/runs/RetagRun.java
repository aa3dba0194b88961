package dev.tagline.bench.runs;

import dev.tagline.bench.infra.Kafka;
import dev.tagline.bench.infra.Managed;
import dev.tagline.bench.report.Figure;
import dev.tagline.bench.report.Target;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.ImageTag;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Run 3: promotion. Plans that add new tags to images run 2 already pushed (each variant's plan names
 * its existing sha-* tag plus five new ones) go to image-builder, whose idempotent path finds the
 * image by build key and only writes the missing tags; against {@code skopeo copy} of the same sha-*
 * tags to as many new tags, one process per tag.
 */
public final class RetagRun {
    private static final int NEW_TAGS_PER_VARIANT = 5;

    private RetagRun() {
    }

    public static void run(Context ctx, Pipeline p) throws Exception {
        int total = ctx.options.retagTags();
        List<TagPlan> sources = p.latencyPlans;
        int variants = sources.get(0).variants().size();
        int plansNeeded = Math.max(1, total / (NEW_TAGS_PER_VARIANT * variants));
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        List<TagPlan> plans = new ArrayList<>();
        List<String[]> copies = new ArrayList<>();
        for (int k = 0; k < plansNeeded; k++) {
            TagPlan src = sources.get(k % sources.size());
            List<VariantPlan> vs = new ArrayList<>();
            for (VariantPlan v : src.variants()) {
                ImageTag sha = v.tags().stream().filter(t -> t.value().startsWith("sha-")).findFirst().orElseThrow();
                String suffix = sha.value().substring(sha.value().indexOf('-', 4) < 0 ? sha.value().length() : sha.value().indexOf('-', 4));
                List<ImageTag> tags = new ArrayList<>(List.of(sha));
                for (int j = 0; j < NEW_TAGS_PER_VARIANT; j++) {
                    tags.add(ImageTag.parse(String.format("promo-%03d-%d%s", k, j, suffix)));
                    copies.add(new String[]{sha.value(), String.format("skopeo-%03d-%d%s", k, j, suffix)});
                }
                vs.add(new VariantPlan(v.name(), v.images(), tags, v.labels(), v.annotations(), v.platforms(), v.recipe()));
            }
            String eventId = "bench-retag-" + nonce + "-" + k;
            plans.add(new TagPlan(src.schemaVersion(), TagPlan.idFor(eventId, src.policyDigest()), eventId, src.repository(),
                    src.cloneUrl(), src.ref(), src.commit(), src.commitTime(), src.version(), src.channel(), src.policyDigest(),
                    false, vs));
        }
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(p.broker.bootstrap())) {
            for (TagPlan plan : plans) {
                producer.send(new ProducerRecord<>(Topics.TAG_PLANS_NAME, Topics.TAG_PLANS.key(plan), Topics.TAG_PLANS.encode(plan)));
            }
            producer.flush();
        }
        List<BuildResult> results = new ArrayList<>();
        for (TagPlan plan : plans) {
            p.watch.await("the results of " + plan.eventId(), Duration.ofSeconds(180), () -> p.watch.resultsOf(plan))
                    .forEach(r -> results.add(r.value()));
        }
        long taglineMs = (System.nanoTime() - t0) / 1_000_000;
        long written = 0;
        long uploaded = 0;
        for (BuildResult r : results) {
            if (r.status() != BuildStatus.SUCCEEDED) {
                throw new IllegalStateException("retag plan " + r.planId() + " failed: " + r.error());
            }
            written += r.tagsWritten().stream().mapToLong(t -> t.tags().size()).sum();
            uploaded += r.bytesUploaded();
        }

        long s0 = System.nanoTime();
        String reg = "docker://" + p.image.value();
        for (String[] c : copies) {
            Managed m = Managed.start("skopeo-copy", List.of("skopeo", "copy", "--quiet", "--src-tls-verify=false",
                    "--dest-tls-verify=false", reg + ":" + c[0], reg + ":" + c[1]), Map.of(), ctx.work().resolve("logs/skopeo-copy.log"));
            if (m.waitFor(Duration.ofSeconds(60)) != 0) {
                throw new IllegalStateException("skopeo copy " + c[0] + " -> " + c[1] + " failed; " + m.tail());
            }
        }
        long skopeoMs = (System.nanoTime() - s0) / 1_000_000;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("plans", plans.size());
        d.put("newTags", copies.size());
        d.put("tagsWrittenByBuilder", written);
        d.put("bytesUploadedByBuilder", uploaded);
        d.put("skopeoCopies", copies.size());
        d.put("measured", "tagline: plans produced -> every result on image.build-results; skopeo: sequential loop of skopeo copy");
        ctx.report.add(Figure.measured("retag.time", "3 retag " + copies.size() + " tags", "ms", taglineMs,
                "skopeo copy loop", skopeoMs, Target.ratioAtMost(1.0 / 3), "bench/run --only retag", d));
    }
}
