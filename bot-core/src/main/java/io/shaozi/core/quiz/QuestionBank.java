package io.shaozi.core.quiz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The question bank: CSV imports (all or nothing), the shipped sample bank, retiring, listing. */
public final class QuestionBank {
    /** The shipped sample bank (a classpath resource). */
    public static final String SAMPLE = "/defaults/quiz/questions.csv";
    private final QuestionStore store;
    private final Clock clock;

    public QuestionBank(QuestionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Opens the bank; with {@code sampleBank}, loads the shipped questions first (idempotent, by id). */
    public static QuestionBank open(QuestionStore store, Clock clock, boolean sampleBank) {
        QuestionBank bank = new QuestionBank(store, clock);
        if (sampleBank) {
            ImportOutcome o = bank.loadSample();
            if (o instanceof ImportOutcome.Refused r) {
                throw new IllegalStateException("shipped question bank is invalid: " + r.errors());
            }
        }
        return bank;
    }

    /** Parses and imports an operator's CSV: every question, or none and every error with its line. */
    public ImportOutcome importCsv(byte[] csv) {
        return importAs(csv, QuestionStore.Origin.IMPORT);
    }

    /** Loads the shipped sample bank: updates sample questions by id, never un-retires nor overwrites imports. */
    public ImportOutcome loadSample() {
        return importAs(sampleBytes(), QuestionStore.Origin.SAMPLE);
    }

    public static byte[] sampleBytes() {
        try (InputStream in = QuestionBank.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SAMPLE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportOutcome importAs(byte[] csv, QuestionStore.Origin origin) {
        QuestionCsv.Result r = QuestionCsv.parse(csv);
        if (r instanceof QuestionCsv.Result.Invalid bad) {
            return new ImportOutcome.Refused(bad.errors());
        }
        List<Question> qs = ((QuestionCsv.Result.Parsed) r).questions();
        store.upsert(qs, origin, clock.instant());
        return new ImportOutcome.Imported(qs.size());
    }

    /** Retires a question: it stays in the bank (and in past results) but is no longer asked. */
    public boolean retire(String id) {
        return store.retire(id, clock.instant());
    }

    public Optional<StoredQuestion> find(String id) {
        return store.find(id);
    }

    public List<StoredQuestion> list(Optional<String> category, Optional<Boolean> retired, int size) {
        return store.list(category, retired, size);
    }
}
