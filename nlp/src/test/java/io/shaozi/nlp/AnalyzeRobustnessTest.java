package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AnalyzeRobustnessTest {

    private static final TextAnalyzer ANALYZER = TextAnalyzer.loadDefault();

    private static void assertWellFormed(Analysis a) {
        assertThat(a).isNotNull();
        assertThat(a.normalized()).isNotNull();
        assertThat(CategoryModel.CATEGORIES).contains(a.category().label());
        assertThat(a.category().confidence()).isBetween(0.0, 1.0);
        for (Entities.Place p : a.entities().places()) {
            assertThat(a.normalized().substring(p.start(), p.end())).isEqualTo(p.text());
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withChars("，。！？0123456789号楼单元室 @:/").ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("\uD800\uDC00\uDBFF\uFFFF\uFEFF").ofMaxLength(100),
                Arbitraries.strings().withChars("!！?？。，,.…~～、；;：:“”\"'（）()【】").ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0600', '\u06ff').withCharRange('\u0400', '\u04ff')
                        .withCharRange('\uac00', '\uacff').withCharRange('\u4e00', '\u4eff').ofMaxLength(200));
    }

    @Property(tries = 400)
    void analyze_neverThrowsOnArbitraryStrings(@ForAll("anyText") String text) {
        assertWellFormed(ANALYZER.analyze(text));
    }

    @Example
    void analyze_handlesNullEmptyAndHugeInput() {
        assertWellFormed(ANALYZER.analyze(null));
        assertWellFormed(ANALYZER.analyze(""));
        assertWellFormed(ANALYZER.analyze("楼道灯坏了，".repeat(17_000)));
        assertWellFormed(ANALYZER.analyze("\uD800".repeat(100_000)));
        assertWellFormed(ANALYZER.analyze("！".repeat(100_000)));
        assertWellFormed(ANALYZER.analyze("1".repeat(100_000)));
    }

    @Example
    void analyze_staysLinearInLength() {
        String unit = "我住花家地小区3号楼2单元301室，楼道灯坏了三天了，电话13812345678。";
        for (int i = 0; i < 20; i++) {
            ANALYZER.analyze(unit.repeat(40)); // warm up
        }
        long small = time(unit.repeat(40));
        long large = time(unit.repeat(400));
        // 10x the text; allow slack for GC and JIT noise, but not quadratic growth (100x)
        assertThat((double) large / small).isLessThan(25.0);
    }

    /** Best-of-seven CPU time of this thread (wall time suffers when other processes share the machine). */
    private static long time(String text) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long t = bean.getCurrentThreadCpuTime();
            ANALYZER.analyze(text);
            best = Math.min(best, bean.getCurrentThreadCpuTime() - t);
        }
        return best;
    }
}
