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

        /**
         * Runs one delete while the lease is held: a lock that can be lost (a revoked partition) waits
         * for the actions in flight before it counts as lost, so none runs after the loss.
         */
        default <T> T whileHeld(Action<T> action) throws Exception {
            ensureHeld();
            return action.run();
        }

        @Override
        void close();
    }

    interface Action<T> {
        T run() throws Exception;
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
