package io.shaozi.nlp;

import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Experiment harness (not a test): 5-fold cross-validation, grouped by body and stratified by label, on the
 * training side of the held-out split only. Usage: {@code CategoryLab DATA_DIR VARIANT…}.
 */
final class CategoryLab {

    record Doc(String norm, List<String> tokens, List<String> natures) {}

    record Inst(int y, Doc doc, double weight, boolean isShort) {}

    interface Scorer {
        double[] scores(Doc d);
    }

    static final List<String> LABELS = CategoryModel.CATEGORIES;
    static final int K = LABELS.size();
    static final Map<String, Doc> DOCS = new ConcurrentHashMap<>();
    static final Pattern SENTENCE_END = Pattern.compile("[。！？!?；;\\n\\r]+");

    static Doc doc(String raw) {
        return DOCS.computeIfAbsent(raw, r -> {
            String n = Normalizer.normalize(r);
            List<HanLp.Token> toks = HanLp.get().segmentWithPlaces(n);
            List<String> w = new ArrayList<>(toks.size());
            List<String> p = new ArrayList<>(toks.size());
            for (HanLp.Token t : toks) {
                w.add(t.word());
                p.add(t.nature());
            }
            return new Doc(n, w, p);
        });
    }

    // ------------------------------------------------------------------ variant options

    static final class Opt {
        String model = "svm"; // svm | nbsvm | cnb | lr
        double c = 0.5;
        int bits = 18;
        int flags = Featurizer.DEFAULT_FLAGS;
        boolean augment = true;
        double shortWeight = 1.0;
        int crops = 0;
        double cropWeight = 0.3;
        double sentWeight = 0;
        double beta = 0.25;
        double alpha = 1.0;
        boolean nbBinary = true;
        boolean own = false;
        boolean l2bin = false;
        int da = 0;
        String name;

        static Opt parse(String spec) {
            Opt o = new Opt();
            o.name = spec;
            for (String kv : spec.split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                String[] p = kv.split("=", 2);
                String v = p.length > 1 ? p[1] : "true";
                switch (p[0]) {
                    case "model" -> o.model = v;
                    case "c" -> o.c = Double.parseDouble(v);
                    case "bits" -> o.bits = Integer.parseInt(v);
                    case "flags" -> o.flags = Integer.parseInt(v);
                    case "noaug" -> o.augment = false;
                    case "sw" -> o.shortWeight = Double.parseDouble(v);
                    case "crops" -> o.crops = Integer.parseInt(v);
                    case "cw" -> o.cropWeight = Double.parseDouble(v);
                    case "sent" -> o.sentWeight = Double.parseDouble(v);
                    case "beta" -> o.beta = Double.parseDouble(v);
                    case "alpha" -> o.alpha = Double.parseDouble(v);
                    case "tfidf" -> o.nbBinary = false;
                    case "own" -> o.own = true;
                    case "l2bin" -> o.l2bin = true;
                    case "da" -> o.da = Integer.parseInt(v);
                    case "base" -> { }
                    default -> throw new IllegalArgumentException("unknown option " + p[0]);
                }
            }
            if (o.crops > 0 || o.sentWeight > 0 || o.shortWeight != 1.0) {
                o.own = true;
            }
            return o;
        }
    }

    // ------------------------------------------------------------------ training views

