package dev.tagline.builder.sbom;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one layer does to the files the SBOM reads: the wanted files it writes (path without a leading {@code /}),
 * the paths it deletes ({@code .wh.<name>} whiteouts) and the directories it makes opaque ({@code .wh..wh..opq}).
 */
public record LayerDelta(Map<String, byte[]> files, Set<String> deleted, Set<String> opaqueDirs) {
    public LayerDelta {
        files = Map.copyOf(files);
        deleted = Set.copyOf(deleted);
        opaqueDirs = Set.copyOf(opaqueDirs);
    }

    /**
     * The files visible after stacking the layers in order (OCI image spec, "Applying changesets"): each layer's
     * whiteouts hide what earlier layers wrote at or under the path; an opaque directory hides everything earlier
     * layers wrote under it; then the layer's own files are added. Sorted by path.
     */
    public static Map<String, byte[]> overlay(List<LayerDelta> layers) {
        TreeMap<String, byte[]> state = new TreeMap<>();
        for (LayerDelta layer : layers) {
            state.keySet().removeIf(p -> layer.deleted().stream().anyMatch(d -> p.equals(d) || p.startsWith(d + "/"))
                    || layer.opaqueDirs().stream().anyMatch(o -> o.isEmpty() || p.startsWith(o + "/")));
            state.putAll(layer.files());
        }
        return state;
    }
}
