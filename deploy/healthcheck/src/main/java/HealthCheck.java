import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container health check of the service images: exits 0 when GET /health answers 200, 1
 * otherwise. It needs nothing but the JRE (no curl, no shell):
 * {@code java -cp /opt/tagline/healthcheck HealthCheck [port|url]}. Without an argument it asks
 * {@code http://127.0.0.1:$TAGLINE_HTTP_PORT/health}.
 *
 * <p>Compiled by the build (module {@code deploy/healthcheck}); jib copies {@code target/classes} of this
 * module into every service image (root pom, {@code extraDirectories}). Nothing compiled is committed.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static void main(String[] args) {
        String target = args.length > 0 ? args[0] : System.getenv().getOrDefault("TAGLINE_HTTP_PORT", "8080");
        String url = target.matches("\\d{1,5}") ? "http://127.0.0.1:" + target + "/health" : target;
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            System.out.println(url + " -> " + status);
            System.exit(status == 200 ? 0 : 1);
        } catch (IOException | IllegalArgumentException e) {
            System.out.println(url + " -> " + e);
            System.exit(1);
        }
    }
}
