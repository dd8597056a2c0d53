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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The department-level category model: liblinear (L2-regularized logistic regression by default) over hashed
 * character n-grams and HanLP words, with temperature-calibrated probabilities. Immutable and thread-safe.
 */
public final class CategoryModel {

    /** The classpath resource of the shipped model. */
    public static final String DEFAULT_RESOURCE = "category-model.bin.gz";

    /** The seven department-level categories of the labelled data. */
    public static final List<String> CATEGORIES =
            List.of("城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生");

    /** Training options. */
    public record TrainOptions(int bits, int features, String solver, double c, boolean augmentShort, long seed) {
        public static TrainOptions defaults() {
            return new TrainOptions(18, Featurizer.DEFAULT_FLAGS, "svm", 0.5, true, Split.DEFAULT_SEED);
        }
    }

    private final LinearModel model;

    CategoryModel(LinearModel model) {
        this.model = model;
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
            return new CategoryModel(LinearModel.read(in));
        }
    }

    public static CategoryModel load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new CategoryModel(LinearModel.read(in));
        }
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

    private record Instance(int label, Featurizer.Sparse counts, boolean isShort) {}

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
        List<Instance> fit = instances(inner.train(), labels, featurizer, options.augmentShort());
        List<Instance> val = instances(inner.holdout(), labels, featurizer, true);
        LinearModel first = fit(fit, labels, featurizer, options, "validation");
        float t = fitTemperature(first, val);
        log.println(String.format(Locale.ROOT, "validation (10%% of the training rows): %s; temperature=%.3f",
                validationSummary(first.withTemperature(t), val), t));
        List<Instance> all = new ArrayList<>(fit);
        all.addAll(instances(inner.holdout(), labels, featurizer, options.augmentShort()));
        String info = String.format(Locale.ROOT, "solver=%s C=%s bits=%d features=%d augmentShort=%s rows=%d instances=%d",
                options.solver(), options.c(), options.bits(), options.features(), options.augmentShort(), rows.size(), all.size());
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

    private static List<Instance> instances(List<Split.Row> rows, List<String> labels, Featurizer f, boolean augment) {
        List<String[]> texts = new ArrayList<>();
        for (Split.Row r : rows) {
            String label = r.example().label();
            texts.add(new String[] {label, r.example().text(), "full"});
            if (augment) {
                r.subject().ifPresent(s -> texts.add(new String[] {label, s, "short"}));
                String first = ShortText.firstSentence(r.body());
                if (!first.isBlank()) {
                    texts.add(new String[] {label, first, "short"});
                }
            }
        }
        Instance[] out = new Instance[texts.size()];
        IntStream.range(0, texts.size()).parallel().forEach(i -> {
            String[] t = texts.get(i);
            String normalized = Normalizer.normalize(t[1]);
            out[i] = new Instance(labels.indexOf(t[0]), f.counts(normalized, words(normalized)), t[2].equals("short"));
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
        Problem problem = new Problem();
        problem.l = n;
        problem.n = d + 1;
        problem.bias = 1;
        problem.x = new Feature[n][];
        problem.y = new double[n];
        for (int i = 0; i < n; i++) {
            Featurizer.Sparse x = Featurizer.weigh(data.get(i).counts(), idf);
            Feature[] nodes = new Feature[x.size() + 1];
            for (int j = 0; j < x.size(); j++) {
                nodes[j] = new FeatureNode(x.index()[j] + 1, x.value()[j]);
            }
            nodes[x.size()] = new FeatureNode(d + 1, 1.0);
            problem.x[i] = nodes;
            problem.y[i] = data.get(i).label();
        }
        Linear.disableDebugOutput();
        Parameter parameter = new Parameter(solver(options.solver()), options.c(), 0.01);
        parameter.setRandom(new Random(options.seed()));
        // balanced class weights (n / (k * n_c)): the smallest class (交通运输) otherwise loses recall, and
        // macro-F1 weighs every class alike
        int k0 = labels.size();
        double[] count = new double[k0];
        for (Instance in : data) {
            count[in.label()]++;
        }
        List<Integer> seen = new ArrayList<>();
        for (int c = 0; c < k0; c++) {
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
        int k = labels.size();
        int[] modelLabels = m.getLabels();
        float[] weights = new float[d * k];
        float[] bias = new float[k];
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
