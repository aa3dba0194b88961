package dev.tagline.listener;

import dev.tagline.listener.repository.RepositoryRegistry;
import dev.tagline.listener.service.PollerService;
import dev.tagline.listener.service.PollerService.Outcome;
import dev.tagline.listener.service.PollerService.Status;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;

/** Waiting in listener tests: for the poller to own a repository, or a pause between checks. */
public final class Polling {
    private Polling() {
    }

    /** Polls repository {@code name} until this instance owns it and its state is readable (60 s at most), pausing between tries. */
    public static Outcome firstPoll(ApplicationContext ctx, String name, Duration between) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Outcome o;
        do {
            o = ctx.getBean(PollerService.class).poll(ctx.getBean(RepositoryRegistry.class).find(name).orElseThrow());
            if (o.status() != Status.NOT_OWNER && o.status() != Status.NOT_READY) {
                return o;
            }
            pause(between);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("never owned the repository: " + o);
    }

    /** Sleeps; an interrupt fails the test. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
