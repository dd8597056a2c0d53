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

    private static List<String> keys(String q) {
        return TextGrams.querySparseGrams(q).stream().map(TextGrams.Gram::key).toList();
    }
}
