package io.shaozi.nlp;

import java.util.List;
import java.util.Locale;

/** Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of a labelled run. */
public final class Evaluation {

    private final List<String> labels;
    private final int[][] confusion;
    private final int n;

    private Evaluation(List<String> labels, int[][] confusion, int n) {
        this.labels = labels;
        this.confusion = confusion;
        this.n = n;
    }

    /** {@code gold} and {@code predicted} are parallel; every gold label must be in {@code labels}. */
    public static Evaluation of(List<String> labels, List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold and predicted differ in size");
        }
        int k = labels.size();
        int[][] m = new int[k][k];
        for (int i = 0; i < gold.size(); i++) {
            int g = labels.indexOf(gold.get(i));
            int p = labels.indexOf(predicted.get(i));
            if (g < 0 || p < 0) {
                throw new IllegalArgumentException("unknown label " + gold.get(i) + " / " + predicted.get(i));
            }
            m[g][p]++;
        }
        return new Evaluation(List.copyOf(labels), m, gold.size());
    }

    public int n() {
        return n;
    }

    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < labels.size(); i++) {
            correct += confusion[i][i];
        }
        return n == 0 ? 0 : (double) correct / n;
    }

    public double precision(int c) {
        int col = 0;
        for (int[] row : confusion) {
            col += row[c];
        }
        return col == 0 ? 0 : (double) confusion[c][c] / col;
    }

    public double recall(int c) {
        int row = 0;
        for (int v : confusion[c]) {
            row += v;
        }
        return row == 0 ? 0 : (double) confusion[c][c] / row;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public int support(int c) {
        int row = 0;
        for (int v : confusion[c]) {
            row += v;
        }
        return row;
    }

    /** Macro-F1 over the labels that occur in the gold data. */
    public double macroF1() {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) > 0) {
                sum += f1(c);
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }

    public String firstLine() {
        return String.format(Locale.ROOT, "accuracy=%.4f macro_f1=%.4f n=%d", accuracy(), macroF1(), n);
    }

    /** The first line, the per-class table and the confusion matrix (rows: true label, columns: predicted). */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(firstLine()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-10s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support"));
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-10s %9.4f %9.4f %9.4f %8d%n", pad(labels.get(c)), precision(c),
                    recall(c), f1(c), support(c)));
        }
        sb.append("confusion (rows = true, columns = predicted, in the order above)\n");
        for (int g = 0; g < labels.size(); g++) {
            sb.append(String.format(Locale.ROOT, "%-10s", pad(labels.get(g))));
            for (int p = 0; p < labels.size(); p++) {
                sb.append(String.format(Locale.ROOT, " %5d", confusion[g][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pad(String label) {
        return label;
    }
}
