package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A target image as metadata-action's {@code images} input lists it: {@code ghcr.io/acme/shop} or {@code name=...,enable=false}. */
public record ImageSpec(String name, boolean enable) {

    public static List<ImageSpec> parse(List<String> lines) {
        List<ImageSpec> images = new ArrayList<>();
        for (String line : lines) {
            String subject = "image '" + line + "'";
            String name = "";
            boolean enable = true;
            List<String> fields = Csv.fields(line, subject);
            boolean newFormat = fields.stream().anyMatch(f -> Csv.keyValue(f).length == 2);
            if (!newFormat && lines.size() == 1) {
                // the old format: one line, comma-separated names
                for (String f : fields) {
                    if (!f.isBlank()) {
                        images.add(new ImageSpec(f.trim().toLowerCase(Locale.ROOT), true));
                    }
                }
                return images;
            }
            for (String field : fields) {
                if (field.isBlank()) {
                    continue;
                }
                String[] kv = Csv.keyValue(field);
                if (kv.length == 1 || kv[0].equalsIgnoreCase("name")) {
                    if (!name.isEmpty()) {
                        // upstream's image.test.ts calls this invalid (its parser would keep the last one)
                        throw new InvalidPolicyException(subject, "the image name is given twice");
                    }
                    name = (kv.length == 1 ? kv[0] : kv[1]).toLowerCase(Locale.ROOT);
                } else {
                    switch (kv[0].toLowerCase(Locale.ROOT)) {
                        case "enable" -> {
                            if (!kv[1].equals("true") && !kv[1].equals("false")) {
                                throw new InvalidPolicyException(subject, "enable must be true or false, was '" + kv[1] + "'");
                            }
                            enable = kv[1].equals("true");
                        }
                        default -> throw new InvalidPolicyException(subject, "unknown image attribute '" + kv[0] + "'");
                    }
                }
            }
            if (name.isEmpty()) {
                throw new InvalidPolicyException(subject, "image name attribute empty");
            }
            images.add(new ImageSpec(name, enable));
        }
        return images;
    }
}
