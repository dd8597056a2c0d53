package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A candidate trained with dispatchers' corrections is promoted only if it is not worse on the fixed slice. */
class PromotionTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final String[] WORDS = {"楼道漏水", "工厂排污", "公交晚点", "学校收费", "拖欠工资", "商家假货", "医院排队"};

    @TempDir
    Path dir;

    /** Each category has its own phrase; the base data never mentions 电动车棚, which corrections teach as 城乡建设. */
    private static List<Dataset.Example> base() {
        List<Dataset.Example> rows = new ArrayList<>();
        for (int c = 0; c < WORDS.length; c++) {
            for (int i = 0; i < 30; i++) {
                rows.add(new Dataset.Example(CategoryModel.CATEGORIES.get(c), "第" + i + "号居民反映" + WORDS[c] + "的问题" + i,
                        "base", i));
            }
        }
        return rows;
    }

    private static List<Dataset.Example> corrections(String label) {
        List<Dataset.Example> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new Dataset.Example(label, "小区电动车棚第" + i + "处坏了", "corrections", i));
        }
        return rows;
    }

    @Test
    void helpfulCorrections_arePromotedAndWrittenToTheModelFile() throws Exception {
        Path out = dir.resolve("model.bin.gz");
        Promotion.Result r = Promotion.run(base(), corrections("城乡建设"), CategoryModel.TrainOptions.defaults(), out, QUIET);
        assertThat(r.promoted()).isTrue();
        assertThat(r.candidate()).isGreaterThanOrEqualTo(r.current());
        assertThat(r.corrections()).isEqualTo(20);
        assertThat(Files.exists(out)).isTrue();
        CategoryModel m = CategoryModel.load(out);
        assertThat(m.version()).isEqualTo(r.version());
        assertThat(m.predict("电动车棚坏了")).isEqualTo("城乡建设");
    }

    @Test
    void correctionsThatContradictTheBaseData_areNotPromoted() throws Exception {
        Path out = dir.resolve("model.bin.gz");
        // "corrections" that swap two categories: the held-out base rows get worse
        List<Dataset.Example> poison = new ArrayList<>();
        String a = CategoryModel.CATEGORIES.get(0);
        String b = CategoryModel.CATEGORIES.get(1);
        for (Dataset.Example e : base()) {
            if (e.label().equals(a) || e.label().equals(b)) {
                for (String suffix : List.of("。", "啊", "呀")) { // swapped labels, three to one
                    poison.add(new Dataset.Example(e.label().equals(a) ? b : a, e.text() + suffix, "corrections", e.line()));
                }
            }
        }
        Promotion.Result r = Promotion.run(base(), poison, CategoryModel.TrainOptions.defaults(), out, QUIET);
        assertThat(r.promoted()).as("current %s candidate %s", r.current(), r.candidate()).isFalse();
        assertThat(r.candidate()).isLessThan(r.current());
        assertThat(Files.exists(out)).as("nothing written").isFalse();
    }
}
