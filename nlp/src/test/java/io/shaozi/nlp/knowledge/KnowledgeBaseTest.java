package io.shaozi.nlp.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {
    static final KnowledgeEntry HOURS = new KnowledgeEntry("office-hours", "社区居委会办公时间",
            List.of("居委会几点上班", "周六上班吗"), "周一至周五 8:30—17:30，周六上午值班。");
    static final KnowledgeEntry CARD = new KnowledgeEntry("elderly-card", "老年卡办理",
            List.of("老年卡怎么办", "北京通卡在哪办"), "持身份证到社区居委会申请。");
    static final KnowledgeEntry GARBAGE = new KnowledgeEntry("garbage-times", "垃圾分类投放时间",
            List.of("几点可以扔垃圾"), "早7点到9点，晚6点到8点。");

    @Test
    void question_getsTheEntryThatFits() {
        KnowledgeBase kb = KnowledgeBase.of(List.of(HOURS, CARD, GARBAGE));
        assertThat(kb.match("居委会礼拜六几点上班？")).isInstanceOf(KnowledgeMatch.Answer.class)
                .extracting(m -> ((KnowledgeMatch.Answer) m).entry().id()).isEqualTo("office-hours");
        assertThat(kb.match("我妈的老年卡在哪里办呀")).extracting(m -> ((KnowledgeMatch.Answer) m).entry().id())
                .isEqualTo("elderly-card");
    }

    @Test
    void report_isNeverAnswered_evenWhenWordsMatch() {
        KnowledgeBase kb = KnowledgeBase.of(List.of(HOURS, CARD, GARBAGE));
        assertThat(kb.match("垃圾好几天没人清，几点才来收？")).isEqualTo(new KnowledgeMatch.NotAsked(Asking.Kind.REPORT));
        assertThat(kb.match("楼道灯坏了")).isInstanceOf(KnowledgeMatch.NotAsked.class);
    }

    @Test
    void questionNothingFits_isNoMatch_andAStatementIsNotAsked() {
        KnowledgeBase kb = KnowledgeBase.of(List.of(HOURS, CARD, GARBAGE));
        assertThat(kb.match("护照去哪里办理？")).isEqualTo(new KnowledgeMatch.NoMatch());
        assertThat(kb.match("今天天气不错")).isInstanceOf(KnowledgeMatch.NotAsked.class);
        assertThat(kb.match("")).isInstanceOf(KnowledgeMatch.NotAsked.class);
        assertThat(KnowledgeBase.of(List.of()).match("老年卡怎么办？")).isEqualTo(new KnowledgeMatch.NoMatch());
    }

    @Test
    void unsure_offersUpToThreeTitles() {
        List<KnowledgeEntry> entries = new ArrayList<>();
        entries.add(new KnowledgeEntry("a", "居住证明", List.of("开居住证明"), "到社区开。"));
        entries.add(new KnowledgeEntry("b", "居住证办理", List.of("办居住证"), "到派出所办。"));
        entries.add(new KnowledgeEntry("c", "居住登记", List.of("做居住登记"), "网上登记。"));
        KnowledgeBase kb = KnowledgeBase.of(entries);
        KnowledgeMatch m = kb.match("居住的手续？");
        assertThat(m).isInstanceOf(KnowledgeMatch.Choice.class);
        assertThat(((KnowledgeMatch.Choice) m).entries()).hasSizeBetween(2, 3);
    }

    @Test
    void replace_swapsTheIndex() {
        KnowledgeBase kb = KnowledgeBase.of(List.of(HOURS));
        assertThat(kb.match("老年卡怎么办？")).isNotInstanceOf(KnowledgeMatch.Answer.class);
        kb.replace(List.of(HOURS, CARD));
        assertThat(kb.match("老年卡怎么办？")).isInstanceOf(KnowledgeMatch.Answer.class);
        assertThat(kb.entry("elderly-card")).contains(CARD);
    }

    @Test
    void anyString_neverThrows() {
        KnowledgeBase kb = KnowledgeBase.of(List.of(HOURS, CARD, GARBAGE));
        for (String s : List.of("\uD800", "？？？", "a".repeat(10_000), "吗".repeat(500), "\u0000\u0001", "🙂🙂")) {
            assertThat(kb.match(s)).isNotNull();
        }
    }
}
