package io.shaozi.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Group commit for the embedded H2 file: {@link #await} returns once an fsync that started after the call has
 * finished, so every commit written before the call is on the disk. Concurrent callers share one fsync: while one
 * runs, the others queue, and the next one covers all of them.
 */
class GroupSync implements AutoCloseable {
    /** Nothing to sync (PostgreSQL syncs at commit; in-memory H2 has no file). */
    static final GroupSync NONE = new GroupSync(Optional.empty());

    private final Optional<FileChannel> file;
    private final Object syncLock = new Object();
    private long requested;
    private long synced;

    private GroupSync(Optional<FileChannel> file) {
        this.file = file;
    }

    /** For an H2 URL: the {@code .mv.db} file when the URL names one that exists, else {@link #NONE}. */
    static GroupSync forH2(String url) {
        Optional<Matcher> m = H2Repair.fileUrl(url);
        if (m.isEmpty()) {
            return NONE;
        }
        Path db = Path.of(m.get().group(1) + ".mv.db");
        if (!Files.isRegularFile(db)) {
            return NONE;
        }
        try {
            return new GroupSync(Optional.of(FileChannel.open(db, StandardOpenOption.READ)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + db + " for fsync", e);
        }
    }

    void await() {
        if (file.isEmpty()) {
            return;
        }
        long ticket;
        synchronized (this) {
            ticket = ++requested;
        }
        synchronized (syncLock) {
            if (synced >= ticket) {
                return; // an fsync that started after this call covered it
            }
            long upTo;
            synchronized (this) {
                upTo = requested;
            }
            try {
                file.get().force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("fsync of the H2 file failed", e);
            }
            synced = upTo;
        }
    }

    @Override
    public void close() {
        file.ifPresent(f -> {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        });
    }
}
