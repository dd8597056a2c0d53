package io.shaozi.nlp.knowledge;

import io.shaozi.nlp.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The knowledge base in memory: the entries and their Lucene index, swapped whole on {@link #replace} (readers never
 * see a half-built index). Thread-safe. {@link #match} decides what to do with a resident's message; a report or a
 * complaint is never answered with an entry ({@link Asking}).
 */
public final class KnowledgeBase {

    /** Top entry's coverage at least this: answer with it (when it also stands out from the second). */
    static final double ANSWER_COVERAGE = 0.6;
    /** ... and its coverage counting words no entry has in full at least this (the question's topic is there). */
    static final double STRICT_COVERAGE = 0.55;
    /** Top score at least this times the second's, or coverage this much higher, makes the top entry stand out. */
    static final double STANDS_OUT_RATIO = 1.25;
    static final double STANDS_OUT_COVERAGE = 0.2;
    /** A statement (no question cue) is answered only at this coverage, never offered a choice. */
    static final double STATEMENT_COVERAGE = 0.85;
    /** Below this the entries do not fit. */
    static final double CHOICE_COVERAGE = 0.34;
    public static final int CHOICES = 3;

    private volatile KnowledgeIndex index;

    private KnowledgeBase(KnowledgeIndex index) {
        this.index = index;
    }

    /** A knowledge base over {@code entries} (ids must be distinct). */
    public static KnowledgeBase of(List<KnowledgeEntry> entries) {
        return new KnowledgeBase(KnowledgeIndex.build(distinct(entries)));
    }

    /** Rebuilds the index over {@code entries} and swaps it in. */
    public void replace(List<KnowledgeEntry> entries) {
        this.index = KnowledgeIndex.build(distinct(entries));
    }

    private static List<KnowledgeEntry> distinct(List<KnowledgeEntry> entries) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (KnowledgeEntry e : entries) {
            if (!ids.add(e.id())) {
                throw new KnowledgeException("id", "duplicate id " + e.id());
            }
        }
        return entries;
    }

    public List<KnowledgeEntry> entries() {
        return index.entries();
    }

    public int size() {
        return index.entries().size();
    }

    public Optional<KnowledgeEntry> entry(String id) {
        return index.entries().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** A ranked entry. */
    public record Hit(KnowledgeEntry entry, float score, double coverage) {}

    /** The best {@code k} entries for a message, best first (no question check). */
    public List<Hit> search(String text, int k) {
        List<Hit> out = new ArrayList<>();
        for (KnowledgeIndex.Scored s : index.search(Normalizer.normalize(text), Math.max(1, k))) {
            out.add(new Hit(s.entry(), s.score(), s.coverage()));
        }
        return out;
    }

    /** What to do with a resident's message. Never throws on any string. */
    public KnowledgeMatch match(String text) {
        String normalized;
        try {
            normalized = Normalizer.normalize(text);
        } catch (RuntimeException e) {
            return new KnowledgeMatch.NotAsked(Asking.Kind.OTHER);
        }
        Asking.Kind kind = Asking.of(normalized);
        if (kind == Asking.Kind.REPORT) {
            return new KnowledgeMatch.NotAsked(kind);
        }
        KnowledgeIndex current = index;
        List<KnowledgeIndex.Scored> hits;
        try {
            KnowledgeIndex.Prepared query = KnowledgeIndex.prepare(normalized);
            if (kind == Asking.Kind.OTHER && current.strictBound(query) < STRICT_COVERAGE) {
                // a statement is answered only with a strict coverage of STRICT_COVERAGE: no entry can reach it
                return new KnowledgeMatch.NotAsked(kind);
            }
            hits = current.search(query, CHOICES);
        } catch (RuntimeException e) {
            hits = List.of();
        }
        if (hits.isEmpty()) {
            return kind == Asking.Kind.QUESTION ? new KnowledgeMatch.NoMatch() : new KnowledgeMatch.NotAsked(kind);
        }
        KnowledgeIndex.Scored top = hits.get(0);
        boolean standsOut = hits.size() == 1 || top.score() >= STANDS_OUT_RATIO * hits.get(1).score()
                || top.coverage() - hits.get(1).coverage() >= STANDS_OUT_COVERAGE;
        if (kind != Asking.Kind.QUESTION) {
            return top.coverage() >= STATEMENT_COVERAGE && top.strictCoverage() >= STRICT_COVERAGE && standsOut
                    ? new KnowledgeMatch.Answer(top.entry(), top.coverage()) : new KnowledgeMatch.NotAsked(kind);
        }
        if (top.coverage() >= ANSWER_COVERAGE && top.strictCoverage() >= STRICT_COVERAGE && standsOut) {
            return new KnowledgeMatch.Answer(top.entry(), top.coverage());
        }
        if (top.coverage() >= CHOICE_COVERAGE) {
            List<KnowledgeEntry> offered = hits.stream().filter(h -> h.coverage() >= CHOICE_COVERAGE / 2)
                    .map(KnowledgeIndex.Scored::entry).limit(CHOICES).toList();
            // a choice of one is no choice: that entry is the answer (its reply says how to go on if it is not)
            boolean onlyOne = offered.size() == 1 && top.strictCoverage() >= STRICT_COVERAGE;
            return onlyOne ? new KnowledgeMatch.Answer(top.entry(), top.coverage()) : new KnowledgeMatch.Choice(offered);
        }
        return new KnowledgeMatch.NoMatch();
    }
}
