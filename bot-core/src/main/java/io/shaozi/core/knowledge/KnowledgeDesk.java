package io.shaozi.core.knowledge;

import io.shaozi.nlp.knowledge.KnowledgeBase;
import io.shaozi.nlp.knowledge.KnowledgeEntry;
import io.shaozi.nlp.knowledge.KnowledgeException;
import io.shaozi.nlp.knowledge.KnowledgeFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running knowledge base and where its entries come from: the folder {@code knowledge.dir} when it exists, else
 * the entries shipped in the jar ({@code /defaults/knowledge/}). {@link #reloadIfChanged()} (called by a timer every
 * {@code knowledge.pollSeconds}) reloads when a file was added, removed or changed (name, size, modification time);
 * {@link #put} and {@link #delete} write the folder and reload at once. Thread-safe.
 */
public final class KnowledgeDesk {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeDesk.class);
    static final String SHIPPED = "/defaults/knowledge";

    private final Optional<Path> dir;
    private final Clock clock;
    private final KnowledgeBase base;
    private final Object lock = new Object();
    private volatile State state;

    /** What was loaded, from where and when, and the files left out (one line each). */
    public record State(String source, Instant loadedAt, List<String> problems, Map<String, String> fingerprint) {
        public State {
            problems = List.copyOf(problems);
            fingerprint = Map.copyOf(fingerprint);
        }
    }

    /** @param dir the folder of {@code knowledge.dir}; empty: the shipped entries only (read-only) */
    public KnowledgeDesk(Optional<Path> dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        Loaded first = load();
        this.base = KnowledgeBase.of(first.entries);
        this.state = first.state;
        LOG.info("knowledge base: {} entries from {}{}", first.entries.size(), first.state.source(),
                first.state.problems().isEmpty() ? "" : ", files left out: " + first.state.problems());
    }

    public KnowledgeBase base() {
        return base;
    }

    public State state() {
        return state;
    }

    /** Whether operators may edit (a folder is configured). */
    public boolean editable() {
        return dir.isPresent();
    }

    public Optional<Path> dir() {
        return dir;
    }

    private record Loaded(List<KnowledgeEntry> entries, State state) {}

    private Loaded load() {
        Instant now = clock.instant();
        if (dir.isPresent() && Files.isDirectory(dir.get())) {
            try {
                Map<String, String> fp = fingerprint(dir.get());
                KnowledgeFolder.Read r = KnowledgeFolder.read(dir.get());
                return new Loaded(r.entries(), new State(dir.get().toString(), now, r.problems(), fp));
            } catch (IOException e) {
                LOG.warn("knowledge.dir {} cannot be read ({}); keeping what was loaded", dir.get(),
                        e.getClass().getSimpleName());
                State s = state;
                if (s != null) {
                    return null;
                }
            }
        }
        return new Loaded(shipped(), new State("shipped", now, List.of(), Map.of()));
    }

    /** The entries shipped in the jar. */
    public static List<KnowledgeEntry> shipped() {
        URL url = KnowledgeDesk.class.getResource(SHIPPED);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    return KnowledgeFolder.read(fs.provider().getPath(uri)).entries();
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            }
            return KnowledgeFolder.read(Path.of(uri)).entries();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the shipped knowledge base", e);
        }
    }

    private static Map<String, String> fingerprint(Path d) throws IOException {
        Map<String, String> fp = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".md")).toList()) {
                try {
                    fp.put(p.getFileName().toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    fp.put(p.getFileName().toString(), "?");
                }
            }
        }
        return fp;
    }

    /** Reloads when the folder's files changed since the last load; true when it did. Never throws. */
    public boolean reloadIfChanged() {
        try {
            synchronized (lock) {
                State s = state;
                boolean folderNow = dir.isPresent() && Files.isDirectory(dir.get());
                boolean fromFolder = !"shipped".equals(s.source());
                if (!folderNow && !fromFolder) {
                    return false;
                }
                if (folderNow && fromFolder && fingerprint(dir.get()).equals(s.fingerprint())) {
                    return false;
                }
                return reload();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("knowledge base reload failed: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    private boolean reload() {
        Loaded l = load();
        if (l == null) {
            return false;
        }
        base.replace(l.entries());
        state = l.state();
        LOG.info("knowledge base reloaded: {} entries from {}{}", l.entries().size(), l.state().source(),
                l.state().problems().isEmpty() ? "" : ", files left out: " + l.state().problems());
        return true;
    }

    /** Whether the entry was created (false: replaced). Validated first: nothing is written when it is refused. */
    public boolean put(KnowledgeEntry entry) {
        return write(entry, false) == Written.CREATED;
    }

    /** Writes the entry only when there is none with its id; false (nothing written) when there is. */
    public boolean create(KnowledgeEntry entry) {
        return write(entry, true) == Written.CREATED;
    }

    private enum Written { CREATED, REPLACED, EXISTS }

    private Written write(KnowledgeEntry entry, boolean createOnly) {
        Path d = dir.orElseThrow(() -> new KnowledgeException("knowledge.dir", "not configured: the knowledge base is read-only"));
        synchronized (lock) {
            readsBack(entry);
            try {
                seed(d);
                Path f = d.resolve(entry.id() + ".md");
                boolean created = !Files.exists(f);
                if (!created && createOnly) {
                    return Written.EXISTS;
                }
                Path tmp = Files.createTempFile(d, ".kb-", ".tmp");
                try {
                    Files.writeString(tmp, entry.markdown(), StandardCharsets.UTF_8);
                    try {
                        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                reload();
                return created ? Written.CREATED : Written.REPLACED;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the knowledge entry", e);
            }
        }
    }

    /**
     * What is written must read back as the same entry: an answer whose first line looks like {@code 问：…} would come
     * back as one more question (and a shorter answer), so it is refused naming {@code answer}.
     */
    private static void readsBack(KnowledgeEntry entry) {
        KnowledgeEntry back = KnowledgeEntry.parse(entry.id(), entry.markdown());
        if (!back.title().equals(entry.title()) || !back.questions().equals(entry.questions())) {
            throw new KnowledgeException("answer", "its first line must not start with '问：' (it would be read as a question)");
        }
    }

    /** Removes an entry's file; false when there was none. */
    public boolean delete(String id) {
        Path d = dir.orElseThrow(() -> new KnowledgeException("knowledge.dir", "not configured: the knowledge base is read-only"));
        if (!KnowledgeEntry.validId(id)) {
            return false;
        }
        synchronized (lock) {
            try {
                seed(d);
                boolean removed = Files.deleteIfExists(d.resolve(id + ".md"));
                reload();
                return removed;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the knowledge entry", e);
            }
        }
    }

    /** A missing folder is created with the shipped entries in it, so that the first edit loses none of them. */
    private void seed(Path d) throws IOException {
        if (Files.isDirectory(d)) {
            return;
        }
        Files.createDirectories(d);
        List<KnowledgeEntry> shipped = new ArrayList<>(shipped());
        for (KnowledgeEntry e : shipped) {
            Files.writeString(d.resolve(e.id() + ".md"), e.markdown(), StandardCharsets.UTF_8);
        }
        LOG.info("knowledge.dir {} created with the {} shipped entries", d, shipped.size());
    }
}
