package io.shaozi.bench.nlp;

import io.shaozi.nlp.Analysis;
import io.shaozi.nlp.TextAnalyzer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@code TextAnalyzer.analyze} latency on a chat-length message and on a 500-character letter. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnalyzeBenchmark {

    static final String SHORT = "楼道灯坏了好几天了";

    static final String LETTER;

    static {
        String base = "尊敬的领导：您好！我是朝阳区望京街道花家地小区3号楼2单元的居民，电话13812345678。"
                + "我们楼的楼道灯已经坏了三个多月了，晚上上下楼一片漆黑，老人和孩子经常摔倒，物业一直推脱说没有经费维修。"
                + "另外小区消防通道长期被私家车占用，还有人在楼道里飞线充电，存在很大的火灾隐患，我们多次向物业和居委会反映，"
                + "但至今没有任何处理结果。小区垃圾清运也不及时，夏天臭味很大，严重影响居民生活。希望有关部门尽快督促物业整改，"
                + "明天上午我在家，可以配合上门查看。谢谢！";
        StringBuilder sb = new StringBuilder(base);
        while (sb.length() < 500) {
            sb.append(base);
        }
        LETTER = sb.substring(0, 500);
    }

    TextAnalyzer analyzer;

    @Setup
    public void setUp() {
        analyzer = TextAnalyzer.loadDefault();
    }

    @Benchmark
    public Analysis analyzeShort() {
        return analyzer.analyze(SHORT);
    }

    @Benchmark
    public Analysis analyzeLetter500() {
        return analyzer.analyze(LETTER);
    }
}
