package io.shaozi.core.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random bytes and random mutations of a valid file never make the parser throw: the answer is all the questions or
 * a refusal whose every error has a line number within the file — never some of the questions.
 */
class QuestionCsvPropertyTest {
    private static final String VALID = QuestionCsvTest.HEADER
            + "q1,single,预备期多久？,半年,一年,两年,三年,B,依据《党章》第七条,党章党规\n"
            + "q2,multi,\"哪些，对？\",甲,乙,丙,丁,AC,解释,党章党规\n"
            + "q3,judge,党员有退党的自由。,,,,,A,,党章党规\n"
            + "q4,judge,判断,对,错,,,B,=公式,纪律规定\n";

    @Property(tries = 400)
    void randomBytes_neverThrow_andRefusalsAreLineNumbered(@ForAll byte[] bytes) {
        check(bytes);
    }

    @Property(tries = 1500)
    void mutationsOfAValidFile_areAllOrNothing(@ForAll("mutations") byte[] bytes) {
        check(bytes);
    }

    private static void check(byte[] bytes) {
        QuestionCsv.Result r = QuestionCsv.parse(bytes);
        int lines = 1;
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                lines++;
            }
        }
        if (r instanceof QuestionCsv.Result.Invalid bad) {
            assertThat(bad.errors()).isNotEmpty();
            int max = lines;
            assertThat(bad.errors()).allSatisfy(e -> {
                assertThat(e.line()).isBetween(0, max);
                assertThat(e.toString()).startsWith("line " + e.line() + ": ");
            });
        } else {
            List<Question> qs = ((QuestionCsv.Result.Parsed) r).questions();
            for (Question q : qs) { // whatever was accepted obeys every rule
                assertThat(q.options().size()).isBetween(2, 4);
                assertThat(q.answer()).isNotEmpty().matches("[A-D]+");
                assertThat(q.answer().chars().map(c -> c - 'A').max().orElseThrow()).isLessThan(q.options().size());
                assertThat(q.stem().length()).isBetween(1, 500);
                assertThat(q.stem().codePoints().noneMatch(Character::isISOControl)).isTrue();
            }
            assertThat(qs.stream().map(Question::id).distinct().count()).isEqualTo(qs.size());
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        byte[] base = VALID.getBytes(StandardCharsets.UTF_8);
        Arbitrary<Tuple.Tuple3<Integer, Integer, Byte>> edit = Arbitraries.integers().between(0, 3)
                .flatMap(kind -> Arbitraries.integers().between(0, base.length - 1)
                        .flatMap(pos -> Arbitraries.of((byte) ',', (byte) '"', (byte) '\n', (byte) '\r', (byte) 0,
                                (byte) 'E', (byte) 'A', (byte) '|', (byte) 0xE5, (byte) 0xFF, (byte) ' ', (byte) '=')
                                .map(b -> Tuple.of(kind, pos, b))));
        return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
            byte[] cur = base;
            for (Tuple.Tuple3<Integer, Integer, Byte> e : edits) {
                int pos = Math.min(e.get2(), cur.length - 1);
                if (pos < 0) {
                    break;
                }
                switch (e.get1()) {
                    case 0 -> { // replace
                        cur = cur.clone();
                        cur[pos] = e.get3();
                    }
                    case 1 -> { // insert
                        byte[] n = new byte[cur.length + 1];
                        System.arraycopy(cur, 0, n, 0, pos);
                        n[pos] = e.get3();
                        System.arraycopy(cur, pos, n, pos + 1, cur.length - pos);
                        cur = n;
                    }
                    case 2 -> { // delete
                        byte[] n = new byte[cur.length - 1];
                        System.arraycopy(cur, 0, n, 0, pos);
                        System.arraycopy(cur, pos + 1, n, pos, cur.length - pos - 1);
                        cur = n;
                    }
                    default -> { // truncate
                        cur = java.util.Arrays.copyOf(cur, pos);
                    }
                }
            }
            return cur;
        });
    }
}
