package io.shaozi.nlp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Learning from dispatchers: base data plus the category corrections people made, and a candidate model that is
 * promoted only if it is not worse. Both recipes — the current one (base data) and the candidate (base data plus the
 * corrections) — are trained on the same 80% side and scored on one fixed held-out slice, the base data's held-out 20%
 * (seeded split; the current shipped model has seen those rows, so scoring it as it is would favour it unfairly).
 * The corrections whose text hashes into a held-out fifth are scored apart, for the log. When the candidate's
 * macro-F1 on the slice is at least the current one's, the candidate recipe is trained on every row and written,
 * atomically, to {@code out}.
 */
public final class Promotion {

    /** What happened. {@code version} is the promoted model's, empty when nothing was promoted. */
    public record Result(boolean promoted, double current, double candidate, int slice, int corrections, String version) {}

    private Promotion() {}

    /** A correction is held out when its text hashes into this fifth (stable across runs, like the seeded split). */
    static boolean heldOut(Dataset.Example e) {
        return Math.floorMod(e.text().hashCode(), 5) == 0;
    }

    public static Result run(List<Dataset.Example> base, List<Dataset.Example> corrections,
                             CategoryModel.TrainOptions options, Path out, PrintStream log) throws IOException {
        Split.Result split = Split.split(Split.rows(base), Split.HOLDOUT_FRACTION, options.seed());
        List<Dataset.Example> corrTrain = corrections.stream().filter(e -> !heldOut(e)).toList();
        List<Dataset.Example> corrSlice = corrections.stream().filter(Promotion::heldOut).toList();
        List<Dataset.Example> slice = split.holdout().stream().map(Split.Row::example).toList();

        List<Split.Row> candidateRows = new ArrayList<>(split.train());
        candidateRows.addAll(Split.rows(corrTrain));
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        CategoryModel currentModel = CategoryModel.train(split.train(), options, quiet);
        CategoryModel candidateModel = CategoryModel.train(candidateRows, options, quiet);
        double current = macroF1(currentModel, slice);
        double candidate = macroF1(candidateModel, slice);
        log.printf("fixed held-out slice: %d base rows; macro-F1 current %.4f, candidate %.4f%n", slice.size(), current,
                candidate);
        if (!corrSlice.isEmpty()) {
            log.printf("held-out corrections: %d; accuracy current %.4f, candidate %.4f%n", corrSlice.size(),
                    accuracy(currentModel, corrSlice), accuracy(candidateModel, corrSlice));
        }
        if (candidate < current) {
            log.println("not promoted: the candidate is worse on the held-out slice");
            return new Result(false, current, candidate, slice.size(), corrections.size(), "");
        }
        List<Split.Row> all = new ArrayList<>(Split.rows(base));
        all.addAll(Split.rows(corrections));
        CategoryModel model = CategoryModel.train(all, options, log);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        model.save(tmp);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String version = CategoryModel.load(out).version();
        log.println("promoted: wrote " + out + " (version " + version + ", " + all.size() + " rows)");
        return new Result(true, current, candidate, slice.size(), corrections.size(), version);
    }

    static double accuracy(CategoryModel m, List<Dataset.Example> rows) {
        return rows.stream().filter(e -> m.predict(e.text()).equals(e.label())).count() / (double) rows.size();
    }

    static double macroF1(CategoryModel m, List<Dataset.Example> rows) {
        List<String> gold = rows.stream().map(Dataset.Example::label).toList();
        List<String> pred = rows.stream().map(e -> m.predict(e.text())).toList();
        return Evaluation.of(m.labels(), gold, pred).macroF1();
    }
}
