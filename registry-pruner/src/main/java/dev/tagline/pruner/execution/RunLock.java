package dev.tagline.pruner.execution;

import dev.tagline.schema.value.ImageRepository;

/**
 * One prune run at a time per image repository. {@link LocalRunLock} covers one JVM; the service adds
 * a Kafka fencing lock across instances ({@code dev.tagline.pruner.service.KafkaRunLock}).
 */
public interface RunLock {
    Lease acquire(ImageRepository repository) throws LockUnavailableException;

    interface Lease extends AutoCloseable {
        /** Throws when another run took the repository over (fenced); checked before every delete. */
        void ensureHeld() throws LockUnavailableException;

        @Override
        void close();
    }

    class LockUnavailableException extends Exception {
        public LockUnavailableException(String message) {
            super(message);
        }

        public LockUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
