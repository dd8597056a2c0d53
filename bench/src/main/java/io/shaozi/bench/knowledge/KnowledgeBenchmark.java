package io.shaozi.bench.knowledge;

import io.shaozi.core.knowledge.KnowledgeDesk;
import io.shaozi.nlp.knowledge.KnowledgeBase;
import io.shaozi.nlp.knowledge.KnowledgeEntry;
import io.shaozi.nlp.knowledge.KnowledgeMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a knowledge-base answer adds to a resident's turn: {@code KnowledgeBase.match} (question check, Lucene BM25
 * over words and bigrams, coverage of the top three) over the shipped entries plus synthetic ones up to {@code entries}.
 * The synthetic entries are the shipped ones again under other community names, with shuffled extra questions and
 * longer answers, so every query matches many documents (harder than distinct topics). Also the index (re)build time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KnowledgeBenchmark {

    static final String[] QUESTIONS = {
        "社区居委会周六上班吗？我想开个居住证明", "我妈今年60了，老年卡在哪儿办", "早上几点可以扔垃圾", "家里生活困难，怎么申请低保",
        "独生子女证丢了能补吗", "刚出生的宝宝怎么办医保", "装修前要办什么手续", "护照去哪里办理？", "电瓶车可以放楼道里充电吗",
        "楼道灯坏了好几天了，晚上上下楼看不见"};
    static final String[] PLACES = {"多福巷", "韶九", "北池子", "南池子", "智德", "霞公府", "正义路", "台基厂", "王府井", "东厂"};

    @Param({"1000"})
    public int entries;

    KnowledgeBase kb;
    List<KnowledgeEntry> all;
    int next;

    @Setup
    public void setUp() {
        all = synthetic(entries);
        kb = KnowledgeBase.of(all);
    }

    static List<KnowledgeEntry> synthetic(int n) {
        List<KnowledgeEntry> shipped = KnowledgeDesk.shipped();
        List<KnowledgeEntry> out = new ArrayList<>(shipped);
        Random r = new Random(42);
        for (int i = out.size(); i < n; i++) {
            KnowledgeEntry base = shipped.get(r.nextInt(shipped.size()));
            String place = PLACES[r.nextInt(PLACES.length)] + (i % 97) + "号院";
            List<String> qs = new ArrayList<>();
            for (String q : base.questions()) {
                qs.add(r.nextBoolean() ? place + q : q);
            }
            String title = (place + base.title());
            out.add(new KnowledgeEntry("s" + i, title.length() > KnowledgeEntry.MAX_TITLE
                    ? title.substring(0, KnowledgeEntry.MAX_TITLE) : title, qs,
                    place + "：" + base.answer() + "\n" + shipped.get(r.nextInt(shipped.size())).answer()));
        }
        return out;
    }

    @Benchmark
    public KnowledgeMatch match() {
        String q = QUESTIONS[next++ % QUESTIONS.length];
        return kb.match(q);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public KnowledgeBase rebuild() {
        return KnowledgeBase.of(all);
    }
}
