package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The grams a query looks up are always among the grams stored for a text containing it. */
class TextGramsTest {
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("1", "2", "3", "7", "a", "B", "号", "胡", "同", "内", "容", "𠀀", " ", "-")
                .list().ofMinSize(0).ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 2_000)
    void gramsOfAnySubstringAreGramsOfTheText(@ForAll("texts") String text, @ForAll @IntRange(max = 60) int from,
                                               @ForAll @IntRange(max = 60) int length) {
        int[] cps = text.codePoints().toArray();
        int start = Math.min(from, cps.length);
        String q = new String(cps, start, Math.min(length, cps.length - start));
        String other = "东城区某胡同17号";
        assertThat(TextGrams.sparseGrams(other, text)).containsAll(keys(q));
        assertThat(TextGrams.grams(other, text)).containsAll(TextGrams.grams(q));
        assertThat(TextGrams.sparseGrams(text)).allSatisfy(k -> assertThat(k.length()).isBetween(4, 8));
        assertThat(TextGrams.digitGrams(other, text))
                .containsAll(TextGrams.queryDigitGrams(q).stream().map(TextGrams.Gram::key).toList());
        assertThat(TextGrams.digitTriples(other, text))
                .containsAll(TextGrams.queryDigitTriples(q).stream().map(TextGrams.Gram::key).toList());
        assertThat(TextGrams.allGrams(other, text)).containsAll(TextGrams.digitGrams(q)).containsAll(keys(q))
                .containsAll(TextGrams.grams(q)).containsAll(TextGrams.digitTriples(q));
    }

    @Provide
    Arbitrary<String> digitHeavy() {
        return Arbitraries.of("0", "1", "2", "3", "5", "8", "9", "内", "容", "-").list().ofMinSize(0).ofMaxSize(30)
                .map(l -> String.join("", l));
    }

    @Property(tries = 1_000)
    void digitWindowsOfAnySubstringAreDigitWindowsOfTheText(@ForAll("digitHeavy") String text,
                                                             @ForAll @IntRange(max = 40) int from,
                                                             @ForAll @IntRange(max = 40) int length) {
        int[] cps = text.codePoints().toArray();
        int start = Math.min(from, cps.length);
        String q = new String(cps, start, Math.min(length, cps.length - start));
        assertThat(TextGrams.digitGrams(text)).containsAll(TextGrams.digitGrams(q))
                .allSatisfy(k -> assertThat(k).hasSize(TextGrams.DIGIT_WINDOW).containsOnlyDigits());
        assertThat(TextGrams.digitTriples(text)).containsAll(TextGrams.digitTriples(q))
                .containsAll(TextGrams.queryDigitTriples(q).stream().map(TextGrams.Gram::key).toList())
                .allSatisfy(k -> assertThat(k).hasSize(TextGrams.DIGIT_TRIPLE).containsOnlyDigits());
        assertThat(TextGrams.allGrams(text)).containsAll(TextGrams.allGrams(q));
    }

    @Test
    void aRunOfCommonBigramsIsCoveredByOneSparseGram() {
        // every bigram of these is common in house numbers and ticket numbers; the sparse gram is not
        assertThat(keys("胡同17号")).contains("同17号");
        assertThat(TextGrams.sparseGrams("东城区某胡同17号")).contains("同17号");
        assertThat(TextGrams.querySparseGrams("内容123456")).isNotEmpty();
        assertThat(TextGrams.querySparseGrams("17号")).isEmpty(); // three code points: bigrams only
        List<String> keys = keys("夜间施工噪音很大影响休息已经持续很多天了");
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(8));
        assertThat(keys).anySatisfy(k -> assertThat(k).startsWith("#")); // longer than 8: stored as a hash
    }

    @Test
    void aQueryEndingInsideADigitRunHasItsFourDigitWindows() {
        // the V14 known limits: the weights of their digit bigrams have no interior minimum, so no sparse gram
        assertThat(TextGrams.querySparseGrams("21820")).isEmpty();
        assertThat(TextGrams.querySparseGrams("内容281164")).isEmpty();
        assertThat(TextGrams.queryDigitGrams("21820")).extracting(TextGrams.Gram::key).containsExactly("2182", "1820");
        assertThat(TextGrams.queryDigitGrams("内容281164")).extracting(TextGrams.Gram::key)
                .containsExactly("2811", "8116", "1164");
        assertThat(TextGrams.queryDigitGrams("123号4567")).extracting(TextGrams.Gram::key).containsExactly("4567");
        assertThat(TextGrams.queryDigitGrams("1-2-3 4号")).extracting(TextGrams.Gram::key) // punctuation vanishes
                .containsExactly("1234");
        assertThat(TextGrams.digitGrams("电话13800138000", "1号")) // windows repeat: 1380 and 3800 twice
                .containsExactly("1380", "3800", "8001", "0013", "0138", "8000");
        assertThat(TextGrams.digitGrams("１２３４")).containsExactly("１２３４"); // full-width digits are digits too
    }

    @Test
    void aQueryEndingInAThreeDigitRunHasItsDigitTriples() {
        // the V16 known limits: no digit window, and no sparse gram when the weight of 28 is above that of 81
        assertThat(TextGrams.queryDigitGrams("内容281")).isEmpty();
        assertThat(TextGrams.queryDigitTriples("内容281")).extracting(TextGrams.Gram::key).containsExactly("281");
        assertThat(TextGrams.queryDigitTriples("896")).extracting(TextGrams.Gram::key).containsExactly("896");
        assertThat(TextGrams.queryDigitTriples("21820")).extracting(TextGrams.Gram::key)
                .containsExactly("218", "182", "820");
        assertThat(TextGrams.queryDigitTriples("12号345-6")).extracting(TextGrams.Gram::key) // punctuation vanishes
                .containsExactly("345", "456");
        assertThat(TextGrams.queryDigitTriples("内容28")).isEmpty();
        assertThat(TextGrams.digitTriples("电话1381381", "东城区某胡同281号")) // 138 and 381 twice
                .containsExactly("138", "381", "813", "281");
        assertThat(TextGrams.digitTriples("１２３")).containsExactly("１２３"); // full-width digits are digits too
        assertThat(TextGrams.allGrams("内容281")).contains("281", "内容", "28", "81");
    }

    private static List<String> keys(String q) {
        return TextGrams.querySparseGrams(q).stream().map(TextGrams.Gram::key).toList();
    }
}
