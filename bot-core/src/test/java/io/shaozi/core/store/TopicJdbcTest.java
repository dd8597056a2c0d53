package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.quiz.Topic;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicJdbcTest {
    static final Instant T = beijing("2026-12-01T09:00");

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void topics_areStoredOnceByCode_andListedLatestDeadlineFirst(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            TopicJdbc s = new TopicJdbc(h.db().dataSource());
            Topic ids = new Topic("dz1", "党章专项", Optional.empty(), List.of("q2", "q1"), Optional.of("zb-dfx-1"),
                    T.plusSeconds(3600), "gb-001", T);
            Topic cat = new Topic("ds1", "党史专项", Optional.of("党史"), List.of(), Optional.empty(),
                    T.plusSeconds(7200), "admin", T);
            assertThat(s.create(ids)).isTrue();
            assertThat(s.create(cat)).isTrue();
            assertThat(s.create(ids)).as("code taken").isFalse();
            assertThat(s.find("dz1")).contains(ids);
            assertThat(s.find("ds1")).contains(cat);
            assertThat(s.find("none")).isEmpty();
            assertThat(s.list(10)).containsExactly(cat, ids);
            assertThat(s.list(1)).containsExactly(cat);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void aTopic_isUpdatedInPlace_andDeletedSoftly_keepingItsCode(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            TopicJdbc s = new TopicJdbc(h.db().dataSource());
            Topic t = new Topic("dz2", "党章专项", Optional.empty(), List.of("q1"), Optional.of("zb-dfx-1"),
                    T.plusSeconds(3600), "gb-001", T);
            assertThat(s.create(t)).isTrue();
            Topic edited = new Topic("dz2", "党章专项（二）", Optional.of("党章党规"), List.of(), Optional.empty(),
                    T.plusSeconds(7200), "gb-001", T);
            assertThat(s.update(edited, T.plusSeconds(60))).isTrue();
            assertThat(s.find("dz2")).contains(edited);
            assertThat(s.update(new Topic("nope", "x", Optional.of("c"), List.of(), Optional.empty(), T, "a", T),
                    T)).isFalse();
            assertThat(s.delete("dz2", T.plusSeconds(120))).isTrue();
            assertThat(s.delete("dz2", T.plusSeconds(130))).as("deleted already").isFalse();
            assertThat(s.find("dz2")).isEmpty();
            assertThat(s.list(10)).isEmpty();
            assertThat(s.update(edited, T.plusSeconds(140))).as("a deleted topic is not edited").isFalse();
            assertThat(s.create(t)).as("the code stays taken").isFalse();
        }
    }
}
