package io.shaozi.core.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Members answer with letters in any case, width and separation; what they meant is what is read. */
class AnswersPropertyTest {
    /** A written answer and the letters it means. */
    record Written(String text, String letters) {
    }

    @Provide
    Arbitrary<Written> answers() {
        Arbitrary<List<Character>> letters = Arbitraries.of('A', 'B', 'C', 'D').list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<Integer>> styles = Arbitraries.integers().between(0, 3).list().ofSize(4);
        Arbitrary<String> separator = Arbitraries.of("", " ", "、", ",", "，", " 、 ", "；", "/", "　");
        Arbitrary<String> prefix = Arbitraries.of("", "选", "我选", "答案：", "答案是", "选择 ", "  ");
        Arbitrary<String> suffix = Arbitraries.of("", "。", "!", "！", " ");
        return Combinators.combine(letters, styles, separator, prefix, suffix).as((ls, st, sep, pre, suf) -> {
            StringBuilder sb = new StringBuilder(pre);
            TreeSet<Character> meant = new TreeSet<>();
            for (int i = 0; i < ls.size(); i++) {
                char c = ls.get(i);
                meant.add(c);
                int style = st.get(i % st.size());
                char shown = switch (style) {
                    case 0 -> c;
                    case 1 -> Character.toLowerCase(c);
                    case 2 -> (char) (c - 'A' + 'Ａ'); // full width
                    default -> (char) (c - 'A' + 'ａ');
                };
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(shown);
            }
            StringBuilder m = new StringBuilder();
            meant.forEach(m::append);
            return new Written(sb.append(suf).toString(), m.toString());
        });
    }

    @Property(tries = 500)
    void anyCaseWidthAndSeparator_readsAsTheSortedLetters(@ForAll("answers") Written w) {
        assertThat(Answers.parse(w.text(), 4, false)).as(w.text()).isEqualTo(new Answers.Parsed.Letters(w.letters()));
    }

    @Property(tries = 200)
    void aLetterBeyondTheOptions_isOutOfRange(@ForAll("answers") Written w) {
        Answers.Parsed p = Answers.parse(w.text() + "E", 4, false);
        assertThat(p).as(w.text()).isInstanceOf(Answers.Parsed.OutOfRange.class);
        if (w.letters().indexOf('D') >= 0) {
            assertThat(Answers.parse(w.text(), 3, false)).isInstanceOf(Answers.Parsed.OutOfRange.class);
        }
    }

    @Property(tries = 200)
    void everyWrittenAnswer_looksLikeAnAnswer_andALongReportNever(@ForAll("answers") Written w) {
        assertThat(Answers.looksLikeAnswer(w.text())).as(w.text()).isTrue();
        assertThat(Answers.looksLikeAnswer("安宁小区门口的诊所卖过期药".repeat(5) + w.text())).isFalse();
    }

    @Example
    void examplesFromTheBrief() {
        assertThat(Answers.parse("a", 4, false)).isEqualTo(new Answers.Parsed.Letters("A"));
        assertThat(Answers.parse("Ａ", 4, false)).isEqualTo(new Answers.Parsed.Letters("A"));
        assertThat(Answers.parse("A、C", 4, false)).isEqualTo(new Answers.Parsed.Letters("AC"));
        assertThat(Answers.parse("ca", 4, false)).isEqualTo(new Answers.Parsed.Letters("AC"));
        assertThat(Answers.parse("选B", 4, false)).isEqualTo(new Answers.Parsed.Letters("B"));
        assertThat(Answers.parse("对", 2, true)).isEqualTo(new Answers.Parsed.Letters("A"));
        assertThat(Answers.parse("错误", 2, true)).isEqualTo(new Answers.Parsed.Letters("B"));
        assertThat(Answers.parse("帮助", 4, false)).isEqualTo(new Answers.Parsed.NotAnAnswer());
        assertThat(Answers.parse("楼道灯坏了", 4, false)).isEqualTo(new Answers.Parsed.NotAnAnswer());
        assertThat(Answers.parse("E", 4, false)).isEqualTo(new Answers.Parsed.OutOfRange("E"));
    }
}
