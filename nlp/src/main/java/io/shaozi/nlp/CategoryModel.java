package io.shaozi.nlp;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The department-level category model: a one-vs-rest linear SVM (L2-loss, with per-instance costs so that
 * short training views weigh less than full texts; liblinear for the {@code lr}/{@code cs} solvers) over hashed
 * character n-grams and HanLP words, with temperature-calibrated probabilities. Immutable and thread-safe.
 */
public final class CategoryModel {

    /** The classpath resource of the shipped model. */
    public static final String DEFAULT_RESOURCE = "category-model.bin.gz";

    /** The seven department-level categories of the labelled data. */
    public static final List<String> CATEGORIES =
            List.of("城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生");

    /**
     * Training options. {@code shortWeight} is the cost weight of the short views (subjects and first sentences)
     * relative to full texts; {@code sentenceWeight} adds every informative sentence of every body (cut to 30
     * characters) as a short view with that weight (0: none). Instance weights apply to the {@code svm} solver
     * (our dual coordinate descent); {@code lr} and {@code cs} go through liblinear, which ignores them.
     */
    public record TrainOptions(int bits, int features, String solver, double c, boolean augmentShort, double shortWeight,
            double sentenceWeight, long seed) {
        public static TrainOptions defaults() {
            return new TrainOptions(18, Featurizer.DEFAULT_FLAGS, "svm", 0.5, true, 0.5, 0.2, Split.DEFAULT_SEED);
        }
    }

    private final LinearModel model;
    private final String version;

    CategoryModel(LinearModel model) {
        this(model, "untrained-file");
    }

    private CategoryModel(LinearModel model, String version) {
        this.model = model;
        this.version = version;
    }

    /**
     * The model's version: the first 12 hex digits of the SHA-256 of its file (the same file, the same version;
     * recorded with every classification so a decision can be traced to the model that made it).
     */
    public String version() {
        return version;
    }

    private static CategoryModel read(byte[] file) throws IOException {
        return new CategoryModel(LinearModel.read(new java.io.ByteArrayInputStream(file)), versionOf(file));
    }

    static String versionOf(byte[] file) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(file);
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    LinearModel linear() {
        return model;
    }

    public List<String> labels() {
        return model.labels();
    }

    public String info() {
        return model.info();
    }

