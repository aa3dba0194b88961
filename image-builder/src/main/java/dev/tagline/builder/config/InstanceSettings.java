package dev.tagline.builder.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The service's own consumer and lifecycle settings ({@code tagline.builder.*}).
 *
 * @param instanceId          stable id of this instance: the consumer's {@code group.instance.id} (static
 *                            membership), so a restarted instance gets its partitions back at once; default
 *                            the host name (a StatefulSet pod name, a container host name)
 * @param shutdownGrace       on SIGTERM, how long running builds may take to finish; what is not finished
 *                            then is abandoned uncommitted and rebuilt (idempotently) by the next owner
 * @param brokerProbeInterval how often the broker is probed for {@code /health} (off the request path)
 * @param pollTimeout         one {@code poll()} of the plan consumer
 * @param plansPerPartition   plans of one partition (so of one repository) building at the same time; their
 *                            floating tags still move, and their offsets are still committed, in plan order
 */
@ConfigurationProperties("tagline.builder")
public record InstanceSettings(
        @Nullable String instanceId,
        @Bindable(defaultValue = "20s") Duration shutdownGrace,
        @Bindable(defaultValue = "5s") Duration brokerProbeInterval,
        @Bindable(defaultValue = "200ms") Duration pollTimeout,
        @Bindable(defaultValue = "4") int plansPerPartition) {

    public InstanceSettings {
        instanceId = instanceId == null || instanceId.isBlank() ? hostName() : instanceId.trim();
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(20) : shutdownGrace;
        brokerProbeInterval = brokerProbeInterval == null ? Duration.ofSeconds(5) : brokerProbeInterval;
        pollTimeout = pollTimeout == null ? Duration.ofMillis(200) : pollTimeout;
        plansPerPartition = plansPerPartition <= 0 ? 4 : plansPerPartition;
    }

    static String hostName() {
        return dev.tagline.schema.kafka.InstanceIds.hostName("image-builder");
    }
}
