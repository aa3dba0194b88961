package dev.tagline.builder.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.Platform;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Renders an image's inventory as a CycloneDX 1.6 JSON document, deterministically: the same inventory, time and
 * tool give the same bytes (serial number derived from the image digest, timestamp = the commit time, components
 * in a fixed order), so a replay of a commit attaches an identical SBOM.
 *
 * <p>One image manifest: {@code metadata.component} is the image ({@code pkg:oci/<name>@<digest>}); its components
 * are the base image (with its digest), the base's OS packages ({@code pkg:deb/...}, {@code pkg:apk/...}) and the
 * files of the layers tagline added (jars with Maven coordinates as {@code pkg:maven/...}). An index: its
 * {@code metadata.component} is the index and each platform image is a component with its own contents nested.
 */
public final class CycloneDxSbom {
    public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
    public static final Version SPEC = Version.VERSION_16;
    /**
     * Bumped whenever what goes into the document changes (fields, order, purls): an SBOM attached by another format
     * revision is regenerated and replaced, one of this revision is trusted as it is (same inputs, same bytes).
     */
    public static final String FORMAT_REVISION = "1";

    static final String ORIGIN = "dev.tagline:origin";
    static final String LAYER = "dev.tagline:layer";
    static final String PLATFORM = "dev.tagline:platform";
    static final String UNSCANNED = "dev.tagline:unscanned-layer";

    private CycloneDxSbom() {
    }

    /** The SBOM of one image manifest. */
    public static byte[] image(ImageInventory image, Instant time, String toolName, String toolVersion) {
        Bom bom = bom(image.digest(), time, toolName, toolVersion);
        Component root = imageComponent(image.repository(), image.digest(), image.platform(), "");
        bom.getMetadata().setComponent(root);
        List<Component> components = new ArrayList<>();
        List<Dependency> dependencies = new ArrayList<>();
        contents(image, "", components, dependencies, root.getBomRef());
        bom.setComponents(components);
        bom.setDependencies(dependencies);
        return json(bom);
    }

    /** The SBOM of an index: each platform image a component, holding its own contents. */
    public static byte[] index(ImageRepository repository, Digest index, List<ImageInventory> images, Instant time, String toolName,
                               String toolVersion) {
        Bom bom = bom(index, time, toolName, toolVersion);
        Component root = imageComponent(repository, index, null, "");
        bom.getMetadata().setComponent(root);
        List<Component> components = new ArrayList<>();
        List<Dependency> dependencies = new ArrayList<>();
        Dependency rootDep = new Dependency(root.getBomRef());
        for (ImageInventory image : images) {
            String prefix = (image.platform() == null ? image.digest().value() : image.platform().value()) + "/";
            Component child = imageComponent(image.repository(), image.digest(), image.platform(), prefix);
            List<Component> nested = new ArrayList<>();
            contents(image, prefix, nested, dependencies, child.getBomRef());
            child.setComponents(nested);
            components.add(child);
            rootDep.addDependency(new Dependency(child.getBomRef()));
        }
        dependencies.add(0, rootDep);
        bom.setComponents(components);
        bom.setDependencies(dependencies);
        return json(bom);
    }

    private static void contents(ImageInventory image, String prefix, List<Component> components, List<Dependency> dependencies,
                                 String imageRef) {
        Dependency imageDep = new Dependency(imageRef);
        dependencies.add(imageDep);
        if (image.base() != null) {
            Component base = baseComponent(image.base(), image.platform(), prefix);
            image.baseContents().unscanned().forEach(l -> base.addProperty(new Property(UNSCANNED, l)));
            if (image.baseContents().os().distro() != null) {
                base.addProperty(new Property("dev.tagline:distro", image.baseContents().os().distro()));
            }
            components.add(base);
            imageDep.addDependency(new Dependency(base.getBomRef()));
            Dependency baseDep = new Dependency(base.getBomRef());
            for (OsPackage p : image.baseContents().packages()) {
                Component c = osPackage(p, image.baseContents().os(), prefix);
                components.add(c);
                baseDep.addDependency(new Dependency(c.getBomRef()));
            }
            dependencies.add(baseDep);
        }
        for (ImageInventory.AddedLayer layer : image.added()) {
            for (AddedFile f : layer.files()) {
                Component c = addedFile(f, layer.digest(), prefix);
                components.add(c);
                imageDep.addDependency(new Dependency(c.getBomRef()));
            }
        }
    }

