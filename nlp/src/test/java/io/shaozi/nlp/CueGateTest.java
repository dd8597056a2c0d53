package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cue gate of categories.yaml: a keyword rule overrules the model on chat-length messages or while the model is
 * unsure, never a confident model on a long letter (nlp/README.md "Cue gate").
 */
class CueGateTest {

    private static final List<String> LABELS = CategoryModel.CATEGORIES;
    private static final String TWO_RULES = """
            categories:
              卫生计生: {sla: standard}
              教育文体: {sla: standard}
              城乡建设: {sla: standard}
            rules:
              - {name: 医疗卫生, category: 卫生计生, any: [医院]}
              - {name: 教育, category: 教育文体, any: [学校]}
            """;

    /** A long letter about a school whose only health word is an aside (上周班里还有同学累得去了医院). */
    static final String SCHOOL_LETTER = "尊敬的教育局领导：我是A市第三中学初三学生的家长。学校从这学期开始把晚自习延长到晚上十点，周六还要补课，"
            + "孩子每天只能睡五六个小时，上课没有精神，成绩反而下降了，上周班里还有同学累得去了医院。国家早有规定不准违规补课、"
            + "要保证学生睡眠，希望教育局能督促学校规范作息时间，取消周六补课，减轻学生负担。";
    /** A long letter about a pension, with an incidental bus ride (每个月坐公交车跑社保局). */
    static final String PENSION_LETTER = "尊敬的领导：我是某区的一名企业退休职工，2016年办理退休手续，按规定应从次月起发放养老金，可是社保局"
            + "至今没有给我核定养老金，我每个月坐公交车跑社保局好几趟，窗口每次都说系统还在审核，让我回家等通知。已经拖了半年，"
            + "我没有其他收入，生活十分困难，恳请领导督促有关部门尽快核定并补发我的养老金。";

    private static TextAnalyzer analyzer;
    private static CategoryModel model;

    @BeforeAll
    static void load() throws IOException {
        analyzer = TextAnalyzer.loadDefault();
        model = CategoryModel.loadDefault();
    }

