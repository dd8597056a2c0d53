package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.quiz.ImportOutcome;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.StoredQuestion;
import io.shaozi.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The question bank on H2 and PostgreSQL: upsert by id, all or nothing, retiring, the sample bank's reload. */
class QuestionStoreTest {
    private static final String HEADER = "id,type,stem,A,B,C,D,answer,explanation,category,paraphrases,validUntil\n";

    private static byte[] csv(String rows) {
        return (HEADER + rows).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void reimport_updatesById_keepsEveryField(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            QuestionBank bank = new QuestionBank(new QuestionJdbc(db.dataSource()), clock);
            assertThat(bank.importCsv(csv("q1,single,旧题干,甲,乙,丙,,B,依据《章程》,党章党规,说法一|说法二,2027-06-30\n"
                    + "q2,judge,判断,,,,,A,,基层治理,,\n"))).isEqualTo(new ImportOutcome.Imported(2));
            clock.advance(Duration.ofHours(1));
            assertThat(bank.importCsv(csv("q1,multi,新题干,甲,乙,丙,丁,AD,=解释,党章党规,,\n")))
                    .isEqualTo(new ImportOutcome.Imported(1));
            StoredQuestion q1 = bank.find("q1").orElseThrow();
            assertThat(q1.question().stem()).isEqualTo("新题干");
            assertThat(q1.question().options()).containsExactly("甲", "乙", "丙", "丁");
            assertThat(q1.question().answer()).isEqualTo("AD");
            assertThat(q1.question().explanation()).isEqualTo("=解释");
            assertThat(q1.question().paraphrases()).isEmpty();
            assertThat(q1.question().validUntil()).isEmpty();
            assertThat(q1.updatedAt()).isEqualTo(clock.instant());
            StoredQuestion q2 = bank.find("q2").orElseThrow();
            assertThat(q2.question().options()).containsExactly("对", "错");
            assertThat(bank.list(Optional.empty(), Optional.empty(), 10)).extracting(s -> s.question().id())
                    .containsExactly("q1", "q2");
            assertThat(bank.importCsv(csv("q3,single,题,甲,乙,,,A,,类,a|b,2027-01-02\n"))).isInstanceOf(ImportOutcome.Imported.class);
            StoredQuestion q3 = bank.find("q3").orElseThrow();
            assertThat(q3.question().paraphrases()).containsExactly("a", "b");
            assertThat(q3.question().validUntil()).contains(LocalDate.of(2027, 1, 2));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void badFile_importsNothing(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            QuestionBank bank = new QuestionBank(new QuestionJdbc(db.dataSource()), MutableClock.atBeijing("2026-12-01T09:00"));
            ImportOutcome o = bank.importCsv(csv("q1,single,题,甲,乙,,,A,,类,,\nq2,single,题,甲,乙,,,E,,类,,\n"));
            assertThat(o).isInstanceOf(ImportOutcome.Refused.class);
            assertThat(((ImportOutcome.Refused) o).errors().get(0).line()).isEqualTo(3);
            assertThat(bank.list(Optional.empty(), Optional.empty(), 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void retired_staysInTheTable_andIsNotResurrectedByImportOrSampleReload(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            QuestionJdbc store = new QuestionJdbc(db.dataSource());
            QuestionBank bank = QuestionBank.open(store, clock, true);
            List<StoredQuestion> all = bank.list(Optional.empty(), Optional.empty(), 1000);
            assertThat(all).hasSizeGreaterThanOrEqualTo(60);
            String id = all.get(0).question().id();
            assertThat(bank.retire(id)).isTrue();
            clock.advance(Duration.ofMinutes(5));
            assertThat(bank.retire(id)).as("idempotent").isTrue();
            assertThat(bank.find(id).orElseThrow().retiredAt()).contains(MutableClock.beijing("2026-12-01T09:00"));
            assertThat(bank.retire("no-such")).isFalse();
            QuestionBank.open(store, clock, true); // restart: reload the sample by id
            assertThat(bank.find(id).orElseThrow().retired()).isTrue();
            assertThat(bank.list(Optional.empty(), Optional.of(false), 1000)).hasSize(all.size() - 1);
            assertThat(bank.list(Optional.empty(), Optional.of(true), 1000)).extracting(s -> s.question().id())
                    .containsExactly(id);
            assertThat(bank.list(Optional.of("接诉即办"), Optional.empty(), 1000))
                    .isNotEmpty().allMatch(s -> s.question().category().equals("接诉即办"));
            assertThat(bank.list(Optional.empty(), Optional.empty(), 3)).hasSize(3);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void sampleReload_neverOverwritesAnOperatorsQuestionOfTheSameId(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            QuestionJdbc store = new QuestionJdbc(db.dataSource());
            QuestionBank bank = QuestionBank.open(store, clock, false);
            assertThat(bank.list(Optional.empty(), Optional.empty(), 10)).as("sampleBank false: empty").isEmpty();
            assertThat(bank.importCsv(csv("dz-001,judge,本社区自拟题,,,,,A,,自拟,,\n"))).isInstanceOf(ImportOutcome.Imported.class);
            QuestionBank.open(store, clock, true);
            assertThat(bank.find("dz-001").orElseThrow().question().stem()).isEqualTo("本社区自拟题");
            assertThat(bank.find("dz-002")).isPresent();
        }
    }
}