    static List<Inst> instances(List<Split.Row> rows, Opt o, long seed) {
        List<Inst> out = new ArrayList<>();
        Random rnd = new Random(seed);
        Map<String, Boolean> seenBody = new HashMap<>();
        for (Split.Row r : rows) {
            int y = LABELS.indexOf(r.example().label());
            out.add(new Inst(y, doc(r.example().text()), 1.0, false));
            if (!o.augment) {
                continue;
            }
            r.subject().ifPresent(s -> out.add(new Inst(y, doc(s), o.shortWeight, true)));
            String first = ShortText.firstSentence(r.body());
            if (!first.isBlank()) {
                out.add(new Inst(y, doc(first), o.shortWeight, true));
            }
            if (seenBody.putIfAbsent(r.body(), Boolean.TRUE) != null) {
                continue;
            }
            if (o.sentWeight > 0) {
                for (String s : SENTENCE_END.split(r.body())) {
                    s = ShortText.stripSalutation(s.strip());
                    if (s.length() >= 6) {
                        out.add(new Inst(y, doc(s.length() > 30 ? s.substring(0, 30) : s), o.sentWeight, true));
                    }
                }
            }
            String body = r.body();
            for (int i = 0; i < o.crops && body.length() >= 8; i++) {
                int len = 8 + rnd.nextInt(23);
                len = Math.min(len, body.length());
                int start = rnd.nextInt(body.length() - len + 1);
                out.add(new Inst(y, doc(body.substring(start, start + len)), o.cropWeight, true));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ features

    static final Map<Integer, Map<Doc, Featurizer.Sparse>> COUNTS = new ConcurrentHashMap<>();

    static int DA = 0;

    static Featurizer.Sparse counts(Featurizer f, Doc d) {
        Map<Doc, Featurizer.Sparse> m = COUNTS.computeIfAbsent(f.flags() * 100 + f.bits(), k -> new ConcurrentHashMap<>());
        Featurizer.Sparse c = m.computeIfAbsent(d, x -> f.counts(x.norm(), x.tokens()));
        if (DA > 0 && d.norm().length() <= DA) {
            // "frustratingly easy" domain adaptation: short texts also get a short-only copy of every feature
            int mask = f.dimension() - 1;
            TreeMap<Integer, Float> merged = new TreeMap<>();
            for (int i = 0; i < c.size(); i++) {
                merged.merge(c.index()[i], c.value()[i], Float::sum);
                int h = c.index()[i] * 0x9E3779B1 + 0x7f4a7c15;
                h ^= h >>> 15;
                merged.merge(h & mask, c.value()[i], Float::sum);
            }
            int[] idx = new int[merged.size()];
            float[] val = new float[merged.size()];
            int k = 0;
            for (Map.Entry<Integer, Float> e : merged.entrySet()) {
                idx[k] = e.getKey();
                val[k++] = e.getValue();
            }
            return new Featurizer.Sparse(idx, val);
        }
        return c;
    }

    static float[] idf(List<Inst> data, Featurizer f) {
        int[] df = new int[f.dimension()];
        for (Inst in : data) {
            for (int idx : counts(f, in.doc()).index()) {
                df[idx]++;
            }
        }
        float[] idf = new float[df.length];
        int n = data.size();
        for (int i = 0; i < df.length; i++) {
            idf[i] = (float) (Math.log((n + 1.0) / (df[i] + 1.0)) + 1.0);
        }
        return idf;
    }

    // ------------------------------------------------------------------ linear models

    /** Linear scorer: weights[j*K+c], bias[c], over x = vectorizer(doc). */
    record Linear7(float[] w, double[] b, java.util.function.Function<Doc, Featurizer.Sparse> vec) implements Scorer {
        @Override
        public double[] scores(Doc d) {
            Featurizer.Sparse x = vec.apply(d);
            double[] s = b.clone();
            for (int i = 0; i < x.size(); i++) {
                int base = x.index()[i] * K;
                float v = x.value()[i];
                for (int c = 0; c < K; c++) {
                    s[c] += w[base + c] * v;
                }
            }
            return s;
        }
    }

    static double[] classWeights(List<Inst> data) {
        double[] count = new double[K];
        for (Inst in : data) {
            count[in.y()]++;
        }
        double[] cw = new double[K];
        for (int c = 0; c < K; c++) {
            cw[c] = count[c] == 0 ? 0 : data.size() / (K * count[c]);
        }
        return cw;
    }

    static Scorer train(List<Inst> data, Opt o, long seed) {
        if (o.model.startsWith("ens")) {
            List<Scorer> parts = new ArrayList<>();
            for (int fl : new int[] {Featurizer.DEFAULT_FLAGS, 7, 8}) {
                Opt p = Opt.parse(o.name.replaceAll("model=ens[a-z]*,?", ""));
                p.flags = fl;
                p.own = true;
                parts.add(train(data, p, seed));
            }
            boolean soft = o.model.equals("enssoft");
            return doc -> {
                double[] sum = new double[K];
                for (Scorer sc : parts) {
                    double[] v = sc.scores(doc);
                    if (soft) {
                        v = LinearModel.softmax(v, 0.3);
                    }
                    for (int c = 0; c < K; c++) {
                        sum[c] += v[c];
                    }
                }
                return sum;
            };
        }
        Featurizer f = new Featurizer(o.bits, o.flags);
        float[] idf = idf(data, f);
        java.util.function.Function<Doc, Featurizer.Sparse> tfidf = d -> Featurizer.weigh(counts(f, d), idf);
        int d = f.dimension();
        List<Featurizer.Sparse> xs = new ArrayList<>(data.size());
        for (Inst in : data) {
            xs.add(tfidf.apply(in.doc()));
        }
        double[] cw = classWeights(data);
        if (o.model.equals("cnb")) {
            return complementNb(data, xs, d, o.alpha, tfidf);
        }
        if (o.model.equals("nbsvm")) {
            // NB log-count ratio per class (one-vs-rest) on binarized (or tf-idf) features, then a binary SVM on x*r
            java.util.function.Function<Doc, Featurizer.Sparse> base = o.l2bin ? doc -> l2(binarize(counts(f, doc)))
                    : o.nbBinary ? doc -> binarize(counts(f, doc)) : tfidf;
            List<Featurizer.Sparse> bx = new ArrayList<>();
            for (Inst in : data) {
                bx.add(base.apply(in.doc()));
            }
            float[] w = new float[d * K];
            double[] b = new double[K];
            for (int c = 0; c < K; c++) {
                double[] p = new double[d];
                double[] q = new double[d];
                java.util.Arrays.fill(p, o.alpha);
                java.util.Arrays.fill(q, o.alpha);
                for (int i = 0; i < data.size(); i++) {
                    double[] t = data.get(i).y() == c ? p : q;
                    Featurizer.Sparse x = bx.get(i);
                    for (int j = 0; j < x.size(); j++) {
                        t[x.index()[j]] += x.value()[j];
                    }
                }
                double sp = 0;
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    sp += p[j];
                    sq += q[j];
                }
                float[] r = new float[d];
                for (int j = 0; j < d; j++) {
                    r[j] = (float) Math.log((p[j] / sp) / (q[j] / sq));
                }
                List<Featurizer.Sparse> scaled = new ArrayList<>();
                for (Featurizer.Sparse x : bx) {
                    float[] v = new float[x.size()];
                    for (int j = 0; j < x.size(); j++) {
                        v[j] = x.value()[j] * r[x.index()[j]];
                    }
                    scaled.add(new Featurizer.Sparse(x.index(), v));
                }
                double[] ww = binarySvm(data, scaled, c, o.c, cw[c], d, seed);
                double mean = 0;
                for (int j = 0; j < d; j++) {
                    mean += Math.abs(ww[j]);
                }
                mean /= d;
                for (int j = 0; j < d; j++) {
                    w[j * K + c] = (float) (((1 - o.beta) * mean + o.beta * ww[j]) * r[j]);
                }
                b[c] = ww[d];
            }
            return new Linear7(w, b, base);
        }
        if (o.own) {
            float[] w = new float[d * K];
            double[] b = new double[K];
            for (int c = 0; c < K; c++) {
                double[] ww = binarySvm(data, xs, c, o.c, cw[c], d, seed);
                for (int j = 0; j < d; j++) {
                    w[j * K + c] = (float) ww[j];
                }
                b[c] = ww[d];
            }
            return new Linear7(w, b, tfidf);
        }
        return liblinear(data, xs, d, o.model.equals("lr") ? SolverType.L2R_LR : SolverType.L2R_L2LOSS_SVC_DUAL, o.c, cw,
                seed, tfidf);
    }

    static Featurizer.Sparse l2(Featurizer.Sparse x) {
        float inv = (float) (1 / Math.sqrt(Math.max(1, x.size())));
        float[] v = x.value().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return new Featurizer.Sparse(x.index(), v);
    }

    static Featurizer.Sparse binarize(Featurizer.Sparse x) {
        float[] v = new float[x.size()];
        java.util.Arrays.fill(v, 1f);
        return new Featurizer.Sparse(x.index(), v);
    }

    static Scorer complementNb(List<Inst> data, List<Featurizer.Sparse> xs, int d, double alpha,
            java.util.function.Function<Doc, Featurizer.Sparse> vec) {
        double[][] cnt = new double[K][d];
        double[] tot = new double[d];
        for (int i = 0; i < data.size(); i++) {
            Featurizer.Sparse x = xs.get(i);
            for (int j = 0; j < x.size(); j++) {
                cnt[data.get(i).y()][x.index()[j]] += x.value()[j] * data.get(i).weight();
                tot[x.index()[j]] += x.value()[j] * data.get(i).weight();
            }
        }
        double all = 0;
        for (double t : tot) {
            all += t;
        }
        float[] w = new float[d * K];
        for (int c = 0; c < K; c++) {
            double sc = 0;
            for (int j = 0; j < d; j++) {
                sc += cnt[c][j];
            }
            double denom = all - sc + alpha * d;
            double[] lw = new double[d];
            double norm = 0;
            for (int j = 0; j < d; j++) {
                lw[j] = Math.log((tot[j] - cnt[c][j] + alpha) / denom);
                norm += Math.abs(lw[j]);
            }
            for (int j = 0; j < d; j++) {
                w[j * K + c] = (float) (-lw[j] / norm * d);
            }
        }
        return new Linear7(w, new double[K], vec);
    }

    static Scorer liblinear(List<Inst> data, List<Featurizer.Sparse> xs, int d, SolverType type, double cost, double[] cw,
            long seed, java.util.function.Function<Doc, Featurizer.Sparse> vec) {
        Problem problem = CategoryModel.problem(xs, data.stream().mapToInt(Inst::y).toArray(), d);
        Linear.disableDebugOutput();
        Parameter parameter = new Parameter(type, cost, 0.01);
        parameter.setRandom(new Random(seed));
        int[] lab = new int[K];
        for (int c = 0; c < K; c++) {
            lab[c] = c;
        }
        parameter.setWeights(cw.clone(), lab);
        Model m = Linear.train(problem, parameter);
        float[] w = new float[d * K];
        double[] b = new double[K];
        int[] ml = m.getLabels();
        for (int li = 0; li < ml.length; li++) {
            for (int j = 0; j < d; j++) {
                w[j * K + ml[li]] = (float) m.getDecfunCoef(j + 1, li);
            }
            b[ml[li]] = m.getDecfunBias(li);
        }
        return new Linear7(w, b, vec);
    }

    /** {@link CategoryModel#binarySvm} on the lab's instances (class c against the rest). */
    static double[] binarySvm(List<Inst> data, List<Featurizer.Sparse> xs, int c, double cost, double posWeight, int d,
            long seed) {
        List<CategoryModel.Instance> instances = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            instances.add(new CategoryModel.Instance(data.get(i).y(), xs.get(i), data.get(i).isShort(),
                    data.get(i).weight()));
        }
        return CategoryModel.binarySvm(instances, xs, c, cost, posWeight, d, new Random(seed + c));
    }

    // ------------------------------------------------------------------ cross-validation

    static List<List<Split.Row>> folds(List<Split.Row> rows, int k, long seed) {
        Map<String, String> labelOfBody = new LinkedHashMap<>();
        for (Split.Row r : rows) {
            labelOfBody.putIfAbsent(r.body(), r.example().label());
        }
        Map<String, List<String>> byLabel = new TreeMap<>();
        labelOfBody.forEach((b, l) -> byLabel.computeIfAbsent(l, x -> new ArrayList<>()).add(b));
        Map<String, Integer> foldOf = new HashMap<>();
        Random random = new Random(seed);
        for (List<String> bodies : byLabel.values()) {
            List<String> s = new ArrayList<>(bodies);
            Collections.shuffle(s, random);
            for (int i = 0; i < s.size(); i++) {
                foldOf.put(s.get(i), i % k);
            }
        }
        List<List<Split.Row>> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new ArrayList<>());
        }
        for (Split.Row r : rows) {
            out.get(foldOf.get(r.body())).add(r);
        }
        return out;
    }

    static double macroF1(List<Dataset.Example> ex, Scorer s) {
        List<String> gold = new ArrayList<>();
        List<String> pred = new ArrayList<>();
        for (Dataset.Example e : ex) {
            gold.add(e.label());
            pred.add(LABELS.get(CategoryModel.argmax(s.scores(doc(e.text())))));
        }
        return Evaluation.of(LABELS, gold, pred).macroF1();
    }

    static List<Dataset.Example> full(List<Split.Row> rows) {
        return rows.stream().map(Split.Row::example).toList();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Dataset.Example> all = new ArrayList<>(Dataset.read(dir.resolve("govmsg_train.csv"), LABELS));
        all.addAll(Dataset.read(dir.resolve("govmsg_train_with_subject.csv"), LABELS));
        Split.Result split = Split.split(Split.rows(all), Split.HOLDOUT_FRACTION, Split.DEFAULT_SEED);
        boolean holdout = Boolean.getBoolean("lab.holdout");
        List<List<Split.Row>> folds = folds(split.train(), 5, 7);
        double[] baseFull = null;
        double[] baseShort = null;
        for (int a = 1; a < args.length; a++) {
            Opt o = Opt.parse(args[a]);
            DA = o.da;
            long t0 = System.nanoTime();
            if (holdout) {
                Scorer s = train(instances(split.train(), o, 1), o, 1);
                System.out.printf(Locale.ROOT, "HOLDOUT %-40s full %.4f short %.4f (%.0f s)%n", o.name,
                        macroF1(full(split.holdout()), s), macroF1(Split.shortTexts(split.holdout()), s),
                        (System.nanoTime() - t0) / 1e9);
                continue;
            }
            double[] fs = new double[folds.size()];
            double[] ss = new double[folds.size()];
            for (int k = 0; k < folds.size(); k++) {
                List<Split.Row> tr = new ArrayList<>();
                for (int j = 0; j < folds.size(); j++) {
                    if (j != k) {
                        tr.addAll(folds.get(j));
                    }
                }
                Scorer s = train(instances(tr, o, k + 1), o, k + 1);
                fs[k] = macroF1(full(folds.get(k)), s);
                ss[k] = macroF1(Split.shortTexts(folds.get(k)), s);
            }
            if (baseFull == null) {
                baseFull = fs;
                baseShort = ss;
            }
            System.out.printf(Locale.ROOT, "CV5 %-44s full %.4f short %.4f | vs first: full %+.4f±%.4f short %+.4f±%.4f (%.0f s)%n",
                    o.name, mean(fs), mean(ss), mean(diff(fs, baseFull)), se(diff(fs, baseFull)), mean(diff(ss, baseShort)),
                    se(diff(ss, baseShort)), (System.nanoTime() - t0) / 1e9);
        }
    }

    static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    static double se(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return a.length < 2 ? 0 : Math.sqrt(s / (a.length - 1) / a.length);
    }
}
