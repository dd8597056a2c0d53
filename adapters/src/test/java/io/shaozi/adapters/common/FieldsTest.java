package io.shaozi.adapters.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The gate's value rules: free text is cleaned, ids refused, keys hashed to a fixed length. */
class FieldsTest {

    /** Strings rich in what breaks storage: C0/C1 controls, NUL, lone and paired surrogates, CJK, long runs. */
    @Provide
    static Arbitrary<String> nasty() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.chars().range('\u0000', '\u009f')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().range('\ud800', '\udfff')),
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().range('\u4e00', '\u9fff')),
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().all()));
        Arbitrary<String> normal = chars.list().ofMaxSize(300).map(FieldsTest::join);
        Arbitrary<String> huge = chars.list().ofMinSize(1).ofMaxSize(8).map(FieldsTest::join)
                .flatMap(s -> Arbitraries.integers().between(1, 20_000).map(n -> s.repeat(Math.max(1, n / s.length()))));
        return Arbitraries.oneOf(normal, huge, Arbitraries.strings().withCharRange('\u0000', '\u0020').ofMaxLength(50));
    }

    private static String join(java.util.List<Character> cs) {
        StringBuilder sb = new StringBuilder(cs.size());
        cs.forEach(sb::append);
        return sb.toString();
    }

    @Property(tries = 500)
    void clean_leavesNoControlCharacterOrLoneSurrogate_andIsIdempotent(@ForAll("nasty") String s) {
        String c = Fields.clean(s);
        assertThat(Fields.isClean(c, true)).isTrue();
        assertThat(Fields.clean(c)).isEqualTo(c);
        assertThat(c.chars().filter(ch -> ch == 0).count()).isZero();
        // valid UTF-16 survives a UTF-8 round trip unchanged (what PostgreSQL stores is what was read)
        assertThat(new String(c.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(c);
    }

    @Property(tries = 500)
    void clean_keepsEveryOtherCharacterInOrder(@ForAll("nasty") String s) {
        StringBuilder kept = new StringBuilder();
        s.codePoints().filter(cp -> !(Character.isISOControl(cp) && cp != '\t' && cp != '\n' && cp != '\r'))
                .filter(cp -> !(cp >= 0xD800 && cp <= 0xDFFF)).forEach(kept::appendCodePoint);
        assertThat(Fields.clean(s)).isEqualTo(kept.toString());
    }

    @Property(tries = 300)
    void text_isCleanAndNeverLongerThanItsLimit_norSplitsAPair(@ForAll("nasty") String s,
                                                                @ForAll("limits") int max) {
        String t = Fields.text(s, max);
        assertThat(t.length()).isLessThanOrEqualTo(max);
        assertThat(Fields.isClean(t, true)).isTrue();
        assertThat(Fields.clean(s)).startsWith(t);
    }

    @Provide
    static Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(1, 5000);
    }

    @Property(tries = 500)
    void idProblem_refusesExactlyBlankOverLongOrUncleanIds(@ForAll("nasty") String s) {
        Optional<String> problem = Fields.idProblem("user", s, 128);
        boolean acceptable = !s.isBlank() && s.length() <= 128 && Fields.isClean(s, false);
        assertThat(problem.isEmpty()).isEqualTo(acceptable);
        problem.ifPresent(p -> assertThat(p).contains("user"));
        if (s.length() > 40) {
            problem.ifPresent(p -> assertThat(p).doesNotContain(s)); // names the field, never quotes the value
        }
    }

    @Property(tries = 300)
    void fit_alwaysFitsTheColumn_andKeepsShortCleanKeys(@ForAll("nasty") String s) {
        String k = Fields.fit(s, 200);
        assertThat(k.length()).isLessThanOrEqualTo(200);
        assertThat(Fields.isClean(k, false)).isTrue();
        if (s.length() <= 200 && Fields.isClean(s, false)) {
            assertThat(k).isEqualTo(s);
        }
    }

    @Example
    void hashedKey_hasAFixedLength_andSeparatesItsParts() {
        assertThat(Fields.hashedKey("a" + "x".repeat(100_000))).hasSize(66).startsWith("h:");
        assertThat(Fields.hashedKey("ab", "c")).isNotEqualTo(Fields.hashedKey("a", "bc"));
        assertThat(Fields.hashedKey("k")).isEqualTo(Fields.hashedKey("k"));
    }

    @Example
    void cleanInbound_stripsControlsFromEveryFreeTextPart_andCutsLongText() {
        Origin o = new Origin(Channel.GENERIC, "a", "u", "m", Instant.EPOCH);
        Inbound.Text t = (Inbound.Text) Fields.clean(new Inbound.Text(o, "帮\u0000助\n" + "x".repeat(5000)));
        assertThat(t.text()).startsWith("帮助\n").hasSize(Fields.MAX_TEXT);
        Inbound.Link l = (Inbound.Link) Fields.clean(new Inbound.Link(o, "t\u0001", "d\u0002", "u\u0003"));
        assertThat(l.title() + l.description() + l.url()).isEqualTo("tdu");
        Inbound.Event e = (Inbound.Event) Fields.clean(new Inbound.Event(o, "click", Optional.of("k\u0000")));
        assertThat(e.key()).contains("k");
        assertThat(Fields.clean(new Inbound.Text(o, "fine")).origin()).isSameAs(o);
    }
}
