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
 * <p>A freshly trained model holds exact floats; {@link #quantized()} (and every model read from a file) holds
 * one signed byte per bucket and class with one scale per class, and one unsigned byte of IDF per bucket (step
 * 1/16): 2 MB for 2^18 buckets and 7 classes, small enough to stay in cache, which keeps scoring fast.
 *
 * <p>File format (gzip): magic "SZLM", version, bits, feature flags, labels, info, temperature, biases, IDF
 * bytes, class scales, weight bytes (bucket-major).
 */
final class LinearModel {

    private static final int MAGIC = 0x535a4c4d; // "SZLM"
    private static final int VERSION = 2;
    private static final float IDF_STEP = 1f / 16f;
    private static final float[] IDF_TABLE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            IDF_TABLE[i] = i * IDF_STEP;
        }
    }

    private final List<String> labels;
    private final Featurizer featurizer;
    private final float[] bias;
    private final float temperature;
    private final String info;
    /** Exact representation (training); empty arrays when quantized. */
    private final float[] idf;
    private final float[] weights;
    /** Quantized representation; empty arrays when exact. */
    private final byte[] idfQ;
    private final byte[] weightsQ;
    private final float[] scale;

    private LinearModel(List<String> labels, Featurizer featurizer, float[] bias, float temperature, String info,
            float[] idf, float[] weights, byte[] idfQ, byte[] weightsQ, float[] scale) {
        this.labels = List.copyOf(labels);
        this.featurizer = featurizer;
        this.bias = bias;
        this.temperature = temperature;
        this.info = info;
        this.idf = idf;
        this.weights = weights;
        this.idfQ = idfQ;
        this.weightsQ = weightsQ;
        this.scale = scale;
        int d = featurizer.dimension();
        int k = labels.size();
        boolean exact = idf.length == d && weights.length == d * k;
        boolean quant = idfQ.length == d && weightsQ.length == d * k && scale.length == k;
        if (exact == quant || bias.length != k) {
            throw new IllegalArgumentException("inconsistent model dimensions");
        }
    }

    /** An exact (float) model, as training produces it. */
    static LinearModel exact(List<String> labels, Featurizer featurizer, float[] idf, float[] weights, float[] bias,
            float temperature, String info) {
        return new LinearModel(labels, featurizer, bias, temperature, info, idf, weights, new byte[0], new byte[0],
                new float[0]);
    }

    List<String> labels() {
        return labels;
    }

    Featurizer featurizer() {
        return featurizer;
    }

    float temperature() {
        return temperature;
    }

    String info() {
        return info;
    }

    boolean isQuantized() {
        return weightsQ.length > 0;
    }

    LinearModel withTemperature(float t) {
        return new LinearModel(labels, featurizer, bias, t, info, idf, weights, idfQ, weightsQ, scale);
    }

    /** Sublinear TF × IDF, L2-normalized. */
    Featurizer.Sparse weigh(Featurizer.Sparse counts) {
        if (!isQuantized()) {
            return Featurizer.weigh(counts, idf);
        }
        int[] index = counts.index();
        float[] value = new float[index.length];
        double norm = 0;
        for (int i = 0; i < index.length; i++) {
            float v = Featurizer.sublinear(counts.value()[i]) * IDF_TABLE[idfQ[index[i]] & 0xff];
            value[i] = v;
            norm += (double) v * v;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < value.length; i++) {
                value[i] *= inv;
            }
        }
        return new Featurizer.Sparse(index, value);
    }

    /** Raw decision values for weighted features. */
    double[] scores(Featurizer.Sparse x) {
        int k = labels.size();
        double[] s = new double[k];
        int[] index = x.index();
        float[] value = x.value();
        if (isQuantized()) {
            float[] acc = new float[k];
            for (int i = 0; i < index.length; i++) {
                int base = index[i] * k;
                float v = value[i];
                for (int c = 0; c < k; c++) {
                    acc[c] += weightsQ[base + c] * v;
                }
            }
            for (int c = 0; c < k; c++) {
                s[c] = bias[c] + (double) acc[c] * scale[c];
            }
            return s;
        }
        for (int c = 0; c < k; c++) {
            s[c] = bias[c];
        }
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
        return softmax(scores(weigh(featurizer.counts(normalized, tokens))), temperature);
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

    /** The byte-quantized model, exactly as it will be after a round trip through a file. */
    LinearModel quantized() {
        if (isQuantized()) {
            return this;
        }
        int k = labels.size();
        float[] max = new float[k];
        for (int i = 0; i < weights.length; i++) {
            max[i % k] = Math.max(max[i % k], Math.abs(weights[i]));
        }
        float[] sc = new float[k];
        for (int c = 0; c < k; c++) {
            sc[c] = max[c] == 0 ? 1f : max[c] / 127f;
        }
        byte[] w = new byte[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) Math.round(weights[i] / sc[i % k]);
        }
        byte[] q = new byte[idf.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) Math.max(0, Math.min(255, Math.round(idf[i] / IDF_STEP)));
        }
        return new LinearModel(labels, featurizer, bias, temperature, info, new float[0], new float[0], q, w, sc);
    }

    /** Writes the quantized model. */
    void write(OutputStream raw) throws IOException {
        LinearModel q = quantized();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(featurizer.bits());
            out.writeInt(featurizer.flags());
            out.writeInt(labels.size());
            for (String l : labels) {
                out.writeUTF(l);
            }
            out.writeUTF(info);
            out.writeFloat(temperature);
            for (float b : bias) {
                out.writeFloat(b);
            }
            out.write(q.idfQ);
            for (float s : q.scale) {
                out.writeFloat(s);
            }
            out.write(q.weightsQ);
        }
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
            byte[] idfQ = new byte[d];
            in.readFully(idfQ);
            float[] scale = new float[k];
            for (int i = 0; i < k; i++) {
                scale[i] = in.readFloat();
            }
            byte[] w = new byte[d * k];
            in.readFully(w);
            return new LinearModel(List.of(labels), f, bias, temperature, info, new float[0], new float[0], idfQ, w, scale);
        }
    }
}