    private static CategoryRules parse(String yaml) throws IOException {
        return CategoryRules.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static double[] probabilities(String best, double pBest, String other, double pOther) {
        double[] p = new double[LABELS.size()];
        double rest = (1 - pBest - pOther) / (LABELS.size() - 2);
        for (int i = 0; i < p.length; i++) {
            p[i] = LABELS.get(i).equals(best) ? pBest : LABELS.get(i).equals(other) ? pOther : rest;
        }
        return p;
    }

    private static Optional<String> decided(CategoryRules rules, String text, double[] p) {
        return rules.decide(Normalizer.normalize(text), LABELS, p).map(CategoryRules.Rule::name);
    }

    @Test
    void decide_chatLengthMessage_firstMatchingRuleOverrulesEvenAConfidentModel() throws IOException {
        CategoryRules rules = parse(TWO_RULES);
        String chat = "学校旁边的医院门口太乱了"; // 12 characters
        assertThat(decided(rules, chat, probabilities("教育文体", 0.95, "卫生计生", 0.01))).contains("医疗卫生");
    }

    @Test
    void decide_longMessage_confidentModelIsNotOverruled_aRuleThatAgreesStillApplies() throws IOException {
        CategoryRules rules = parse(TWO_RULES);
        String longText = "孩子所在的学校把晚自习延长到晚上十点，每天睡不够，上周还累得去了医院"; // > 20 characters
        double[] p = probabilities("教育文体", 0.95, "卫生计生", 0.01);
        // 医疗卫生 is held back (0.95 − 0.01 ≥ 0.4), 教育 names the model's best label: subcategory only
        assertThat(decided(rules, longText, p)).contains("教育");
        // a confident model on a third label, and no rule agrees: the model decides
        assertThat(decided(rules, longText, probabilities("城乡建设", 0.9, "卫生计生", 0.01))).isEmpty();
    }

    @Test
    void decide_longMessage_unsureModel_ruleDecides() throws IOException {
        CategoryRules rules = parse(TWO_RULES);
        String longText = "孩子所在的学校把晚自习延长到晚上十点，每天睡不够，上周还累得去了医院";
        // lead 0.45 − 0.10 = 0.35 < 0.4
        assertThat(decided(rules, longText, probabilities("城乡建设", 0.45, "卫生计生", 0.10))).contains("医疗卫生");
    }

    @Test
    void decide_chatLengthIsCountedInCharactersOfTheNormalizedText() throws IOException {
        CategoryRules rules = parse(TWO_RULES);
        double[] p = probabilities("城乡建设", 0.95, "卫生计生", 0.01);
        String twenty = "医院" + "啊".repeat(18);
        assertThat(decided(rules, twenty, p)).contains("医疗卫生");
        assertThat(decided(rules, twenty + "啊", p)).isEmpty();
        // full-width spaces and repeated punctuation are normalized away before counting
        assertThat(decided(rules, twenty + "！！！", p)).isEmpty();
        assertThat(decided(rules, "医院" + "啊".repeat(17) + "！！！", p)).contains("医疗卫生");
    }

    @Test
    void gate_defaultsWhenAbsent_readFromTheFile_badValuesNameTheKey() throws IOException {
        assertThat(parse(TWO_RULES).gate()).isEqualTo(new CategoryRules.Gate(20, 0.4));
        assertThat(CategoryRules.loadDefault().gate()).isEqualTo(CategoryRules.Gate.DEFAULT);
        assertThat(parse(TWO_RULES + "gate: {chatLength: 8, margin: 0.25}\n").gate())
                .isEqualTo(new CategoryRules.Gate(8, 0.25));
        assertThatThrownBy(() -> parse(TWO_RULES + "gate: {margin: 1.5}\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml at gate.margin: ");
        assertThatThrownBy(() -> parse(TWO_RULES + "gate: {chatLength: -1}\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml at gate.chatLength: ");
        assertThatThrownBy(() -> parse(TWO_RULES + "gate: {chatlength: 30}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("chatlength");
    }

    @Test
    void analyze_longLetterWithAConfidentModel_isNotPulledAwayByAnIncidentalCueWord(@TempDir Path dir) throws IOException {
        for (String[] c : new String[][] {{SCHOOL_LETTER, "教育文体", "卫生计生"}, {PENSION_LETTER, "劳动和社会保障", "交通运输"}}) {
            String letter = c[0];
            // the premise: the model alone is confident, and a cue of another category matches first
            double[] p = model.probabilities(letter);
            assertThat(LABELS.get(CategoryModel.argmax(p))).isEqualTo(c[1]);
            assertThat(p[CategoryModel.argmax(p)] - p[LABELS.indexOf(c[2])]).isGreaterThan(0.9);
            assertThat(CategoryRules.loadDefault().match(Normalizer.normalize(letter)).orElseThrow().category())
                    .isEqualTo(c[2]);

            Category got = analyzer.analyze(letter).category();
            assertThat(got.label()).as(letter).isEqualTo(c[1]);
            assertThat(got.unsure()).isFalse();

            // the same rules without the gate (the behaviour before it): the incidental word decided
            TextAnalyzer ungated = TextAnalyzer.load(new NlpSettings(Optional.empty(),
                    Optional.of(shippedRulesWithGate(dir, Integer.MAX_VALUE)), NlpSettings.defaults().unsureThreshold()));
            assertThat(ungated.analyze(letter).category().label()).isEqualTo(c[2]);
        }
    }

    @Test
    void analyze_shortChatMessage_stillGetsTheCuesCategoryOverAConfidentModel() {
        // the model alone sends these to 交通运输 / 商贸旅游 with probability > 0.9; the cues know better
        for (String[] c : new String[][] {
                {"网购的快递一直不送上门", "商贸旅游", "消费维权", "交通运输"},
                {"电梯坏了物业不管", "城乡建设", "电梯故障", "商贸旅游"}}) {
            double[] p = model.probabilities(c[0]);
            assertThat(LABELS.get(CategoryModel.argmax(p))).as("premise: the model alone says " + c[3]).isEqualTo(c[3]);
            assertThat(p[CategoryModel.argmax(p)]).isGreaterThan(0.9);
            Category got = analyzer.analyze(c[0]).category();
            assertThat(got.label()).as(c[0]).isEqualTo(c[1]);
            assertThat(got.subcategory()).contains(c[2]);
            assertThat(got.confidence()).isGreaterThanOrEqualTo(0.95);
        }
    }

    /** The shipped categories.yaml with its gate's chatLength replaced. */
    static Path shippedRulesWithGate(Path dir, int chatLength) throws IOException {
        String shipped;
        try (var in = CueGateTest.class.getResourceAsStream("/io/shaozi/nlp/categories.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String changed = shipped.replaceFirst("(?m)^  chatLength: \\d+$", "  chatLength: " + chatLength);
        assertThat(changed).isNotEqualTo(shipped);
        Path file = dir.resolve("categories.yaml");
        Files.writeString(file, changed);
        return file;
    }
}
