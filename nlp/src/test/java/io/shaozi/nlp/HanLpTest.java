package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.corpus.io.ResourceIOAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HanLpTest {

    private static List<String> words(List<HanLp.Token> tokens) {
        return tokens.stream().map(HanLp.Token::word).toList();
    }

    @Test
    void hanlp_readsDictionariesFromTheClasspathNotFromDisk() {
        HanLp h = HanLp.get();
        assertThat(HanLP.Config.IOAdapter).isInstanceOf(ResourceIOAdapter.class);
        assertThat(Files.exists(Path.of("data/dictionary/CoreNatureDictionary.txt"))).isFalse();
        assertThat(words(h.segment("楼道灯坏了"))).isNotEmpty();
        assertThat(HanLp.toSimplified("樓道燈")).isEqualTo("楼道灯");
    }

    /** The default segmentation splits these governance terms; the shipped dictionary keeps them whole. */
    @ParameterizedTest(name = "{0} stays one word")
    @CsvSource(delimiter = '|', textBlock = """
            有人在楼下飞线充电          | 飞线充电
            消防通道被私家车堵了        | 消防通道
            小区有人违章搭建            | 违章搭建
            有人高空抛物                | 高空抛物
            暖气不热                    | 暖气不热
            电梯困人了                  | 电梯困人
            门口有人占道经营            | 占道经营
            有人私搭乱建                | 私搭乱建
            网格员不管                  | 网格员
            楼道灯不亮                  | 楼道灯
            """)
    void segment_governanceDictionaryFixesDefaultSegmentation(String text, String word) {
        assertThat(words(HanLp.get().segmentPlain(text))).doesNotContain(word);
        assertThat(words(HanLp.get().segment(text))).contains(word);
    }

    @Test
    void segment_everyGovernanceTermAloneIsOneWord() {
        for (String entry : HanLp.get().governanceEntries()) {
            String word = entry.split("\\s+")[0];
            assertThat(words(HanLp.get().segment(word))).as(word).containsExactly(word);
        }
    }

    @Test
    void segment_governanceDictionaryDoesNotChangeHanLpsGlobalDictionary() {
        HanLp.get();
        assertThat(HanLP.segment("有人在楼下飞线充电").stream().map(t -> t.word).toList()).doesNotContain("飞线充电");
    }

    @Test
    void segment_placeRecognitionTagsPlaces() {
        assertThat(HanLp.get().segmentWithPlaces("我住在北京市朝阳区")).anyMatch(HanLp.Token::isPlace);
    }

    @Test
    void segment_offsetsPointIntoTheText() {
        String text = "楼道灯坏了三天了";
        for (HanLp.Token t : HanLp.get().segment(text)) {
            assertThat(text.substring(t.offset(), t.offset() + t.word().length())).isEqualTo(t.word());
        }
    }
}
