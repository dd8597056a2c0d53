package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

    static final TextAnalyzer ANALYZER = TextAnalyzer.loadDefault();

    @Test
    void analyze_doneWhenExample() {
        Analysis a = ANALYZER.analyze("楼道灯坏了好几天了");
        assertThat(a.category().label()).isEqualTo("城乡建设");
        assertThat(a.category().subcategory()).contains("物业照明");
        assertThat(a.category().slaClass()).isEqualTo("fast");
        assertThat(a.category().unsure()).isFalse();
        assertThat(a.category().top()).hasSize(3);
        assertThat(a.urgency().level()).isEqualTo(Urgency.NORMAL);
        assertThat(a.entities().times()).extracting(Entities.TimeMention::text).containsExactly("好几天了");
        assertThat(a.intent().kind()).isEqualTo(IntentKind.REQUEST);
        assertThat(a.tokens()).contains("楼道灯");
    }

    @Test
    void analyze_modelDecidesWhenNoRuleMatches() {
        Category c = ANALYZER.analyze("公司拖了三个月没给我们交五险一金，单位也不给说法").category();
        assertThat(c.label()).isEqualTo("劳动和社会保障");
        assertThat(c.subcategory()).isEmpty();
        assertThat(c.slaClass()).isEqualTo("standard");
        assertThat(c.confidence()).isBetween(0.5, 1.0);
        assertThat(c.top().get(0).label()).isEqualTo(c.label());
        assertThat(c.top().get(0).probability()).isGreaterThanOrEqualTo(c.top().get(1).probability());
    }

    @Test
    void analyze_topProbabilitiesAreADistributionPrefix() {
        Category c = ANALYZER.analyze("食堂的饭菜太贵了").category();
        double sum = c.top().stream().mapToDouble(Category.LabelProbability::probability).sum();
        assertThat(sum).isBetween(0.0, 1.0001);
        assertThat(c.top()).extracting(Category.LabelProbability::label).doesNotHaveDuplicates();
    }

    @Test
    void analyze_belowThresholdIsUnsure() {
        TextAnalyzer strict = TextAnalyzer.load(new NlpSettings(Optional.empty(), Optional.empty(), 1.0));
        TextAnalyzer lax = TextAnalyzer.load(new NlpSettings(Optional.empty(), Optional.empty(), 0.0));
        assertThat(strict.analyze("食堂的饭菜太贵了").category().unsure()).isTrue();
        assertThat(lax.analyze("食堂的饭菜太贵了").category().unsure()).isFalse();
    }

    @Test
    void analyze_meaninglessTextIsUnsure() {
        assertThat(ANALYZER.analyze("").category().unsure()).isTrue();
        assertThat(ANALYZER.analyze("。。。").category().unsure()).isTrue();
    }

    @Test
    void analyze_emergencyCarriesHint() {
        Analysis a = ANALYZER.analyze("3号楼2单元燃气泄漏了，味道很大，电话13812345678");
        assertThat(a.urgency().level()).isEqualTo(Urgency.EMERGENCY);
        assertThat(a.urgency().safetyHint()).isPresent();
        assertThat(a.category().slaClass()).isEqualTo("emergency");
        assertThat(a.entities().phones()).extracting(Entities.Phone::masked).containsExactly("138****5678");
        assertThat(TextAnalyzer.toJson(a)).doesNotContain("13812345678").contains("138****5678");
    }

    @Test
    void analyze_commandsAreRecognized() {
        assertThat(ANALYZER.analyze("查询2026112800012").intent().ticketNumber()).contains("2026112800012");
        assertThat(ANALYZER.analyze("不满意").intent().rating()).contains(Rating.UNSATISFIED);
    }

    @Test
    void analyze_traditionalAndFullWidthInputIsNormalized() {
        Analysis a = ANALYZER.analyze("樓道燈壞了！！！");
        assertThat(a.normalized()).isEqualTo("楼道灯坏了!");
        assertThat(a.category().subcategory()).contains("物业照明");
    }

    @Test
    void analyze_isThreadSafe() throws Exception {
        List<String> texts = List.of("楼道灯坏了好几天了", "公交车班次太少", "医院乱收费", "学校乱收补课费", "燃气泄漏了");
        List<Analysis> expected = texts.stream().map(ANALYZER::analyze).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        for (int j = 0; j < texts.size(); j++) {
                            if (!ANALYZER.analyze(texts.get(j)).equals(expected.get(j))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
