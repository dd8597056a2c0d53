package io.shaozi.nlp.cli;

import io.shaozi.nlp.CategoryModel;
import io.shaozi.nlp.Dataset;
import io.shaozi.nlp.Evaluation;
import io.shaozi.nlp.NaiveBayesBaseline;
import io.shaozi.nlp.NlpSettings;
import io.shaozi.nlp.Promotion;
import io.shaozi.nlp.Split;
import io.shaozi.nlp.TextAnalyzer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code classify}, {@code train} and {@code eval} commands of {@code ./bot}. Each returns the process exit
 * code: 0 ok, 1 bad data (the message names the file and line), 2 usage error (the message names the flag).
 */
public final class NlpCommands {

    static final String DEFAULT_OUT = "nlp/src/main/resources/io/shaozi/nlp/" + CategoryModel.DEFAULT_RESOURCE;

    private NlpCommands() {}

    /** Standalone entry point: {@code classify|train|eval ARGS…} (bot-core's launcher calls the methods directly). */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        String command = args.length == 0 ? "" : args[0];
        int code;
        switch (command) {
            case "classify":
                code = classify(rest, out, err);
                break;
            case "train":
                code = train(rest, out, err);
                break;
            case "eval":
                code = eval(rest, out, err);
                break;
            default:
                err.println("usage: classify TEXT | train --data CSV[,CSV…] [--out FILE] | eval --data CSV[,CSV…] [--model FILE]");
                code = 2;
        }
        System.exit(code);
    }

    /** Usage failure with a one-line message. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code classify TEXT...}: prints the analysis as pretty JSON. */
    public static int classify(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        List<String> positional = new ArrayList<>();
        try {
            flags = parse(args, Set.of("--model", "--categories", "--threshold"), positional);
            if (positional.isEmpty()) {
                throw new UsageException("usage: classify TEXT [--model FILE] [--categories YAML] [--threshold P]");
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        NlpSettings settings;
        try {
            settings = new NlpSettings(optionalPath(flags.get("--model")), optionalPath(flags.get("--categories")),
                    flags.containsKey("--threshold") ? Double.parseDouble(flags.get("--threshold"))
                            : NlpSettings.DEFAULT_UNSURE_THRESHOLD);
        } catch (NumberFormatException e) {
            err.println("--threshold: not a number: " + flags.get("--threshold"));
            return 2;
        }
        TextAnalyzer analyzer;
        try {
            analyzer = TextAnalyzer.load(settings);
        } catch (RuntimeException e) {
            err.println("cannot load the analyzer: " + e.getMessage());
            return 1;
        }
        out.println(TextAnalyzer.toJson(analyzer.analyze(String.join(" ", positional))));
        return 0;
    }

    /**
     * {@code train --data CSV[,CSV…] [--out FILE] [--holdout-seed N] [--all] [--solver lr|svm|cs] [--c C]
     * [--bits B] [--no-short] [--short-weight W] [--sentence-weight W]}. Trains on the 80% side of the held-out
     * split unless {@code --all}.
     */
    public static int train(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        try {
            flags = parse(args, Set.of("--data", "--out", "--holdout-seed", "--all", "--solver", "--c", "--bits",
                    "--no-short", "--features", "--short-weight", "--sentence-weight", "--corrections"), new ArrayList<>());
            require(flags, "--data", "usage: train --data CSV[,CSV…] [--out FILE] [--holdout-seed N] [--all]"
                    + " [--corrections CSV]");
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        CategoryModel.TrainOptions defaults = CategoryModel.TrainOptions.defaults();
        long seed;
        CategoryModel.TrainOptions options;
        try {
            seed = longFlag(flags, "--holdout-seed", Split.DEFAULT_SEED);
            options = new CategoryModel.TrainOptions((int) longFlag(flags, "--bits", defaults.bits()),
                    (int) longFlag(flags, "--features", defaults.features()),
                    flags.getOrDefault("--solver", defaults.solver()), doubleFlag(flags, "--c", defaults.c()),
                    !flags.containsKey("--no-short"), doubleFlag(flags, "--short-weight", defaults.shortWeight()),
                    doubleFlag(flags, "--sentence-weight", defaults.sentenceWeight()), seed);
            if (!(options.shortWeight() > 0)) {
                throw new UsageException("--short-weight: expected a number > 0, got " + options.shortWeight());
            }
            if (!(options.sentenceWeight() >= 0)) {
                throw new UsageException("--sentence-weight: expected a number >= 0, got " + options.sentenceWeight());
            }
            if (!Set.of("lr", "svm", "cs").contains(options.solver())) {
                throw new UsageException("--solver: expected lr, svm or cs, got " + options.solver());
            }
            if (options.bits() < 12 || options.bits() > 22) {
                throw new UsageException("--bits: expected 12..22, got " + options.bits());
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (flags.containsKey("--corrections")) {
            // learning from dispatchers: base data + corrections, promoted only if not worse on the fixed slice
            Path target = Path.of(flags.getOrDefault("--out", DEFAULT_OUT));
            try {
                List<Dataset.Example> base = readAll(flags.get("--data"), List.of());
                List<Dataset.Example> corrections = readAll(flags.get("--corrections"), CategoryModel.CATEGORIES);
                out.println("base rows " + base.size() + ", corrections " + corrections.size());
                Promotion.Result r = Promotion.run(base, corrections, options, target, out);
                return r.promoted() ? 0 : 3;
            } catch (Dataset.DataException e) {
                err.println(e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println(target + ": cannot write model (" + e.getMessage() + ")");
                return 1;
            }
        }
        List<Split.Row> rows;
        try {
            rows = Split.rows(readAll(flags.get("--data"), List.of()));
        } catch (Dataset.DataException e) {
            err.println(e.getMessage());
            return 1;
        }
        List<Split.Row> train = rows;
        if (!flags.containsKey("--all")) {
            Split.Result split = Split.split(rows, Split.HOLDOUT_FRACTION, seed);
            train = split.train();
            out.println("training on " + train.size() + " of " + rows.size() + " rows (held out " + split.holdout().size()
                    + ", seed " + seed + ")");
        } else {
            out.println("training on all " + rows.size() + " rows");
        }
        CategoryModel model = CategoryModel.train(train, options, out);
        Path target = Path.of(flags.getOrDefault("--out", DEFAULT_OUT));
        try {
            model.save(target);
            out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
        } catch (IOException e) {
            err.println(target + ": cannot write model (" + e.getMessage() + ")");
            return 1;
        }
        return 0;
    }

    /**
     * {@code eval --data CSV[,CSV…] [--model FILE] [--split all|holdout] [--holdout-seed N] [--baseline]}.
     * With {@code --split holdout} evaluates only the 20% held-out rows, then the short-text view of them.
     * {@code --baseline} evaluates HanLP's NaiveBayes trained on the other 80% instead of the model.
     */
    public static int eval(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        try {
            flags = parse(args, Set.of("--data", "--model", "--split", "--holdout-seed", "--baseline", "--short"),
                    new ArrayList<>());
            require(flags, "--data", "usage: eval --data CSV[,CSV…] [--model FILE] [--split all|holdout] [--baseline]");
            String split = flags.getOrDefault("--split", "all");
            if (!split.equals("all") && !split.equals("holdout")) {
                throw new UsageException("--split: expected all or holdout, got " + split);
            }
            if (flags.containsKey("--baseline") && !split.equals("holdout")) {
                throw new UsageException("--baseline: needs --split holdout (it trains on the other 80%)");
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        long seed;
        try {
            seed = longFlag(flags, "--holdout-seed", Split.DEFAULT_SEED);
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        List<Split.Row> rows;
        try {
            rows = Split.rows(readAll(flags.get("--data"), CategoryModel.CATEGORIES));
        } catch (Dataset.DataException e) {
            err.println(e.getMessage());
            return 1;
        }
        boolean holdout = flags.getOrDefault("--split", "all").equals("holdout");
        List<Split.Row> evalRows = rows;
        List<Split.Row> trainRows = List.of();
        if (holdout) {
            Split.Result split = Split.split(rows, Split.HOLDOUT_FRACTION, seed);
            evalRows = split.holdout();
            trainRows = split.train();
        }
        Function<String, String> predictor;
        List<String> labels;
        if (flags.containsKey("--baseline")) {
            NaiveBayesBaseline nb = NaiveBayesBaseline.train(trainRows);
            predictor = nb::predict;
            labels = CategoryModel.CATEGORIES;
            err.println("baseline: HanLP NaiveBayesClassifier trained on the " + trainRows.size() + " training-side rows");
        } else {
            CategoryModel model;
            try {
                model = flags.containsKey("--model") ? CategoryModel.load(Path.of(flags.get("--model")))
                        : CategoryModel.loadDefault();
            } catch (IOException | RuntimeException e) {
                err.println(flags.getOrDefault("--model", "shipped model") + ": cannot load model (" + e.getMessage() + ")");
                return 1;
            }
            predictor = model::predict;
            labels = model.labels();
        }
        List<Dataset.Example> full = new ArrayList<>();
        for (Split.Row r : evalRows) {
            full.add(r.example());
        }
        boolean shortOnly = flags.containsKey("--short");
        List<Dataset.Example> first = shortOnly ? Split.shortTexts(evalRows) : full;
        out.print(evaluate(first, labels, predictor).report());
        if (holdout && !shortOnly) {
            List<Dataset.Example> shortTexts = Split.shortTexts(evalRows);
            out.println();
            out.println("# short text: subjects and first sentences (<= 30 characters) of the held-out rows");
            out.print(evaluate(shortTexts, labels, predictor).report());
            List<Dataset.Example> subjects = Split.subjects(evalRows);
            if (!subjects.isEmpty()) {
                out.println();
                out.println("# short text, subjects only: " + evaluate(subjects, labels, predictor).firstLine());
                out.println("# short text, first sentences only: "
                        + evaluate(Split.firstSentences(evalRows), labels, predictor).firstLine());
            }
        }
        return 0;
    }

    private static Evaluation evaluate(List<Dataset.Example> examples, List<String> modelLabels,
            Function<String, String> predictor) {
        List<String> labels = new ArrayList<>(modelLabels);
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (Dataset.Example e : examples) {
            gold.add(e.label());
            predicted.add(predictor.apply(e.text()));
            if (!labels.contains(e.label())) {
                labels.add(e.label());
            }
        }
        return Evaluation.of(labels, gold, predicted);
    }

    private static List<Dataset.Example> readAll(String csvs, List<String> allowed) throws Dataset.DataException {
        List<Dataset.Example> all = new ArrayList<>();
        for (String part : csvs.split(",")) {
            if (!part.isBlank()) {
                all.addAll(Dataset.read(Path.of(part.strip()), allowed));
            }
        }
        return all;
    }

    private static Optional<Path> optionalPath(String value) {
        return value == null ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static void require(Map<String, String> flags, String flag, String usage) throws UsageException {
        if (!flags.containsKey(flag) || flags.get(flag).isBlank()) {
            throw new UsageException(flag + ": missing (" + usage + ")");
        }
    }

    private static long longFlag(Map<String, String> flags, String flag, long dflt) throws UsageException {
        String v = flags.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": not an integer: " + v);
        }
    }

    private static double doubleFlag(Map<String, String> flags, String flag, double dflt) throws UsageException {
        String v = flags.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": not a number: " + v);
        }
    }

    private static final Set<String> BOOLEAN_FLAGS = Set.of("--all", "--baseline", "--no-short", "--short");

    /** Parses {@code --flag value}, {@code --flag=value} and boolean flags; unknown flags are usage errors. */
    private static Map<String, String> parse(List<String> args, Set<String> known, List<String> positional)
            throws UsageException {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (!known.contains(name)) {
                    throw new UsageException(name + ": unknown flag");
                }
                if (BOOLEAN_FLAGS.contains(name)) {
                    flags.put(name, "true");
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(name + ": missing value");
                    }
                    value = args.get(++i);
                }
                flags.put(name, value);
            } else {
                positional.add(a);
            }
        }
        return flags;
    }
}
