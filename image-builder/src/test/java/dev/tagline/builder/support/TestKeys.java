package dev.tagline.builder.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key pairs made by openssl (an independent implementation), for signing tests. */
public final class TestKeys {
    private TestKeys() {
    }

    /** A P-256 key pair in {@code dir}: {@code <name>.key} (PKCS#8 PEM) and {@code <name>.pub} (SubjectPublicKeyInfo PEM). */
    public static Path[] pair(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        return new Path[] {key, pub};
    }

    /** {@code key} encrypted with {@code password} as cosign and openssl write it (PKCS#8, AES-256-CBC), at {@code out}. */
    public static Path encrypted(Path key, Path out, String password) throws IOException, InterruptedException {
        int exit = openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(), "-out", out.toString(),
                "-passout", "pass:" + password);
        if (exit != 0) {
            throw new IOException("openssl pkcs8 exited " + exit);
        }
        return out;
    }

    /** Runs openssl with these arguments; its exit code (output discarded, bounded to 30 s). */
    public static int openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " timed out");
        }
        return p.exitValue();
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }
}
