package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortTextTest {

    @Test
    void firstSentence_skipsTheSalutation() {
        assertThat(ShortText.firstSentence("尊敬的领导：您好！小区门口的路灯坏了三个月了。请尽快修理。"))
                .isEqualTo("小区门口的路灯坏了三个月了");
    }

    @Test
    void sentences_everyInformativeSentenceCutTo30Characters() {
        String body = "尊敬的领导：您好！小区门口的路灯坏了三个月了。好。"
                + "晚上出行非常不方便而且已经有老人摔倒过好几次了希望有关部门能够尽快安排人员修理一下谢谢";
        assertThat(ShortText.sentences(body)).containsExactly("小区门口的路灯坏了三个月了",
                "晚上出行非常不方便而且已经有老人摔倒过好几次了希望有关部门能够尽快".substring(0, ShortText.MAX_CHARS));
        assertThat(ShortText.sentences(null)).isEmpty();
        assertThat(ShortText.sentences("您好！")).isEmpty();
    }
}
