package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Social turns, with the negation and tense traps of "it's fixed": 已经修好了 is solved, 还没修好 is a request. */
class SocialTurnsTest {

    private static IntentKind kind(String text) {
        return IntentRecognizer.recognize(Normalizer.normalize(text)).kind();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            楼道灯已经修好了，谢谢你们          | SOLVED
            问题已经解决了                      | SOLVED
            灯亮了 谢谢师傅                     | SOLVED
            下水道已经通了                      | SOLVED
            已经好了，不用来了                  | SOLVED
            楼道灯还没修好                      | REQUEST
            水管没修好，还在漏                  | REQUEST
            上次修好了又坏了                    | REQUEST
            说是修好了，结果暖气还是不热        | REQUEST
            3号楼的声控灯不亮了                 | REQUEST
            一直没有解决                        | REQUEST
            表扬执法队，占道的摊子清走了        | REQUEST
            谢谢                                | THANKS
            好的谢谢                            | THANKS
            谢谢，拜拜                          | GOODBYE
            你们真棒                            | PRAISE
            好的                                | ACK
            算了                                | NEVER_MIND
            不用了                              | NEVER_MIND
            The elevator in building 5 has been broken for a week | FOREIGN
            エレベーターが壊れています          | FOREIGN
            human                               | HUMAN
            """)
    void recognize_socialTurnsAndTheirTraps(String text, IntentKind expected) {
        assertThat(kind(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            哈哈
            。。。
            """)
    void fillerAlone_isNoSocialTurn(String text) {
        assertThat(SocialTurns.classify(Normalizer.normalize(text), text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            👍               | PRAISE
            🙏🙏              | THANKS
            """)
    void emojiOnly_isASocialTurn(String text, IntentKind expected) {
        assertThat(TextAnalyzer.loadDefault().intent(text).kind()).isEqualTo(expected);
    }
}
