package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void masking_masksMobileNumbersInText() {
        assertThat(Masking.maskPhones("请联系13812345678或139-8765-4321"))
                .isEqualTo("请联系138****5678或139****4321");
    }

    @Test
    void masking_masksLandlines() {
        assertThat(Masking.maskPhones("座机010-62345678")).isEqualTo("座机010****5678");
    }

    @Test
    void masking_leavesTicketNumbersAlone() {
        assertThat(Masking.maskPhones("哨单2026112800012")).isEqualTo("哨单2026112800012");
    }

    @Test
    void masking_maskPhoneHandlesShortAndNullInput() {
        assertThat(Masking.maskPhone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.maskPhone("+86 138 1234 5678")).isEqualTo("138****5678");
        assertThat(Masking.maskPhone("123")).isEqualTo("****");
        assertThat(Masking.maskPhone(null)).isEqualTo("****");
        assertThat(Masking.maskPhones(null)).isEmpty();
    }
}
