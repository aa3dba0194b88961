package dev.tagline.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A blob's bytes that can be read more than once (a retried upload sends them again), streamed rather than held in
 * memory: a layer of any size goes out of a file as it is read.
 */
public interface BlobSource {
    long size();

    /** A fresh stream of exactly {@link #size()} bytes. */
    InputStream open() throws IOException;

    /** {@code length} bytes of {@code file} from {@code offset} (e.g. one entry's data inside an uncompressed tar). */
    static BlobSource region(Path file, long offset, long length) {
        return new BlobSource() {
            @Override
            public long size() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(offset);
                InputStream in = Channels.newInputStream(channel);
                return new java.io.FilterInputStream(in) {
                    private long left = length;

                    @Override
                    public int read() throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int b = super.read();
                        if (b >= 0) {
                            left--;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = super.read(buf, off, (int) Math.min(len, left));
                        if (n > 0) {
                            left -= n;
                        }
                        return n;
                    }
                };
            }

            @Override
            public String toString() {
                return file + "[" + offset + "+" + length + "]";
            }
        };
    }

    /** Bytes in memory. */
    static BlobSource of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new BlobSource() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(copy);
            }
        };
    }
}
