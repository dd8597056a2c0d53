package io.shaozi.nlp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NlpCommandsTest {

    @TempDir
    static Path dir;
    static Path trainCsv;
    static Path model;

    /** Result of one command: exit code, stdout, stderr. */
    record Run(int code, String out, String err) {}

    interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    static Run run(Command c, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = c.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String[][] SAMPLES = {
        {"城乡建设", "楼道灯坏了没人修", "小区物业不管楼道卫生", "小区违章搭建严重", "房屋漏水开发商不管", "棚户区改造补偿太低"},
        {"环境保护", "工厂排放污水污染河道", "夜间施工噪音扰民", "垃圾焚烧厂有臭味", "砖厂烟尘污染空气", "河里死鱼水质变黑"},
        {"交通运输", "公交车班次太少", "道路坑洼不平", "出租车拒载绕路", "高速收费站拥堵", "驾驶证换证手续"},
        {"教育文体", "学校乱收补课费", "幼儿园学位不足", "教师工资拖欠问题", "中考招生政策", "图书馆开放时间"},
        {"劳动和社会保障", "社保断缴怎么补", "养老金发放标准", "公司不缴纳社保", "失业保险金领取", "医保报销比例"},
        {"商贸旅游", "超市卖过期食品", "景区门票乱涨价", "网购商品质量差", "商家虚假宣传", "传销组织骗钱"},
        {"卫生计生", "医院乱收费", "二胎生育证办理", "诊所无证行医", "疫苗接种预约", "医生态度很差"},
    };

    @BeforeAll
    static void trainTinyModel() throws IOException {
        StringBuilder sb = new StringBuilder("label,text\n");
        for (int copy = 0; copy < 3; copy++) {
            for (String[] s : SAMPLES) {
                for (int i = 1; i < s.length; i++) {
                    sb.append(s[0]).append(',').append(s[i]).append(copy == 0 ? "" : "。" + copy).append('\n');
                }
            }
        }
        trainCsv = dir.resolve("train.csv");
        Files.writeString(trainCsv, sb.toString());
        model = dir.resolve("model.bin.gz");
        Run r = run(NlpCommands::train, "--data", trainCsv.toString(), "--out", model.toString(), "--all", "--bits", "14");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(model).exists();
    }

    @Test
    void train_reportsWhereTheModelWent() throws IOException {
        Path out = dir.resolve("split.bin.gz");
        Run r = run(NlpCommands::train, "--data", trainCsv.toString(), "--out", out.toString(), "--bits", "14",
                "--holdout-seed", "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("held out").contains("seed 7").contains("wrote " + out);
    }

    @Test
    void eval_printsAccuracyMacroF1AndNFirstThenTheTables() {
        Run r = run(NlpCommands::eval, "--data", trainCsv.toString(), "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String first = r.out().lines().findFirst().orElseThrow();
        assertThat(first).matches("accuracy=[01]\\.\\d{4} macro_f1=[01]\\.\\d{4} n=105");
        assertThat(r.out()).contains("precision").contains("recall").contains("confusion");
        double accuracy = Double.parseDouble(first.substring("accuracy=".length(), first.indexOf(' ')));
        assertThat(accuracy).isGreaterThan(0.9);
    }

    @Test
    void eval_holdoutSplitAddsTheShortTextSection() {
        Run r = run(NlpCommands::eval, "--data", trainCsv.toString(), "--model", model.toString(), "--split", "holdout");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# short text");
    }

    @Test
    void eval_baselineRunsHanLpNaiveBayes() {
        Run r = run(NlpCommands::eval, "--data", trainCsv.toString(), "--split", "holdout", "--baseline");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("accuracy=");
        assertThat(r.err()).contains("NaiveBayesClassifier");
    }

    @Test
    void eval_unknownLabelIsBadDataNamingFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "label,text\n城乡建设,楼道灯坏了\n城管,占道经营\n");
        Run r = run(NlpCommands::eval, "--data", bad.toString(), "--model", model.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":3:").contains("城管");
    }

    @Test
    void train_missingHeaderIsBadDataNamingTheLine() throws IOException {
        Path bad = dir.resolve("noheader.csv");
        Files.writeString(bad, "城乡建设,楼道灯坏了\n");
        Run r = run(NlpCommands::train, "--data", bad.toString(), "--out", dir.resolve("x.bin").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":1:").contains("header");
    }

    @Test
    void train_emptyLabelIsBadDataNamingTheLine() throws IOException {
        Path bad = dir.resolve("nolabel.csv");
        Files.writeString(bad, "label,text\n城乡建设,楼道灯坏了\n,没有标签\n");
        Run r = run(NlpCommands::train, "--data", bad.toString(), "--out", dir.resolve("x.bin").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":3:").contains("empty label");
    }

    @Test
    void usageErrorsNameTheFlag() {
        List<Run> runs = new ArrayList<>();
        runs.add(run(NlpCommands::train));
        runs.add(run(NlpCommands::eval, "--data", "x.csv", "--bogus", "1"));
        runs.add(run(NlpCommands::eval, "--data", "x.csv", "--split", "sometimes"));
        runs.add(run(NlpCommands::train, "--data", "x.csv", "--solver", "forest"));
        runs.add(run(NlpCommands::train, "--data", "x.csv", "--holdout-seed", "abc"));
        runs.add(run(NlpCommands::train, "--data", "x.csv", "--short-weight", "0"));
        runs.add(run(NlpCommands::train, "--data", "x.csv", "--sentence-weight", "-1"));
        runs.add(run(NlpCommands::classify));
        runs.add(run(NlpCommands::eval, "--data"));
        List<String> flags = List.of("--data", "--bogus", "--split", "--solver", "--holdout-seed", "--short-weight",
                "--sentence-weight", "classify", "--data");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains(flags.get(i));
        }
    }

    @Test
    void classify_printsPrettyJsonWithChineseUnescaped() {
        Run r = run(NlpCommands::classify, "楼道灯坏了好几天了");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"category\" : \"城乡建设\"").contains("\"subcategory\" : \"物业照明\"")
                .contains("\"confidence\"").contains("\"urgency\"").contains("\"entities\"").contains("好几天了")
                .doesNotContain("\\u");
    }

    @Test
    void classify_withAnotherModelFile() {
        Run r = run(NlpCommands::classify, "--model", model.toString(), "公交车班次太少");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"category\" : \"交通运输\"");
    }

    @Test
    void classify_missingModelFileIsAnError() {
        Run r = run(NlpCommands::classify, "--model", dir.resolve("missing.bin").toString(), "楼道灯");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("missing.bin");
    }

}
