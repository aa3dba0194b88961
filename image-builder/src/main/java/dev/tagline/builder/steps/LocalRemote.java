package dev.tagline.builder.steps;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

import org.eclipse.jgit.internal.storage.file.ObjectDirectory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A remote that is a repository on this machine ({@code file:} URL or absolute path): the planned commit's objects are
 * copied from it into the mirror one by one (those the mirror lacks), as loose objects: a loose object of the source is
 * linked (or copied) as its file is, already compressed and named by its id; a packed one is inserted (inflated,
 * hashed, deflated). A fetch from it would have JGit run upload-pack in-process and build a pack for it, searching
 * deltas against what the mirror already has (issue 14: most of the builder's CPU for a fetch), then index that pack
 * again on the mirror's side (SHA-1 with collision detection, in Java, of every byte). The mirror ends as a depth-1
 * fetch leaves it: the commit (marked shallow when its parents are absent), its tree, and a ref that keeps it.
 */
final class LocalRemote {
    private LocalRemote() {
    }

    /** The git directory {@code cloneUrl} names on this machine, if it is a local repository; empty for any other URL. */
    static Optional<File> gitDir(String cloneUrl) {
        if (cloneUrl == null) {
            return Optional.empty();
        }
        String path;
        try {
            URIish uri = new URIish(cloneUrl);
            if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
                return Optional.empty();
            }
            if (uri.getHost() != null && !uri.getHost().isEmpty()) {
                return Optional.empty();
            }
            path = uri.getPath();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (path == null || !new File(path).isAbsolute()) {
            return Optional.empty();
        }
        return Optional.ofNullable(RepositoryCache.FileKey.resolve(new File(path), FS.DETECTED));
    }

    static Repository open(File gitDir) throws IOException {
        return new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    }

    /**
     * Copies {@code commit} with its tree into {@code mirror} and keeps it under {@code keep}; with {@code tagName}, also the
     * tag {@code refs/tags/<tagName>} under {@code tagKeep} when it names (peeled) that commit. False when the source does
     * not have the commit (the caller fetches as for any remote).
     */
    static boolean copyCommit(Repository source, Repository mirror, ObjectId commit, String keep, String tagName, String tagKeep)
            throws IOException {
        try (ObjectReader reader = source.newObjectReader(); ObjectReader here = mirror.newObjectReader();
             ObjectInserter inserter = mirror.newObjectInserter(); RevWalk walk = new RevWalk(reader)) {
            Copier into = new Copier(source, mirror, reader, here, inserter);
            if (!reader.has(commit, Constants.OBJ_COMMIT)) {
                return false;
            }
            RevCommit c = walk.parseCommit(commit);
            boolean parentsHere = true;
            for (RevCommit p : c.getParents()) {
                parentsHere &= here.has(p);
            }
            if (!here.has(commit)) {
                into.tree(c.getTree());
                into.object(commit); // last: a commit in the mirror always has its whole tree
            }
            ObjectId tag = tagName == null ? null : tagNaming(source, walk, tagName, commit);
            if (tag != null && !here.has(tag)) {
                into.object(tag);
            }
            inserter.flush();
            if (!parentsHere && c.getParentCount() > 0) {
                Set<ObjectId> shallow = new HashSet<>(mirror.getObjectDatabase().getShallowCommits());
                if (shallow.add(commit.copy())) {
                    mirror.getObjectDatabase().setShallowCommits(shallow);
                }
            }
            setRef(mirror, keep, commit);
            if (tag != null) {
                setRef(mirror, tagKeep, tag);
            }
            return true;
        }
    }

    /** The object {@code refs/tags/<name>} names in {@code source} when it is, or peels to, {@code commit}; else null. */
    static ObjectId tagNaming(Repository source, RevWalk walk, String name, ObjectId commit) throws IOException {
        Ref ref = source.exactRef(Constants.R_TAGS + name);
        if (ref == null) {
            return null;
        }
        RevObject o = walk.parseAny(ref.getObjectId());
        if (o instanceof RevTag t && t.getObject().equals(commit)) {
            return t.copy();
        }
        return o.equals(commit) ? o.copy() : null;
    }

    /** Copies objects from {@code source} into {@code mirror} (the readers and the inserter of one copy). */
    private record Copier(Repository source, Repository mirror, ObjectReader from, ObjectReader here, ObjectInserter into) {
        void tree(ObjectId tree) throws IOException {
            if (here.has(tree)) {
                return; // every tree in the mirror came with everything under it
            }
            try (TreeWalk w = new TreeWalk(from)) {
                w.addTree(tree);
                w.setRecursive(false);
                while (w.next()) {
                    FileMode mode = w.getFileMode(0);
                    ObjectId id = w.getObjectId(0);
                    if (mode == FileMode.TREE) {
                        tree(id);
                    } else if (mode != FileMode.GITLINK && !here.has(id)) {
                        object(id);
                    }
                }
            }
            object(tree);
        }

        /** One object: its loose file as it is when the source has one, else through the inserter. */
        void object(ObjectId id) throws IOException {
            if (source.getObjectDatabase() instanceof ObjectDirectory s && mirror.getObjectDatabase() instanceof ObjectDirectory m
                    && linkLoose(s.fileFor(id).toPath(), m, id)) {
                return;
            }
            ObjectLoader loader = from.open(id);
            try (InputStream in = loader.openStream()) {
                into.insert(loader.getType(), loader.getSize(), in);
            }
        }
    }

    /**
     * Puts the source's loose object file {@code file} in place in {@code mirror}: a hard link, else a copy (another file
     * system), written to a temporary name and moved, so a reader never sees half of it. False when there is no such
     * file (the object is packed).
     */
    private static boolean linkLoose(Path file, ObjectDirectory mirror, ObjectId id) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Path target = mirror.fileFor(id).toPath();
        if (Files.exists(target)) {
            return true;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("tmp_copy_" + id.name() + "_" + Thread.currentThread().getId());
        try {
            try {
                Files.createLink(tmp, file);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp); // another copy won
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    private static void setRef(Repository repo, String name, ObjectId id) throws IOException {
        RefUpdate u = repo.updateRef(name);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        RefUpdate.Result r = u.update();
        if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.IO_FAILURE || r == RefUpdate.Result.REJECTED) {
            throw new IOException("cannot set " + name + " in " + repo.getDirectory() + ": " + r);
        }
    }
}