    private static Bom bom(Digest subject, Instant time, String toolName, String toolVersion) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + serialNumber(subject));
        bom.setVersion(1);
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(time));
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName(toolName);
        tool.setVersion(toolVersion);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        bom.setMetadata(metadata);
        return bom;
    }

    /** A name-based UUID (version 5 layout, SHA-256 instead of SHA-1) of the subject digest: one per image, stable. */
    static UUID serialNumber(Digest subject) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(("tagline-sbom:" + subject.value()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[8 + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static Component imageComponent(ImageRepository repo, Digest digest, Platform platform, String prefix) {
        Component c = new Component();
        c.setType(Component.Type.CONTAINER);
        c.setName(repo.value());
        c.setVersion(digest.value());
        String purl = ociPurl(repo, digest, platform);
        c.setPurl(purl);
        c.setBomRef(prefix + purl);
        c.addHash(new Hash(Hash.Algorithm.SHA_256, digest.hex()));
        if (platform != null) {
            c.addProperty(new Property(PLATFORM, platform.value()));
        }
        return c;
    }

    private static Component baseComponent(ImageInventory.Base base, Platform platform, String prefix) {
        Component c = new Component();
        c.setType(Component.Type.CONTAINER);
        c.setName(base.repository().value());
        c.setVersion(base.image().value());
        String purl = ociPurl(base.repository(), base.image(), platform);
        c.setPurl(purl);
        c.setBomRef(prefix + "base:" + purl);
        c.addHash(new Hash(Hash.Algorithm.SHA_256, base.image().hex()));
        c.addProperty(new Property(ORIGIN, "base"));
        c.addProperty(new Property("dev.tagline:base-reference", base.requested()));
        if (!base.digest().equals(base.image())) {
            c.addProperty(new Property("dev.tagline:base-index", base.digest().value()));
        }
        return c;
    }

    private static Component osPackage(OsPackage p, OsRelease os, String prefix) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setName(p.name());
        c.setVersion(p.version());
        String namespace = os.id() != null ? os.id() : p.type().equals(OsPackage.APK) ? "alpine" : "debian";
        PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType(p.type()).withNamespace(namespace).withName(p.name())
                .withVersion(p.version());
        if (p.arch() != null) {
            b.withQualifier("arch", p.arch());
        }
        if (os.distro() != null) {
            b.withQualifier("distro", os.distro());
        }
        if (p.source() != null) {
            b.withQualifier("upstream", p.source());
        }
        String purl = build(b);
        c.setPurl(purl);
        c.setBomRef(prefix + purl);
        c.addProperty(new Property(ORIGIN, "base"));
        if (p.license() != null) {
            c.addProperty(new Property("dev.tagline:apk-license", p.license()));
        }
        return c;
    }

    private static Component addedFile(AddedFile f, Digest layer, String prefix) {
        Component c = new Component();
        MavenCoordinates m = f.maven();
        if (m != null) {
            c.setType(Component.Type.LIBRARY);
            c.setGroup(m.groupId());
            c.setName(m.artifactId());
            c.setVersion(m.version());
            c.setPurl(build(PackageURLBuilder.aPackageURL().withType("maven").withNamespace(m.groupId()).withName(m.artifactId())
                    .withVersion(m.version())));
            c.addProperty(new Property("dev.tagline:path", f.path()));
        } else {
            c.setType(Component.Type.FILE);
            c.setName(f.path());
        }
        c.setBomRef(prefix + "file:" + layer.value() + ":" + f.path());
        c.addHash(new Hash(Hash.Algorithm.SHA_256, f.sha256()));
        c.addProperty(new Property(ORIGIN, "tagline"));
        c.addProperty(new Property(LAYER, layer.value()));
        return c;
    }

    /** {@code pkg:oci/<last name segment>@<digest>?arch=...&repository_url=<registry>/<name>} (the purl spec's oci type). */
    static String ociPurl(ImageRepository repo, Digest digest, Platform platform) {
        String name = repo.name().substring(repo.name().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType("oci").withName(name).withVersion(digest.value())
                .withQualifier("repository_url", repo.value());
        if (platform != null) {
            b.withQualifier("arch", platform.architecture());
            if (platform.variant() != null && !platform.variant().isEmpty()) {
                b.withQualifier("variant", platform.variant());
            }
        }
        return build(b);
    }

    private static String build(PackageURLBuilder b) {
        try {
            PackageURL p = b.build();
            return p.canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("not a valid package URL: " + e.getMessage(), e);
        }
    }

    private static byte[] json(Bom bom) {
        try {
            return BomJson.write(bom, SPEC);
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX generator failed: " + e.getMessage(), e);
        }
    }
}
