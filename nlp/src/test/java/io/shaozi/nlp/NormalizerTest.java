package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizerTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ＡＢＣ１２３                         | ABC123
            樓道燈壞了                           | 楼道灯坏了
            電梯困人                             | 电梯困人
            楼道灯坏了！！！！                   | 楼道灯坏了!
            真的吗？？？                         | 真的吗?
            怎么办。。。                         | 怎么办。
            楼道   灯    坏了                    | 楼道 灯 坏了
            看这里 https://example.com/a?b=1 谢谢 | 看这里 谢谢
            请看www.example.com                  | 请看
            @张三 楼道灯坏了                     | 楼道灯坏了
            楼道灯坏了😡😡                       | 楼道灯坏了
            """)
    void normalize_foldsWidthScriptAndNoise(String in, String out) {
        assertThat(Normalizer.normalize(in)).isEqualTo(out);
    }

    @Test
    void normalize_nullAndEmptyGiveEmpty() {
        assertThat(Normalizer.normalize(null)).isEmpty();
        assertThat(Normalizer.normalize("")).isEmpty();
        assertThat(Normalizer.normalize(" \t\n ")).isEmpty();
    }

    @Test
    void normalize_dropsControlCharactersAndLoneSurrogates() {
        assertThat(Normalizer.normalize("楼\u0000道\u0007灯\uD800坏\uDC00了")).isEqualTo("楼 道 灯坏了");
    }

    @Test
    void normalize_lineBreaksBecomeSpaces() {
        assertThat(Normalizer.normalize("第一行\r\n第二行\n\n第三行")).isEqualTo("第一行 第二行 第三行");
    }

    @Test
    void normalize_ideographicSpaceIsASpace() {
        assertThat(Normalizer.normalize("楼道\u3000灯")).isEqualTo("楼道 灯");
    }

    @Test
    void normalize_isIdempotent() {
        String once = Normalizer.normalize("樓道燈壞了！！ @李四 ｈｔｔｐ://x.cn 😀 三天了");
        assertThat(Normalizer.normalize(once)).isEqualTo(once);
    }
}
