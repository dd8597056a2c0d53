package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Our weighted dual coordinate descent against liblinear's L2R_L2LOSS_SVC_DUAL, which it replaces for training. */
class BinarySvmTest {
    private static final int D = 200;

    /** Sparse rows whose label depends on a hidden weight vector, with 10% of the labels flipped (noise). */
    private static List<CategoryModel.Instance> noisyData(int n, double weight, Random r) {
        double[] truth = new double[D];
        for (int j = 0; j < D; j++) {
            truth[j] = r.nextGaussian();
        }
        List<CategoryModel.Instance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TreeMap<Integer, Float> x = new TreeMap<>();
            for (int k = 0; k < 12; k++) {
                x.put(r.nextInt(D), (float) r.nextDouble());
            }
            double score = 0;
            for (var e : x.entrySet()) {
                score += truth[e.getKey()] * e.getValue();
            }
            int label = (score > 0) ^ (r.nextDouble() < 0.1) ? 1 : 0;
            out.add(new CategoryModel.Instance(label, sparse(x), false, weight));
        }
        return out;
    }

    private static Featurizer.Sparse sparse(TreeMap<Integer, Float> x) {
        int[] index = new int[x.size()];
        float[] value = new float[x.size()];
        int k = 0;
        for (var e : x.entrySet()) {
            index[k] = e.getKey();
            value[k++] = e.getValue();
        }
        return new Featurizer.Sparse(index, value);
    }

    private static double decision(double[] w, Featurizer.Sparse x) {
        double s = w[D];
        for (int j = 0; j < x.index().length; j++) {
            s += w[x.index()[j]] * x.value()[j];
        }
        return s;
    }

    private static List<Featurizer.Sparse> xs(List<CategoryModel.Instance> data) {
        return data.stream().map(CategoryModel.Instance::counts).toList();
    }

    @Test
    void binarySvm_withUnitWeights_agreesWithLiblinear() {
        List<CategoryModel.Instance> data = noisyData(2_000, 1, new Random(7));
        double[] ours = CategoryModel.binarySvm(data, xs(data), 1, 0.5, 1, D, new Random(1));

        Problem p = new Problem();
        p.l = data.size();
        p.n = D + 1;
        p.bias = -1;
        p.x = new Feature[p.l][];
        p.y = new double[p.l];
        for (int i = 0; i < p.l; i++) {
            Featurizer.Sparse x = data.get(i).counts();
            Feature[] nodes = new Feature[x.size() + 1];
            for (int j = 0; j < x.size(); j++) {
                nodes[j] = new FeatureNode(x.index()[j] + 1, x.value()[j]);
            }
            nodes[x.size()] = new FeatureNode(D + 1, 1); // the same regularized constant feature as ours
            p.x[i] = nodes;
            p.y[i] = data.get(i).label() == 1 ? 1 : -1;
        }
        Linear.disableDebugOutput();
        Parameter param = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, 0.5, 0.01);
        param.setRandom(new Random(1));
        Model m = Linear.train(p, param);
        double[] theirs = m.getFeatureWeights(); // D + 1 weights for labels as ordered in the model
        double sign = m.getLabels()[0] == 1 ? 1 : -1;

        double dot = 0;
        double a = 0;
        double b = 0;
        for (int j = 0; j <= D; j++) {
            dot += ours[j] * sign * theirs[j];
            a += ours[j] * ours[j];
            b += theirs[j] * theirs[j];
        }
        assertThat(dot / Math.sqrt(a * b)).as("cosine of the two weight vectors").isGreaterThan(0.99);
        int agree = 0;
        for (int i = 0; i < data.size(); i++) {
            double t = sign * Linear.predictValues(m, p.x[i], new double[1]);
            agree += (decision(ours, data.get(i).counts()) > 0) == (t > 0) ? 1 : 0;
        }
        assertThat(agree).isGreaterThanOrEqualTo(data.size() * 98 / 100);
    }

    @Test
    void binarySvm_instanceWeightDecidesBetweenConflictingCopies() {
        Featurizer.Sparse x = new Featurizer.Sparse(new int[] {3, 17}, new float[] {1f, 0.5f});
        Featurizer.Sparse other = new Featurizer.Sparse(new int[] {5}, new float[] {1f});
        for (double[] w : new double[][] {{1, 0.05}, {0.05, 1}}) {
            // the same point labelled positive with weight w[0] and negative with weight w[1]
            List<CategoryModel.Instance> data = List.of(
                    new CategoryModel.Instance(1, x, false, w[0]),
                    new CategoryModel.Instance(0, x, false, w[1]),
                    new CategoryModel.Instance(0, other, false, 1));
            double[] model = CategoryModel.binarySvm(data, xs(data), 1, 1, 1, D, new Random(3));
            assertThat(decision(model, x) > 0).as("weights %s", java.util.Arrays.toString(w)).isEqualTo(w[0] > w[1]);
        }
    }
}
