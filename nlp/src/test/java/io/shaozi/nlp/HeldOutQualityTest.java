package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the recipe of the shipped model on the held-out 20% of the real data (../shared/data, or
 * -Dshaozi.data=DIR): a model trained the same way on the other 80% (the shipped model itself is trained on every row,
 * so the held-out rows say nothing about it). Skips when the data is absent, except under CI=true, where missing data
 * fails.
 */
class HeldOutQualityTest {

    static Split.Result split;
    static CategoryModel shipped;
    /** The shipped recipe trained on the 80% side only: the model whose held-out figures the README reports. */
    static CategoryModel eighty;

    static Path dataDir() {
        String prop = System.getProperty("shaozi.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of("../../shared/data");
    }

    @BeforeAll
    static void load() throws Exception {
        Path dir = dataDir();
        Path train = dir.resolve("govmsg_train.csv");
        Path subject = dir.resolve("govmsg_train_with_subject.csv");
        boolean present = Files.isReadable(train) && Files.isReadable(subject);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("labelled data missing at " + dir.toAbsolutePath() + " (set -Dshaozi.data=DIR)");
        }
        assumeTrue(present, "labelled data not found at " + dir.toAbsolutePath());
        List<Dataset.Example> all = new ArrayList<>(Dataset.read(train, CategoryModel.CATEGORIES));
        all.addAll(Dataset.read(subject, CategoryModel.CATEGORIES));
        split = Split.split(Split.rows(all), Split.HOLDOUT_FRACTION, Split.DEFAULT_SEED);
        shipped = CategoryModel.loadDefault();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        eighty = CategoryModel.train(split.train(), CategoryModel.TrainOptions.defaults(), quiet);
    }

    static Evaluation evaluate(List<Dataset.Example> rows, Function<String, String> predictor) {
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (Dataset.Example e : rows) {
            gold.add(e.label());
            predicted.add(predictor.apply(e.text()));
        }
        return Evaluation.of(CategoryModel.CATEGORIES, gold, predicted);
    }

    static List<Dataset.Example> full(List<Split.Row> rows) {
        return rows.stream().map(Split.Row::example).toList();
    }

    @Test
    void split_heldOutSideIsTwentyPercentAndDisjointByBody() {
        int total = split.train().size() + split.holdout().size();
        assertThat((double) split.holdout().size() / total).isBetween(0.18, 0.22);
        List<String> trainBodies = split.train().stream().map(Split.Row::body).toList();
        assertThat(split.holdout()).noneMatch(r -> trainBodies.contains(r.body()));
    }

    @Test
    void eightyPercentModel_meetsTheReportedFiguresAndBeatsNaiveBayes() {
        Evaluation full = evaluate(full(split.holdout()), eighty::predict);
        Evaluation shortText = evaluate(Split.shortTexts(split.holdout()), eighty::predict);
        // README figures: 0.8892 / 0.7312; the floors leave room for nothing but rounding
        assertThat(full.macroF1()).isGreaterThanOrEqualTo(0.885);
        assertThat(shortText.macroF1()).isGreaterThanOrEqualTo(0.73);

        NaiveBayesBaseline nb = NaiveBayesBaseline.train(split.train());
        assertThat(full.macroF1()).isGreaterThan(evaluate(full(split.holdout()), nb::predict).macroF1());
        assertThat(shortText.macroF1()).isGreaterThan(evaluate(Split.shortTexts(split.holdout()), nb::predict).macroF1());
    }

    @Test
    void analyzerWithRules_keepsTheModelsQualityOnHeldOutLetters() {
        // the whole analyzer (the 80% model + the shipped categories.yaml and its cue gate) on the held-out letters:
        // measured 0.8852 full / 0.7270 short with the gate; without it the chat cues overruled confident answers
        // on long letters (0.7439 / 0.6935, nlp/README.md "Cue gate")
        TextAnalyzer whole = TextAnalyzer.of(eighty, CategoryRules.loadDefault(), NlpSettings.defaults().unsureThreshold());
        Function<String, String> analyzed = t -> whole.analyze(t).category().label();
        Evaluation full = evaluate(full(split.holdout()), analyzed);
        Evaluation shortText = evaluate(Split.shortTexts(split.holdout()), analyzed);
        assertThat(full.macroF1()).isGreaterThanOrEqualTo(0.88);
        assertThat(shortText.macroF1()).isGreaterThanOrEqualTo(0.72);
        // the rules may cost letters a little (keywords written for chat), not more than a point
        assertThat(full.macroF1()).isGreaterThan(evaluate(full(split.holdout()), eighty::predict).macroF1() - 0.01);
    }

    @Test
    void shippedModel_isTrainedOnEveryRowIncludingTheHeldOutOnes() {
        // a model that has seen the held-out rows fits them clearly better than the 80% model, which has not
        double seen = evaluate(full(split.holdout()), shipped::predict).macroF1();
        double unseen = evaluate(full(split.holdout()), eighty::predict).macroF1();
        assertThat(seen).isGreaterThan(unseen + 0.03);
    }

    @Test
    void confidence_isCalibratedOnHeldOutRows() {
        double confidence = 0;
        int correct = 0;
        List<Dataset.Example> rows = new ArrayList<>(full(split.holdout()));
        rows.addAll(Split.shortTexts(split.holdout()));
        for (Dataset.Example e : rows) {
            double[] p = eighty.probabilities(e.text());
            int best = CategoryModel.argmax(p);
            confidence += p[best];
            correct += eighty.labels().get(best).equals(e.label()) ? 1 : 0;
        }
        double meanConfidence = confidence / rows.size();
        double accuracy = (double) correct / rows.size();
        assertThat(Math.abs(meanConfidence - accuracy)).isLessThan(0.05);
    }
}
