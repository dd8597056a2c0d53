package io.shaozi.nlp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trained linear category model over hashed features: per-bucket IDF, per-class weights and biases, and a
 * softmax temperature fitted on held-back data so that probabilities are calibrated. Immutable, thread-safe.
 *
 * <p>File format (gzip): magic "SZLM", version, bits, labels, temperature, biases, IDF (one unsigned byte
 * per bucket, step 1/16), weights as signed bytes per bucket and class with one scale per class.
 */
final class LinearModel {

    private static final int MAGIC = 0x535a4c4d; // "SZLM"
    private static final int VERSION = 2;
    private static final float IDF_STEP = 1f / 16f;

    private final List<String> labels;
    private final Featurizer featurizer;
    private final float[] idf;
    /** weights[bucket * k + class]. */
    private final float[] weights;
    private final float[] bias;
    private final float temperature;
    private final String info;

    LinearModel(List<String> labels, Featurizer featurizer, float[] idf, float[] weights, float[] bias,
            float temperature, String info) {
        this.labels = List.copyOf(labels);
        this.featurizer = featurizer;
        this.idf = idf;
        this.weights = weights;
        this.bias = bias;
        this.temperature = temperature;
        this.info = info;
        if (idf.length != featurizer.dimension() || weights.length != featurizer.dimension() * labels.size()
                || bias.length != labels.size()) {
            throw new IllegalArgumentException("inconsistent model dimensions");
        }
    }

    List<String> labels() {
        return labels;
    }

    Featurizer featurizer() {
        return featurizer;
    }

    float[] idf() {
        return idf;
    }

    float temperature() {
        return temperature;
    }

    String info() {
        return info;
    }

    LinearModel withTemperature(float t) {
        return new LinearModel(labels, featurizer, idf, weights, bias, t, info);
    }

    /** Raw decision values for already-weighted features. */
    double[] scores(Featurizer.Sparse x) {
        int k = labels.size();
        double[] s = new double[k];
        for (int c = 0; c < k; c++) {
            s[c] = bias[c];
        }
        int[] index = x.index();
        float[] value = x.value();
        for (int i = 0; i < index.length; i++) {
            int base = index[i] * k;
            float v = value[i];
            for (int c = 0; c < k; c++) {
                s[c] += weights[base + c] * v;
            }
        }
        return s;
    }

    /** Calibrated class probabilities for a normalized text and its tokens. */
    double[] probabilities(String normalized, List<String> tokens) {
        return softmax(scores(Featurizer.weigh(featurizer.counts(normalized, tokens), idf)), temperature);
    }

    static double[] softmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp((scores[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Writes the model, quantizing weights to bytes; {@link #quantized()} gives the model as it will load. */
    void write(OutputStream raw) throws IOException {
        int k = labels.size();
        int d = featurizer.dimension();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(featurizer.bits());
            out.writeInt(featurizer.flags());
            out.writeInt(k);
            for (String l : labels) {
                out.writeUTF(l);
            }
            out.writeUTF(info);
            out.writeFloat(temperature);
            for (float b : bias) {
                out.writeFloat(b);
            }
            byte[] idfBytes = new byte[d];
            for (int i = 0; i < d; i++) {
                idfBytes[i] = (byte) quantizeIdf(idf[i]);
            }
            out.write(idfBytes);
            float[] scale = scales(weights, k);
            for (float s : scale) {
                out.writeFloat(s);
            }
            byte[] w = new byte[d * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (byte) Math.round(weights[i] / scale[i % k]);
            }
            out.write(w);
        }
    }

    /** The model after a round trip through the file format. */
    LinearModel quantized() {
        int k = labels.size();
        float[] scale = scales(weights, k);
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.round(weights[i] / scale[i % k]) * scale[i % k];
        }
        float[] q = new float[idf.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = quantizeIdf(idf[i]) * IDF_STEP;
        }
        return new LinearModel(labels, featurizer, q, w, bias, temperature, info);
    }

    private static int quantizeIdf(float v) {
        return Math.max(0, Math.min(255, Math.round(v / IDF_STEP)));
    }

    private static float[] scales(float[] weights, int k) {
        float[] max = new float[k];
        for (int i = 0; i < weights.length; i++) {
            max[i % k] = Math.max(max[i % k], Math.abs(weights[i]));
        }
        float[] scale = new float[k];
        for (int c = 0; c < k; c++) {
            scale[c] = max[c] == 0 ? 1f : max[c] / 127f;
        }
        return scale;
    }

    static LinearModel read(InputStream raw) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a Shaozi category model (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("unsupported model version " + version);
            }
            int bits = in.readInt();
            int flags = in.readInt();
            int k = in.readInt();
            if (bits < 10 || bits > 24 || k < 2 || k > 1000) {
                throw new IOException("corrupt model header");
            }
            String[] labels = new String[k];
            for (int i = 0; i < k; i++) {
                labels[i] = in.readUTF();
            }
            String info = in.readUTF();
            float temperature = in.readFloat();
            float[] bias = new float[k];
            for (int i = 0; i < k; i++) {
                bias[i] = in.readFloat();
            }
            Featurizer f = new Featurizer(bits, flags);
            int d = f.dimension();
            byte[] idfBytes = new byte[d];
            in.readFully(idfBytes);
            float[] idf = new float[d];
            for (int i = 0; i < d; i++) {
                idf[i] = (idfBytes[i] & 0xff) * IDF_STEP;
            }
            float[] scale = new float[k];
            for (int i = 0; i < k; i++) {
                scale[i] = in.readFloat();
            }
            byte[] w = new byte[d * k];
            in.readFully(w);
            float[] weights = new float[d * k];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = w[i] * scale[i % k];
            }
            return new LinearModel(List.of(labels), f, idf, weights, bias, temperature, info);
        }
    }
}
