package io.shaozi.nlp.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped knowledge base ({@code config/knowledge}) against questions written as paraphrases (none is a title or a
 * 问 line) and complaints: the right entry must come first for at least 85 % of the questions, and at most one
 * complaint in 20 may be answered from the knowledge base (an answer or a choice of titles) instead of a ticket.
 */
class KnowledgeEvaluationTest {
    static final Path SHIPPED = Path.of("..", "config", "knowledge");

    record Question(String entry, String text) {}

    static KnowledgeBase kb;
    static List<Question> questions;
    static List<String> complaints;

    @BeforeAll
    static void load() throws IOException {
        KnowledgeFolder.Read read = KnowledgeFolder.read(SHIPPED);
        assertThat(read.problems()).isEmpty();
        kb = KnowledgeBase.of(read.entries());
        questions = lines("questions.tsv").stream().map(l -> l.split("\t", 2)).map(p -> new Question(p[0], p[1])).toList();
        complaints = lines("complaints.tsv");
    }

    static List<String> lines(String name) throws IOException {
        try (InputStream in = KnowledgeEvaluationTest.class.getResourceAsStream(name)) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l.strip());
                }
            }
            return out;
        }
    }

    @Test
    void evaluationSets_areLargeEnoughAndNameShippedEntries() {
        assertThat(kb.size()).isGreaterThanOrEqualTo(30);
        assertThat(questions).hasSizeGreaterThanOrEqualTo(80);
        assertThat(complaints).hasSizeGreaterThanOrEqualTo(40);
        for (Question q : questions) {
            assertThat(kb.entry(q.entry())).as(q.entry()).isPresent();
            KnowledgeEntry e = kb.entry(q.entry()).orElseThrow();
            assertThat(e.questions()).as("a paraphrase, not a 问 line").doesNotContain(q.text());
            assertThat(e.title()).isNotEqualTo(q.text());
        }
    }

    @Test
    void questions_rightEntryFirst_atLeast85Percent() {
        int first = 0;
        int answered = 0;
        int answeredRight = 0;
        int offered = 0;
        List<String> misses = new ArrayList<>();
        for (Question q : questions) {
            List<KnowledgeBase.Hit> hits = kb.search(q.text(), 3);
            boolean right = !hits.isEmpty() && hits.get(0).entry().id().equals(q.entry());
            if (right) {
                first++;
            } else {
                misses.add(q.text() + " -> " + (hits.isEmpty() ? "-" : hits.get(0).entry().id()));
            }
            KnowledgeMatch m = kb.match(q.text());
            if (m instanceof KnowledgeMatch.Answer a) {
                answered++;
                answeredRight += a.entry().id().equals(q.entry()) ? 1 : 0;
            } else if (m instanceof KnowledgeMatch.Choice c) {
                offered += c.entries().stream().anyMatch(e -> e.id().equals(q.entry())) ? 1 : 0;
            }
        }
        double rate = first / (double) questions.size();
        System.out.printf("knowledge: right entry first %.3f (%d/%d); answered directly %d (right %d), right entry"
                + " among offered titles %d; misses %s%n", rate, first, questions.size(), answered, answeredRight, offered,
                misses);
        assertThat(rate).isGreaterThanOrEqualTo(0.85);
        // a direct answer must be the right one nearly always: a wrong answer misleads, a choice only costs a reply
        assertThat(answeredRight).isGreaterThanOrEqualTo((int) Math.ceil(answered * 0.95));
        assertThat(answeredRight + offered).isGreaterThanOrEqualTo((int) Math.ceil(questions.size() * 0.8));
    }

    @Test
    void complaints_atMostOneIn20AnsweredFromTheKnowledgeBase() {
        List<String> answered = new ArrayList<>();
        for (String c : complaints) {
            KnowledgeMatch m = kb.match(c);
            if (m instanceof KnowledgeMatch.Answer || m instanceof KnowledgeMatch.Choice) {
                answered.add(c + " -> " + m);
            }
        }
        System.out.printf("knowledge: complaints answered from the knowledge base %d/%d %s%n", answered.size(),
                complaints.size(), answered);
        assertThat(answered.size()).isLessThanOrEqualTo(complaints.size() / 20);
    }

    /**
     * The bound that lets a statement skip the search is a bound: for every message of the evaluation sets (and each
     * with a random character dropped), no entry's strict coverage exceeds it; and it does skip statements no entry
     * can answer.
     */
    @Test
    void strictBound_isNeverBelowAnEntrysStrictCoverage_andSkipsWhatNoEntryCanAnswer() throws IOException {
        KnowledgeIndex index = KnowledgeIndex.build(kb.entries());
        List<String> texts = new ArrayList<>(complaints);
        questions.forEach(q -> texts.add(q.text()));
        for (String l : lines("../chat-phrases.tsv")) {
            texts.add(l.split("\t")[0]);
        }
        java.util.Random random = new java.util.Random(17);
        for (String t : List.copyOf(texts)) {
            if (t.length() > 2) {
                int i = random.nextInt(t.length());
                texts.add(t.substring(0, i) + t.substring(i + 1));
            }
        }
        int skipped = 0;
        for (String t : texts) {
            String normalized = io.shaozi.nlp.Normalizer.normalize(t);
            KnowledgeIndex.Prepared p = KnowledgeIndex.prepare(normalized);
            double bound = index.strictBound(p);
            for (KnowledgeIndex.Scored s : index.search(p, kb.size())) {
                assertThat(s.strictCoverage()).as("%s: %s", t, s.entry().id()).isLessThanOrEqualTo(bound);
            }
            skipped += bound < KnowledgeBase.STRICT_COVERAGE ? 1 : 0;
        }
        assertThat(skipped).as("messages no entry can answer as a statement").isGreaterThan(texts.size() / 4);
        assertThat(index.strictBound(KnowledgeIndex.prepare(io.shaozi.nlp.Normalizer.normalize("安宁康乐和小区门口的诊所卖过期药"))))
                .isLessThan(KnowledgeBase.STRICT_COVERAGE);
    }
}
