package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CategoryRulesTest {

    private static final CategoryRules RULES = CategoryRules.loadDefault();

    private static CategoryRules parse(String yaml) throws IOException {
        return CategoryRules.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void rules_everyCategoryHasAnSlaClass() {
        for (String c : CategoryModel.CATEGORIES) {
            assertThat(RULES.sla(c)).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0} → {1}/{2}")
    @CsvSource(delimiter = '|', textBlock = """
            楼道灯坏了好几天了          | 物业照明     | 城乡建设       | fast
            樓道燈壞了                  | 物业照明     | 城乡建设       | fast
            电梯困人了快来              | 电梯故障     | 城乡建设       | emergency
            家里有煤气味                | 燃气安全     | 城乡建设       | emergency
            有人在楼下飞线充电          | 飞线充电     | 城乡建设       | fast
            晚上广场舞太吵了            | 噪声扰民     | 环境保护       | standard
            老板拖欠工资三个月          | 拖欠工资     | 劳动和社会保障 | fast
            超市拖欠我7个月工资不发      | 拖欠工资     | 劳动和社会保障 | fast
            饭店老板欠我工资不给        | 拖欠工资     | 劳动和社会保障 | fast
            楼上装修噪音太大了          | 噪声扰民     | 环境保护       | standard
            公交车太少了等半小时        | 公交出行     | 交通运输       | standard
            路口红绿灯坏了              | 交通信号     | 交通运输       | fast
            """)
    void rules_matchKeywords(String text, String name, String category, String sla) {
        CategoryRules.Rule rule = RULES.match(Normalizer.normalize(text)).orElseThrow();
        assertThat(rule.name()).isEqualTo(name);
        assertThat(rule.category()).isEqualTo(category);
        assertThat(RULES.sla(rule)).isEqualTo(sla);
    }

    @Test
    void rules_noRuleForUnrelatedText() {
        assertThat(RULES.match("孩子的校服太贵了")).isEmpty(); // (学校 is a chat cue for 教育文体 since issue #17)
    }

    @Test
    void rules_firstMatchingRuleWins() throws IOException {
        CategoryRules r = parse("""
                categories:
                  城乡建设: {sla: standard}
                rules:
                  - {name: 具体, category: 城乡建设, any: [楼道灯]}
                  - {name: 宽泛, category: 城乡建设, any: [灯]}
                """);
        assertThat(r.match("楼道灯坏了").map(CategoryRules.Rule::name)).contains("具体");
        assertThat(r.match("路灯坏了").map(CategoryRules.Rule::name)).contains("宽泛");
    }

    @Test
    void rules_allKeywordsMustCoOccur() throws IOException {
        CategoryRules r = parse("""
                categories:
                  城乡建设: {sla: standard}
                rules:
                  - {name: 地下室漏水, category: 城乡建设, any: [漏水, 渗水], all: [地下室]}
                """);
        assertThat(r.match("地下室漏水")).isPresent();
        assertThat(r.match("楼上漏水")).isEmpty();
    }

    @Test
    void rules_ruleWithoutSlaUsesTheCategorySla() throws IOException {
        CategoryRules r = parse("""
                categories:
                  环境保护: {sla: long}
                rules:
                  - {name: 异味, category: 环境保护, any: [臭味]}
                """);
        CategoryRules.Rule rule = r.match("垃圾站臭味").orElseThrow();
        assertThat(r.sla(rule)).isEqualTo("long");
        assertThat(rule.sla()).isEqualTo(Optional.empty());
    }

    @Test
    void rules_aDepartmentIsRejectedPointingToOrgDuties() {
        assertThatThrownBy(() -> parse("""
                categories:
                  城乡建设: {sla: standard}
                rules:
                  - {name: 物业照明, category: 城乡建设, any: [楼道灯], department: 社区物业服务中心}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml at rules[0].department: ").hasMessageContaining("org.yaml");
        assertThatThrownBy(() -> parse("""
                categories:
                  城乡建设: {department: 区住房和城乡建设委员会}
                """)).hasMessageStartingWith("test.yaml at categories.城乡建设.department: ");
    }

    @Test
    void rules_unknownCategoryIsRejectedWithItsName() {
        assertThatThrownBy(() -> parse("""
                categories:
                  城乡建设: {sla: standard}
                rules:
                  - {name: 错的, category: 不存在, any: [灯]}
                """)).hasMessageContaining("不存在").hasMessageContaining("test.yaml");
    }

    @Test
    void rules_ruleWithoutKeywordsIsRejected() {
        assertThatThrownBy(() -> parse("""
                categories:
                  城乡建设: {sla: standard}
                rules:
                  - {name: 空, category: 城乡建设}
                """)).hasMessageContaining("空");
    }

    @Test
    void rules_overrideFileReplacesTheDefaults(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("categories.yaml");
        Files.writeString(yaml, """
                categories:
                  城乡建设: {sla: standard}
                rules:
                  - {name: 测试规则, category: 城乡建设, any: [测试词]}
                """);
        CategoryRules r = CategoryRules.load(yaml);
        assertThat(r.match("这是测试词")).isPresent();
        assertThat(r.match("楼道灯坏了")).isEmpty();
    }
}
