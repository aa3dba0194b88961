package dev.tagline.builder.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build command's output, drained on its own thread: the first {@code maxBytes} go to the log file,
 * the rest is counted and dropped (a command cannot fill the builder's disk through its log), and the
 * last {@code tailBytes} are always kept for the error message, whether or not the file was cut.
 */
public final class CappedLog {
    private final Path file;
    private final long maxBytes;
    private final byte[] tail;
    private long written;
    private long dropped;
    private long total;
    private final Thread thread;
    private IOException failure;

    private CappedLog(Path file, long maxBytes, int tailBytes, InputStream in) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.tail = new byte[tailBytes];
        this.thread = new Thread(() -> drain(in), "build-command-log");
        this.thread.setDaemon(true);
    }

    /** Starts draining {@code in} into {@code file}. */
    public static CappedLog start(Path file, long maxBytes, int tailBytes, InputStream in) {
        CappedLog log = new CappedLog(file, maxBytes, tailBytes, in);
        log.thread.start();
        return log;
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in; OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int keep = (int) Math.max(0, Math.min(n, maxBytes - written));
                if (keep > 0) {
                    out.write(buf, 0, keep);
                    written += keep;
                }
                dropped += n - keep;
                remember(buf, n);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private synchronized void remember(byte[] buf, int n) {
        for (int i = Math.max(0, n - tail.length); i < n; i++) {
            tail[(int) ((total + i) % tail.length)] = buf[i];
        }
        total += n;
    }

    /** Waits (at most {@code millis}) for the output to end: the command and everything it started are gone. */
    public void awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** Bytes the log file did not take. */
    public synchronized long droppedBytes() {
        return dropped;
    }

    /** The last bytes of the output, as text. */
    public synchronized String tailText() {
        int len = (int) Math.min(total, tail.length);
        byte[] out = new byte[len];
        long start = total - len;
        for (int i = 0; i < len; i++) {
            out[i] = tail[(int) ((start + i) % tail.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    IOException failure() {
        return failure;
    }
}
