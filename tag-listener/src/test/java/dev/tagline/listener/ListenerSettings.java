package dev.tagline.listener;

import dev.tagline.testkit.KafkaBroker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings a listener test starts from, and the repositories it registers, as property maps. */
public final class ListenerSettings {
    private ListenerSettings() {
    }

    /** The shared broker, a mirror cache in {@code cacheDir}, and no background poller or schedules: the test drives them. */
    public static Map<String, Object> quiet(Path cacheDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        p.put("tagline.listener.cache-dir", cacheDir.toString());
        p.put("tagline.listener.poller-enabled", "false");
        p.put("tagline.listener.schedules-enabled", "false");
        return p;
    }

    /** Registers repository {@code name}: its id, its clone URL, and more of its settings as key, value pairs. */
    public static void repository(Map<String, ? super String> p, String name, String id, String cloneUrl, String... settings) {
        String prefix = "tagline.repositories." + name + ".";
        p.put(prefix + "id", id);
        p.put(prefix + "clone-url", cloneUrl);
        for (int i = 0; i < settings.length; i += 2) {
            p.put(prefix + settings[i], settings[i + 1]);
        }
    }
}
