package io.shaozi.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The deadlines' fast instant parser answers exactly as {@link Instant#parse}, on instants and on near misses. */
class KeysInstantPropertyTest {

    @Property(tries = 3000)
    void parseInstant_readsBackEveryInstantToStringWrites(@ForAll("instants") Instant i) {
        assertThat(Keys.parseInstant(i.toString())).isEqualTo(i);
    }

    @Property(tries = 5000)
    void parseInstant_agreesWithInstantParse_onMutatedText(@ForAll("instants") Instant i, @ForAll("positions") int at,
                                                           @ForAll("replacements") char c) {
        String s = i.toString();
        agreesWithInstantParse(s.substring(0, at % s.length()) + c + s.substring(at % s.length() + 1));
    }

    @Property(tries = 500)
    void parseInstant_agreesWithInstantParse_onFractionsOfEveryLength(@ForAll("instants") Instant i,
                                                                      @ForAll("fractions") String fraction) {
        agreesWithInstantParse(i.toString().substring(0, 19) + fraction + "Z");
    }

    /** The same instant as {@link Instant#parse}, or the same exception. */
    private static void agreesWithInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Keys.parseInstant(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Keys.parseInstant(text)).as(text).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L), // years 0000 to 9999
                Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L), // around now
                Arbitraries.of(951_782_400L, 951_868_799L, 4_107_542_400L, 1_709_164_800L)); // 29 Feb 2000, 2100, 2024
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000));
        return net.jqwik.api.Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 40);
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.of('0', '1', '2', '3', '5', '9', '-', ':', 'T', 'Z', '.', ' ', 'x', '\u0661', '+');
    }

    @Provide
    Arbitrary<String> fractions() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(11).map(d -> "." + d));
    }
}
