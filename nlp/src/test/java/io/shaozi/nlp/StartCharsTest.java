package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class StartCharsTest {

    @Test
    void derivedStartSets_containEveryBmpCharacterThatCanBeginAMatch() {
        for (StartChars sc : EntityExtractor.scans()) {
            assertThat(sc.filtered()).as("%s is filtered", sc.pattern()).isTrue();
            List<String> missed = new ArrayList<>();
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                if (!sc.mayStartAt((char) c) && StartChars.canStart(sc.pattern(), (char) c)) {
                    missed.add(Integer.toHexString(c));
                }
            }
            assertThat(missed).as("characters missing from the start set of %s", sc.pattern()).isEmpty();
        }
    }

    @Test
    void startSet_excludesCharactersThatCannotBeginAMatch() {
        StartChars sc = StartChars.of(Pattern.compile("小区|(?=[0-9])[0-9]{2}号"));
        assertThat(sc.mayStartAt('小')).isTrue();
        assertThat(sc.mayStartAt('7')).isTrue();
        assertThat(sc.mayStartAt('区')).isFalse();
        assertThat(sc.mayStartAt('号')).isFalse();
        assertThat(StartChars.of(Pattern.compile("a*")).filtered()).as("matches the empty string").isFalse();
    }

    @Test
    void scan_seesLookbehindBeforeTheCandidatePosition() {
        StartChars.Scan s = StartChars.of(Masking.MOBILE).scan("电话913812345678和13812345678");
        assertThat(s.find()).isTrue();
        assertThat(s.start()).as("the first number is preceded by a digit: not a mobile").isEqualTo(15);
        assertThat(s.find()).isFalse();
    }

    @Property(tries = 400)
    void scan_findsTheSameMatchesAsMatcherFind(@ForAll("addressLike") String text) {
        for (StartChars sc : EntityExtractor.scans()) {
            assertThat(spans(sc.scan(text))).as("%s on %s", sc.pattern(), text).isEqualTo(spans(sc.pattern(), text));
        }
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> pieces = Arbitraries.of("朝阳", "路", "12", "号", "院", "3", "号楼", "2", "单元", "301", "室", "小区",
                "街道", "社区", "明天", "上午", "10点", "三天了", "好几", "个月", "13812345678", "010-", "62345678", "+86",
                "楼", "层", "门", "甲", "一", "二", "十", "下周一", "晚上", "半", "，", " ", "的", "在", "区", "市", "花园", "A");
        return pieces.list().ofMaxSize(30).map(l -> String.join("", l));
    }

    private static List<String> spans(StartChars.Scan s) {
        List<String> out = new ArrayList<>();
        while (s.find()) {
            out.add(s.start() + "-" + s.end() + ":" + s.group());
        }
        return out;
    }

    private static List<String> spans(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.start() + "-" + m.end() + ":" + m.group());
        }
        return out;
    }
}
