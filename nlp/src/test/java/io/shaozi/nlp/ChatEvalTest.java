package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat-style evaluation set ({@code chat-eval.tsv}, 300+ hand-written requests, questions and social turns) scored
 * with the whole analyzer. Floors sit just under the measured figures (nlp/README.md), so a regression fails the build.
 */
class ChatEvalTest {
    static final Set<IntentKind> SOCIAL = Set.of(IntentKind.THANKS, IntentKind.GOODBYE, IntentKind.PRAISE, IntentKind.ACK,
            IntentKind.NEVER_MIND, IntentKind.SOLVED, IntentKind.GREETING, IntentKind.FOREIGN);
    private static final List<String[]> ROWS = new ArrayList<>();
    private static TextAnalyzer analyzer;

    @BeforeAll
    static void load() throws IOException {
        ROWS.addAll(rows());
        analyzer = TextAnalyzer.loadDefault();
    }

    static List<String[]> rows() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = ChatEvalTest.class.getResourceAsStream("chat-eval.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t"));
                }
            }
        }
        return out;
    }

    private static List<String[]> requests() {
        return ROWS.stream().filter(r -> !r[0].equals("-")).toList();
    }

    private static List<String[]> social() {
        return ROWS.stream().filter(r -> r[0].equals("-")).toList();
    }

    @Test
    void set_hasThreeHundredRowsCoveringEveryCategoryTypeAndSocialTurn() {
        assertThat(ROWS).hasSizeGreaterThanOrEqualTo(300);
        for (String c : CategoryModel.CATEGORIES) {
            assertThat(requests().stream().filter(r -> r[0].equals(c))).as(c).hasSizeGreaterThanOrEqualTo(25);
        }
        for (RequestType t : RequestType.values()) {
            assertThat(requests().stream().filter(r -> r[1].equals(t.label()))).as(t.label()).hasSizeGreaterThanOrEqualTo(4);
        }
        for (IntentKind k : SOCIAL) {
            assertThat(social().stream().filter(r -> r[1].equals(k.name()))).as(k.name()).hasSizeGreaterThanOrEqualTo(5);
        }
        // every operator rule of categories.yaml is exercised by at least one request
        CategoryRules rules = CategoryRules.loadDefault();
        Set<String> fired = requests().stream().map(r -> rules.match(Normalizer.normalize(r[2])))
                .flatMap(java.util.Optional::stream).map(CategoryRules.Rule::name).collect(Collectors.toSet());
        assertThat(fired).containsAll(rules.rules().stream().map(CategoryRules.Rule::name).collect(Collectors.toSet()));
    }

    @Test
    void categories_macroF1OnChatRequestsIsAtLeastTheFloor() {
        Evaluation e = categoryEvaluation();
        // measured 2026-12-07: see nlp/README.md "Chat-style evaluation"
        assertThat(e.macroF1()).as(report()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void requestTypes_macroF1IsAtLeastTheFloor() {
        Evaluation e = typeEvaluation();
        assertThat(e.macroF1()).as(report()).isGreaterThanOrEqualTo(0.93);
    }

    @Test
    void socialTurns_neverOpenATicketAndGetTheirIntent() {
        List<String> wrong = new ArrayList<>();
        for (String[] r : social()) {
            IntentKind got = analyzer.analyze(r[2]).intent().kind();
            assertThat(got).as("a social turn must not become a request: %s", r[2]).isNotEqualTo(IntentKind.REQUEST);
            if (!got.name().equals(r[1])) {
                wrong.add(r[2] + " → " + got + " (want " + r[1] + ")");
            }
        }
        assertThat(wrong).as("social turns recognized wrongly").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void requests_areNeverTakenForSocialTurns() {
        List<String> wrong = new ArrayList<>();
        for (String[] r : requests()) {
            IntentKind got = analyzer.analyze(r[2]).intent().kind();
            if (SOCIAL.contains(got)) {
                wrong.add(r[2] + " → " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Evaluation categoryEvaluation() {
        List<String> gold = new ArrayList<>();
        List<String> pred = new ArrayList<>();
        for (String[] r : requests()) {
            gold.add(r[0]);
            pred.add(analyzer.analyze(r[2]).category().label());
        }
        return Evaluation.of(CategoryModel.CATEGORIES, gold, pred);
    }

    private static Evaluation typeEvaluation() {
        List<String> labels = Arrays.stream(RequestType.values()).map(RequestType::label).toList();
        List<String> gold = new ArrayList<>();
        List<String> pred = new ArrayList<>();
        for (String[] r : requests()) {
            gold.add(r[1]);
            pred.add(analyzer.analyze(r[2]).requestType().label());
        }
        return Evaluation.of(labels, gold, pred);
    }

    /** The figures and the errors, for the failure message and for nlp/README.md. */
    static String report() {
        StringBuilder sb = new StringBuilder();
        Evaluation c = categoryEvaluation();
        Evaluation t = typeEvaluation();
        sb.append(String.format("category: n=%d accuracy=%.4f macroF1=%.4f%n", c.n(), c.accuracy(), c.macroF1()));
        sb.append(String.format("type: accuracy=%.4f macroF1=%.4f%n", t.accuracy(), t.macroF1()));
        for (String[] r : requests()) {
            Analysis a = analyzer.analyze(r[2]);
            if (!a.category().label().equals(r[0]) || !a.requestType().label().equals(r[1])) {
                sb.append(r[2]).append(" → ").append(a.category().label()).append('/').append(a.requestType().label())
                        .append(" (want ").append(r[0]).append('/').append(r[1]).append(")\n");
            }
        }
        return sb.toString();
    }

    @Test
    void printReport() {
        System.out.println(report());
        for (String[] r : social()) {
            IntentKind got = analyzer.analyze(r[2]).intent().kind();
            if (!got.name().equals(r[1])) {
                System.out.println("social " + r[2] + " → " + got + " (want " + r[1] + ")");
            }
        }
    }
}
