package io.shaozi.nlp.knowledge;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a folder of entries: every {@code *.md} file directly inside it, in name order. A file that cannot be read or
 * parsed is reported in {@link Read#problems()} and left out; the others load.
 */
public final class KnowledgeFolder {

    /** At most this many entries are read from one folder. */
    public static final int MAX_ENTRIES = 5000;

    private KnowledgeFolder() {}

    /** The entries read, and one line per file left out ({@code "name.md: title: …"}). */
    public record Read(List<KnowledgeEntry> entries, List<String> problems) {
        public Read {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    public static Read read(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().toList();
        }
        List<KnowledgeEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(0, name.length() - 3);
            if (entries.size() >= MAX_ENTRIES) {
                problems.add(name + ": more than " + MAX_ENTRIES + " entries");
                continue;
            }
            try {
                if (Files.size(f) > KnowledgeEntry.MAX_FILE * 4L) {
                    throw new KnowledgeException("file", "longer than " + KnowledgeEntry.MAX_FILE + " characters");
                }
                entries.add(KnowledgeEntry.parse(id, decode(Files.readAllBytes(f))));
            } catch (KnowledgeException e) {
                problems.add(name + ": " + e.getMessage());
            } catch (IOException e) {
                problems.add(name + ": cannot read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Read(entries, problems);
    }

    /** Strict UTF-8. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KnowledgeException("file", "not UTF-8");
        }
    }
}
