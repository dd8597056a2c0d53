package io.shaozi.bench.nlp;

import io.shaozi.nlp.Analysis;
import io.shaozi.nlp.TextAnalyzer;

/**
 * Cold start of the analyzer in a fresh JVM: time of {@code TextAnalyzer.loadDefault()} plus the first
 * {@code analyze()}, and the heap it retains after GC. Run it in a new JVM each time:
 * {@code java -cp bench/target/benchmarks.jar io.shaozi.bench.nlp.ColdLoad}.
 */
public final class ColdLoad {
    private ColdLoad() {
    }

    public static void main(String[] args) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long start = System.nanoTime();
        TextAnalyzer analyzer = TextAnalyzer.loadDefault();
        Analysis first = analyzer.analyze("楼道灯坏了好几天了");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.gc();
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf("cold load + first analyze: %d ms; heap retained: %d MB; category %s%n", millis,
                (after - before) / (1024 * 1024), first.category().label());
        if (analyzer.analyze("").normalized().length() != 0) {
            throw new IllegalStateException("analyzer is not usable"); // keeps the analyzer reachable until here
        }
    }
}
