package dev.tagline.bench.runs;

/**
 * The scale of a run. Defaults fit 10 minutes on 2 cores; {@code --quick} is a smoke run of every
 * measurement at a fraction of the counts.
 *
 * @param replayEvents      run 1: ref events replayed through the planner and through the bare copy
 * @param latencyTags       run 2: measured tags (after {@code warmupTags} not counted)
 * @param warmupTags        run 2: tags (and as many jib-core pushes) before the measured ones, not counted
 * @param brokerWarmupSeconds run 2: pipeline-shaped Kafka traffic before the first tag ({@code BrokerWarmup}); 0: none
 * @param retagTags         run 3: new tags written on existing digests (multiple of 10)
 * @param pruneTags         run 4: sha-* tags in the pruned repository (half of them are deleted)
 * @param decisionTags      run 4: tags in the snapshot whose decision alone is timed
 */
public record Options(int replayEvents, int latencyTags, int warmupTags, int brokerWarmupSeconds, int retagTags, int pruneTags,
                      int decisionTags, int[] floorSizes, int floorDeletes) {

    public static Options defaults() {
        return new Options(100_000, 20, 40, 30, 200, 1_000, 5_000, new int[]{500, 1_000, 2_000}, 250);
    }

    public static Options quick() {
        return new Options(2_000, 5, 1, 0, 40, 200, 5_000, new int[]{100, 200, 400}, 50);
    }

    public Options withReplayEvents(int n) {
        return new Options(n, latencyTags, warmupTags, brokerWarmupSeconds, retagTags, pruneTags, decisionTags, floorSizes, floorDeletes);
    }

    public Options withWarmupTags(int n) {
        return new Options(replayEvents, latencyTags, n, brokerWarmupSeconds, retagTags, pruneTags, decisionTags, floorSizes, floorDeletes);
    }

    public Options withBrokerWarmupSeconds(int seconds) {
        return new Options(replayEvents, latencyTags, warmupTags, seconds, retagTags, pruneTags, decisionTags, floorSizes, floorDeletes);
    }
}
