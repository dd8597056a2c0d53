package io.shaozi.core.app;

import io.shaozi.nlp.TextAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a new category model into service without a restart: every {@code nlp.reloadSeconds} the server looks at the
 * model file ({@code nlp.model}); when its modification time or size changed it loads it (a file that does not load
 * leaves the current model in place, and is tried again when it changes). {@code ./bot train --from-store} replaces
 * the file atomically, so a half-written model is never read.
 */
final class ModelReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);

    private final TextAnalyzer nlp;
    private final Path file;
    private FileTime seen;
    private long seenSize;

    ModelReloader(TextAnalyzer nlp, Path file) {
        this.nlp = nlp;
        this.file = file;
        try {
            this.seen = Files.getLastModifiedTime(file);
            this.seenSize = Files.size(file);
        } catch (IOException e) {
            this.seen = FileTime.fromMillis(0);
            this.seenSize = -1;
        }
    }

    /** Loads the file when it changed; true when a new model is in service. */
    synchronized boolean check() {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (t.equals(seen) && size == seenSize) {
                return false;
            }
            seen = t;
            seenSize = size;
            String before = nlp.modelVersion();
            String version = nlp.reloadModel(file);
            LOG.info("category model reloaded from {}: version {} (was {})", file, version, before);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("category model at {} not loaded, keeping version {}: {}", file, nlp.modelVersion(), e.getMessage());
            return false;
        }
    }
}
