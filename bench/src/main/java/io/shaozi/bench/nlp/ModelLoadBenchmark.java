package io.shaozi.bench.nlp;

import io.shaozi.nlp.CategoryModel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Loading the shipped category model from the classpath (decompress, dequantize). */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModelLoadBenchmark {

    @Benchmark
    public CategoryModel loadModel() throws IOException {
        return CategoryModel.loadDefault();
    }
}
