package dev.tagline.builder.sbom;

import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BomJsonTest {
    private static Bom bom(String name) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:00000000-0000-4000-8000-000000000001");
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setName(name);
        c.setVersion("1.0");
        c.setBomRef("pkg:maven/acme/" + name + "@1.0");
        c.setPurl("pkg:maven/acme/" + name + "@1.0");
        c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, "ab".repeat(32))));
        Property p = new Property();
        p.setName("dev.tagline:layer");
        p.setValue("sha256:" + "cd".repeat(32));
        c.setProperties(List.of(p));
        bom.setComponents(List.of(c));
        Dependency d = new Dependency(c.getBomRef());
        bom.setDependencies(List.of(d));
        return bom;
    }

    @Test
    void everySbomIsWrittenByteForByteAsTheLibrarysOwnGeneratorWritesIt() throws Exception {
        for (String name : List.of("first", "second", "third")) { // the first makes the shared mapper, the others reuse it
            String library = BomGeneratorFactory.createJson(CycloneDxSbom.SPEC, bom(name)).toJsonString(false);
            assertEquals(library, new String(BomJson.write(bom(name), CycloneDxSbom.SPEC), StandardCharsets.UTF_8), name);
        }
    }
}
