package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How chat-length requests are routed: a hand-written set (7+ phrases per category, never trained on) scored with the
 * shipped model alone and with the whole analyzer (model plus the operator rules of categories.yaml). The held-out
 * data measures letters and their first sentences; this set measures what residents actually type into a chat.
 */
class ChatPhraseCategoryTest {
    private static final List<String[]> PHRASES = new ArrayList<>();
    private static TextAnalyzer analyzer;
    private static CategoryModel model;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ChatPhraseCategoryTest.class.getResourceAsStream("chat-phrases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    PHRASES.add(line.split("\t"));
                }
            }
        }
        analyzer = TextAnalyzer.loadDefault();
        model = CategoryModel.loadDefault();
    }

    @Test
    void phraseSet_coversEveryCategoryWithAtLeastSevenPhrases() {
        for (String category : CategoryModel.CATEGORIES) {
            assertThat(PHRASES.stream().filter(p -> p[1].equals(category))).as(category).hasSizeGreaterThanOrEqualTo(7);
        }
        assertThat(PHRASES).allMatch(p -> CategoryModel.CATEGORIES.contains(p[1]));
    }

    @Test
    void analyzer_routesNineInTenChatPhrasesToTheRightCategory() {
        List<String> wrong = new ArrayList<>();
        for (String[] p : PHRASES) {
            String got = analyzer.analyze(p[0]).category().label();
            if (!got.equals(p[1])) {
                wrong.add(p[0] + " → " + got + " (want " + p[1] + ")");
            }
        }
        // measured 46 of 50 with the shipped model and rules (2026-11-28)
        assertThat(PHRASES.size() - wrong.size()).as("right; wrong: %s", wrong)
                .isGreaterThanOrEqualTo(PHRASES.size() * 9 / 10);
    }

    @Test
    void modelAlone_routesThreeInFourChatPhrasesToTheRightCategory() {
        long right = PHRASES.stream().filter(p -> model.predict(p[0]).equals(p[1])).count();
        // measured 39 of 50 with the model trained on every row (the 80% model: 41; before weighted short views: 39)
        assertThat(right).isGreaterThanOrEqualTo(PHRASES.size() * 3 / 4);
    }
}
