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

/** The grams a query looks up are always among the grams stored for a text containing it (every kind, V13–V18). */
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
        assertThat(TextGrams.anchoredGrams(other, text))
                .containsAll(TextGrams.queryAnchoredGrams(q).stream().map(TextGrams.Gram::key).toList());
        assertThat(TextGrams.allGrams(other, text)).containsAll(TextGrams.digitGrams(q)).containsAll(keys(q))
                .containsAll(TextGrams.grams(q)).containsAll(TextGrams.digitTriples(q))
                .containsAll(TextGrams.anchoredGrams(q));
        assertAnchoredKeysAreTheWindowsOfTheirShape(text);
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
        assertThat(TextGrams.anchoredGrams(text)).containsAll(TextGrams.anchoredGrams(q))
                .containsAll(TextGrams.queryAnchoredGrams(q).stream().map(TextGrams.Gram::key).toList());
        assertThat(TextGrams.allGrams(text)).containsAll(TextGrams.allGrams(q));
        assertAnchoredKeysAreTheWindowsOfTheirShape(text);
    }

    /**
     * An anchored key means what every key means: the normalized text contains it. The keys of a text are exactly its
     * windows of four code points made of a non-digit and three digits, or of three digits and a non-digit.
     */
    private static void assertAnchoredKeysAreTheWindowsOfTheirShape(String text) {
        int[] cps = TextGrams.normalize(text);
        java.util.Set<String> windows = new java.util.HashSet<>();
        for (int i = 0; i + 4 <= cps.length; i++) {
            boolean digits = Character.isDigit(cps[i + 1]) && Character.isDigit(cps[i + 2]);
            if (digits && (!Character.isDigit(cps[i]) && Character.isDigit(cps[i + 3])
                    || Character.isDigit(cps[i]) && !Character.isDigit(cps[i + 3]))) {
                windows.add(new String(cps, i, 4));
            }
        }
        assertThat(TextGrams.anchoredGrams(text)).containsExactlyInAnyOrderElementsOf(windows);
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

    @Test
    void aDigitRunNextToANonDigitHasAnchoredGramsOnThatSide() {
        // the V17 known limit: 内容281's best list was the triple 281; the character before the run pins it down
        assertThat(TextGrams.queryAnchoredGrams("内容281")).extracting(TextGrams.Gram::key).containsExactly("容281");
        assertThat(TextGrams.queryAnchoredGrams("281号")).extracting(TextGrams.Gram::key).containsExactly("281号");
        assertThat(TextGrams.queryAnchoredGrams("胡同281号")).extracting(TextGrams.Gram::key) // exactly three: both
                .containsExactly("同281", "281号");
        // a run at the start or the end of the query may go on in the text: no key on that side, and the three digits
        // next to the neighbour, not the last (or first) three of the query's run
        assertThat(TextGrams.queryAnchoredGrams("内容2811")).extracting(TextGrams.Gram::key).containsExactly("容281");
        assertThat(TextGrams.queryAnchoredGrams("12345号")).extracting(TextGrams.Gram::key).containsExactly("345号");
        assertThat(TextGrams.queryAnchoredGrams("容123456号")).extracting(TextGrams.Gram::key)
                .containsExactly("容123", "456号");
        assertThat(TextGrams.queryAnchoredGrams("896")).isEmpty();
        assertThat(TextGrams.queryAnchoredGrams("内容28")).isEmpty(); // two digits only
        assertThat(TextGrams.queryAnchoredGrams("内容28号")).isEmpty();
        // Latin neighbours (lower-cased), punctuation vanishes, full-width digits, Han outside the BMP
        assertThat(TextGrams.queryAnchoredGrams("No.12345B")).extracting(TextGrams.Gram::key)
                .containsExactly("o123", "345b");
        assertThat(TextGrams.queryAnchoredGrams("内容-2 8 1")).extracting(TextGrams.Gram::key).containsExactly("容281");
        assertThat(TextGrams.queryAnchoredGrams("号１２３")).extracting(TextGrams.Gram::key).containsExactly("号１２３");
        assertThat(TextGrams.queryAnchoredGrams("𠀀123")).extracting(TextGrams.Gram::key).containsExactly("𠀀123");
        // texts: a run at the start of the text has no key before it, a run at the end none after it; never across
        // two texts
        assertThat(TextGrams.anchoredGrams("281号内容2811", "12")).containsExactly("281号", "容281");
        assertThat(TextGrams.anchoredGrams("a1234567b")).containsExactly("a123", "567b");
        assertThat(TextGrams.anchoredGrams("123", "内容", "4567")).isEmpty();
        assertThat(TextGrams.anchoredGrams("诉求内容281", "东城区某胡同281号")).containsExactly("容281", "同281", "281号");
        assertThat(TextGrams.anchoredGrams("诉求内容2819")).contains("容281"); // a longer run contains the query's
        assertThat(TextGrams.anchoredGrams("东城区某胡同281号")).doesNotContain("容281").contains("281号");
        assertThat(TextGrams.allGrams("内容281")).contains("容281", "281", "内容");
        // 281号 is also a sparse gram: the same key, the same postings
        assertThat(TextGrams.sparseGrams("某胡同281号")).contains("281号");
        // probed up to the digit triples' limit: digit triples and anything of an anchored gram's shape
        assertThat(List.of("281", "容281", "281号", "a123", "１２３")).allMatch(TextGrams::tripleOrAnchored);
        assertThat(List.of("2811", "容28", "容28号", "2容81", "同17号", "28", "内容281", "𠀀1")).noneMatch(TextGrams::tripleOrAnchored);
    }

    private static List<String> keys(String q) {
        return TextGrams.querySparseGrams(q).stream().map(TextGrams.Gram::key).toList();
    }
}
