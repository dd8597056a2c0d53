package io.shaozi.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.ticket.Fixtures;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, the CSV reader answers with people or line-numbered errors; it never throws. */
class PeopleCsvPropertyTest {

    @Property(tries = 300)
    void randomBytes_neverThrow(@ForAll byte[] bytes) {
        PeopleCsv.Result r = PeopleCsv.parse(bytes, Fixtures.ORG);
        assertThat(r).isNotNull();
        if (r instanceof PeopleCsv.Result.Invalid bad) {
            assertThat(bad.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.line()).isGreaterThanOrEqualTo(0));
        }
    }

    @Property(tries = 500)
    void csvLikeText_neverThrows_andErrorsNameALineOfTheFile(@ForAll("csvish") String body) {
        String text = PeopleImportTest.HEADER + body;
        PeopleCsv.Result r = PeopleCsv.parse(text.getBytes(StandardCharsets.UTF_8), Fixtures.ORG);
        long lines = text.chars().filter(c -> c == '\n' || c == '\r').count() + 1;
        if (r instanceof PeopleCsv.Result.Invalid bad) {
            assertThat(bad.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.line()).isBetween(0, (int) lines + 1));
        } else {
            assertThat(((PeopleCsv.Result.Parsed) r).people()).allSatisfy(p -> assertThat(p.id()).isNotBlank());
        }
    }

    @Provide
    Arbitrary<String> csvish() {
        Arbitrary<Character> chars = Arbitraries.of(',', '"', '\n', '\r', ' ', 'a', '1', '党', '\u0000', '\t', '\uFEFF',
                '-', 'm', 'e', 'b', 'r', 'z', '\\');
        Arbitrary<String> cells = Arbitraries.of("member", "zb-dfx-1", "dy-1", "wecom", "gov", "\"x\"\"y\"", "", "admin",
                "system", "110101001001", "jd-cgb");
        return Arbitraries.oneOf(chars.list().ofMaxSize(200).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::append);
            return sb.toString();
        }), cells.list().ofMaxSize(40).map(l -> String.join(",", l)));
    }
}