    /** Loads the model shipped on the classpath. */
    public static CategoryModel loadDefault() throws IOException {
        try (InputStream in = CategoryModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + DEFAULT_RESOURCE);
            }
            return read(in.readAllBytes());
        }
    }

    public static CategoryModel load(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            model.write(out);
        }
    }

    /** Calibrated probabilities, in the order of {@link #labels()}, for raw text. */
    public double[] probabilities(String text) {
        String normalized = Normalizer.normalize(text);
        return probabilities(normalized, words(normalized));
    }

    double[] probabilities(String normalized, List<String> tokens) {
        return model.probabilities(normalized, tokens);
    }

    /** The most probable label for raw text. */
    public String predict(String text) {
        double[] p = probabilities(text);
        return model.labels().get(argmax(p));
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    static List<String> words(String normalized) {
        List<HanLp.Token> tokens = HanLp.get().segmentWithPlaces(normalized); // as TextAnalyzer does
        List<String> out = new ArrayList<>(tokens.size());
        for (HanLp.Token t : tokens) {
            out.add(t.word());
        }
        return out;
    }

    // ------------------------------------------------------------------ training

    record Instance(int label, Featurizer.Sparse counts, boolean isShort, double weight) {}

    /**
     * Trains on rows (full texts, plus their first sentences and subjects as short examples when
     * {@code augmentShort}). 10% of the rows (by body, stratified) are held back first to fit the softmax
     * temperature and report a validation score; the final model is then trained on all rows.
     */
    public static CategoryModel train(List<Split.Row> rows, TrainOptions options, PrintStream log) {
        long start = System.nanoTime();
        List<String> labels = labelsOf(rows);
        Featurizer featurizer = new Featurizer(options.bits(), options.features());
        Split.Result inner = Split.split(rows, 0.1, options.seed() + 1);
        List<Instance> fit = instances(inner.train(), labels, featurizer, options.augmentShort(), options.shortWeight(),
                options.sentenceWeight());
        // the validation rows are scored as the evaluation does: full texts, subjects and first sentences
        List<Instance> val = instances(inner.holdout(), labels, featurizer, true, 1, 0);
        LinearModel first = fit(fit, labels, featurizer, options, "validation");
        float t = fitTemperature(first, val);
        log.println(String.format(Locale.ROOT, "validation (10%% of the training rows): %s; temperature=%.3f",
                validationSummary(first.withTemperature(t), val), t));
        List<Instance> all = new ArrayList<>(fit);
        all.addAll(instances(inner.holdout(), labels, featurizer, options.augmentShort(), options.shortWeight(),
                options.sentenceWeight()));
        String info = String.format(Locale.ROOT,
                "solver=%s C=%s bits=%d features=%d augmentShort=%s shortWeight=%s sentenceWeight=%s rows=%d instances=%d",
                options.solver(), options.c(), options.bits(), options.features(), options.augmentShort(),
                options.shortWeight(), options.sentenceWeight(), rows.size(), all.size());
        LinearModel model = fit(all, labels, featurizer, options, info).withTemperature(t).quantized();
        log.println(String.format(Locale.ROOT, "trained %s in %.1f s", info, (System.nanoTime() - start) / 1e9));
        return new CategoryModel(model);
    }

    private static List<String> labelsOf(List<Split.Row> rows) {
        TreeSet<String> seen = new TreeSet<>();
        for (Split.Row r : rows) {
            seen.add(r.example().label());
        }
        List<String> labels = new ArrayList<>();
        for (String c : CATEGORIES) {
            if (seen.remove(c)) {
                labels.add(c);
            }
        }
        labels.addAll(seen);
        return labels;
    }

    private record View(String label, String text, boolean isShort, double weight) {}

    /**
     * Training instances: each full text (weight 1) and, when {@code augment}, its subject and the first sentence
     * of its body (weight {@code shortWeight}) and, when {@code sentenceWeight > 0}, every informative sentence of
     * each distinct body (weight {@code sentenceWeight}).
     */
    private static List<Instance> instances(List<Split.Row> rows, List<String> labels, Featurizer f, boolean augment,
            double shortWeight, double sentenceWeight) {
        List<View> views = new ArrayList<>();
        Set<String> seenBodies = new HashSet<>();
        for (Split.Row r : rows) {
            String label = r.example().label();
            views.add(new View(label, r.example().text(), false, 1));
            if (!augment) {
                continue;
            }
            r.subject().ifPresent(s -> views.add(new View(label, s, true, shortWeight)));
            String first = ShortText.firstSentence(r.body());
            if (!first.isBlank()) {
                views.add(new View(label, first, true, shortWeight));
            }
            if (sentenceWeight > 0 && seenBodies.add(r.body())) {
                for (String s : ShortText.sentences(r.body())) {
                    views.add(new View(label, s, true, sentenceWeight));
                }
            }
        }
        Instance[] out = new Instance[views.size()];
        IntStream.range(0, views.size()).parallel().forEach(i -> {
            View v = views.get(i);
            String normalized = Normalizer.normalize(v.text());
            out[i] = new Instance(labels.indexOf(v.label()), f.counts(normalized, words(normalized)), v.isShort(),
                    v.weight());
        });
        return List.of(out);
    }

    private static LinearModel fit(List<Instance> data, List<String> labels, Featurizer f, TrainOptions options,
            String info) {
        int d = f.dimension();
        int[] df = new int[d];
        for (Instance in : data) {
            for (int idx : in.counts().index()) {
                df[idx]++;
            }
        }
        float[] idf = new float[d];
        int n = data.size();
        for (int i = 0; i < d; i++) {
            idf[i] = (float) (Math.log((n + 1.0) / (df[i] + 1.0)) + 1.0);
        }
        List<Featurizer.Sparse> xs = new ArrayList<>(n);
        for (Instance in : data) {
            xs.add(Featurizer.weigh(in.counts(), idf));
        }
        // balanced class weights (n / (k * n_c)): the smallest class (交通运输) otherwise loses recall, and
        // macro-F1 weighs every class alike
        int k = labels.size();
        double[] count = new double[k];
        for (Instance in : data) {
            count[in.label()]++;
        }
        float[] weights = new float[d * k];
        float[] bias = new float[k];
        if (options.solver().equals("svm")) {
            Arrays.fill(bias, -100f); // classes absent from the data
            for (int c = 0; c < k; c++) {
                if (count[c] == 0) {
                    continue;
                }
                double[] w = binarySvm(data, xs, c, options.c(), n / (nonZero(count) * count[c]), d,
                        new Random(options.seed() + c));
                for (int j = 0; j < d; j++) {
                    weights[j * k + c] = (float) w[j];
                }
                bias[c] = (float) w[d];
            }
            return LinearModel.exact(labels, f, idf, weights, bias, 1f, info);
        }
        Problem problem = problem(xs, data.stream().mapToInt(Instance::label).toArray(), d);
        Linear.disableDebugOutput();
        Parameter parameter = new Parameter(solver(options.solver()), options.c(), 0.01);
        parameter.setRandom(new Random(options.seed()));
        List<Integer> seen = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (count[c] > 0) {
                seen.add(c);
            }
        }
        double[] classWeights = new double[seen.size()];
        int[] classLabels = new int[seen.size()];
        for (int i = 0; i < seen.size(); i++) {
            int c = seen.get(i);
            classWeights[i] = n / (seen.size() * count[c]);
            classLabels[i] = c;
        }
        parameter.setWeights(classWeights, classLabels);
        Model m = Linear.train(problem, parameter);
        int[] modelLabels = m.getLabels();
        for (int li = 0; li < modelLabels.length; li++) {
            int c = modelLabels[li];
            for (int j = 0; j < d; j++) {
                weights[j * k + c] = (float) m.getDecfunCoef(j + 1, li);
            }
            bias[c] = (float) m.getDecfunBias(li);
        }
        for (int c = 0; c < k; c++) {
            boolean present = false;
            for (int l : modelLabels) {
                present |= l == c;
            }
            if (!present) {
                bias[c] = -100f;
            }
        }
        return LinearModel.exact(labels, f, idf, weights, bias, 1f, info);
    }

    /** A liblinear problem over {@code xs} (bucket j is feature j + 1) plus a constant feature d + 1 as the bias. */
    static Problem problem(List<Featurizer.Sparse> xs, int[] labels, int d) {
        Problem problem = new Problem();
        int n = xs.size();
        problem.l = n;
        problem.n = d + 1;
        problem.bias = 1;
        problem.x = new Feature[n][];
        problem.y = new double[n];
        for (int i = 0; i < n; i++) {
            Featurizer.Sparse x = xs.get(i);
            Feature[] nodes = new Feature[x.size() + 1];
            for (int j = 0; j < x.size(); j++) {
                nodes[j] = new FeatureNode(x.index()[j] + 1, x.value()[j]);
            }
            nodes[x.size()] = new FeatureNode(d + 1, 1.0);
            problem.x[i] = nodes;
            problem.y[i] = labels[i];
        }
        return problem;
    }

    private static int nonZero(double[] count) {
        int z = 0;
        for (double c : count) {
            z += c > 0 ? 1 : 0;
        }
        return z;
    }

    /**
     * One class against the rest: L2-regularized L2-loss linear SVM solved in the dual by coordinate descent (the
     * algorithm of liblinear's {@code L2R_L2LOSS_SVC_DUAL}, without shrinking; stops when the projected-gradient
     * spread is below 0.01, as liblinear with eps 0.01), with a cost per instance: {@code cost} × the instance's
     * weight, × {@code positiveWeight} on the class's own instances. The bias is a regularized constant feature
     * 1. Returns the weights, the bias at index {@code d}. Deterministic for a given {@code random}.
     */
    static double[] binarySvm(List<Instance> data, List<Featurizer.Sparse> xs, int c, double cost, double positiveWeight,
            int d, Random random) {
        int l = data.size();
        double[] w = new double[d + 1];
        double[] alpha = new double[l];
        double[] diag = new double[l];
        double[] qd = new double[l];
        byte[] y = new byte[l];
        for (int i = 0; i < l; i++) {
            y[i] = (byte) (data.get(i).label() == c ? 1 : -1);
            double ci = cost * data.get(i).weight() * (y[i] > 0 ? positiveWeight : 1);
            diag[i] = 0.5 / ci;
            double sq = 1; // the bias feature
            for (float v : xs.get(i).value()) {
                sq += v * v;
            }
            qd[i] = sq + diag[i];
        }
        int[] order = new int[l];
        for (int i = 0; i < l; i++) {
            order[i] = i;
        }
        for (int iter = 0; iter < 1000; iter++) {
            for (int i = l - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double maxPg = Double.NEGATIVE_INFINITY;
            double minPg = Double.POSITIVE_INFINITY;
            for (int i : order) {
                Featurizer.Sparse x = xs.get(i);
                int[] index = x.index();
                float[] value = x.value();
                double dot = w[d];
                for (int j = 0; j < index.length; j++) {
                    dot += w[index[j]] * value[j];
                }
                double g = y[i] * dot - 1 + diag[i] * alpha[i];
                double pg = alpha[i] == 0 ? Math.min(g, 0) : g;
                maxPg = Math.max(maxPg, pg);
                minPg = Math.min(minPg, pg);
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[i];
                    alpha[i] = Math.max(alpha[i] - g / qd[i], 0);
                    double delta = (alpha[i] - old) * y[i];
                    for (int j = 0; j < index.length; j++) {
                        w[index[j]] += delta * value[j];
                    }
                    w[d] += delta;
                }
            }
            if (maxPg - minPg < 0.01) {
                break;
            }
        }
        return w;
    }

    private static SolverType solver(String name) {
        switch (name) {
            case "lr":
                return SolverType.L2R_LR;
            case "svm":
                return SolverType.L2R_L2LOSS_SVC_DUAL;
            case "cs":
                return SolverType.MCSVM_CS;
            default:
                throw new IllegalArgumentException("unknown solver " + name + " (expected lr, svm or cs)");
        }
    }

    /** The softmax temperature that minimizes the negative log-likelihood on held-back instances. */
    private static float fitTemperature(LinearModel model, List<Instance> val) {
        if (val.isEmpty()) {
            return 1f;
        }
        List<double[]> scores = new ArrayList<>();
        for (Instance in : val) {
            scores.add(model.scores(model.weigh(in.counts())));
        }
        double bestT = 1;
        double bestLoss = Double.MAX_VALUE;
        for (double t = 0.02; t <= 5.0; t *= 1.05) {
            double loss = 0;
            for (int i = 0; i < val.size(); i++) {
                double[] p = LinearModel.softmax(scores.get(i), t);
                loss -= Math.log(Math.max(1e-12, p[val.get(i).label()]));
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                bestT = t;
            }
        }
        return (float) bestT;
    }

    private static String validationSummary(LinearModel model, List<Instance> val) {
        if (val.isEmpty()) {
            return "no validation rows";
        }
        List<String> goldFull = new ArrayList<>();
        List<String> predFull = new ArrayList<>();
        List<String> goldShort = new ArrayList<>();
        List<String> predShort = new ArrayList<>();
        double confSum = 0;
        int correct = 0;
        for (Instance in : val) {
            double[] p = LinearModel.softmax(model.scores(model.weigh(in.counts())), model.temperature());
            int best = argmax(p);
            confSum += p[best];
            correct += best == in.label() ? 1 : 0;
            (in.isShort() ? goldShort : goldFull).add(model.labels().get(in.label()));
            (in.isShort() ? predShort : predFull).add(model.labels().get(best));
        }
        Evaluation full = Evaluation.of(model.labels(), goldFull, predFull);
        Evaluation shortText = Evaluation.of(model.labels(), goldShort, predShort);
        return String.format(Locale.ROOT, "full %s; short %s; mean confidence %.3f vs accuracy %.3f", full.firstLine(),
                shortText.firstLine(), confSum / val.size(), (double) correct / val.size());
    }
}
