package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Reporter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Two instances writing the same session or hand-off at once: one row, no error, the last write kept. */
class UpsertRaceTest {
    private static final int WRITERS = 8;

    private static void race(List<Runnable> writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            CyclicBarrier start = new CyclicBarrier(writers.size());
            List<Future<?>> done = new ArrayList<>();
            for (Runnable w : writers) {
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    w.run();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS); // rethrows a writer's failure (e.g. a unique violation)
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void sessionPut_fromSeveralWritersAtOnce_keepsOneRowWithoutErrors(TestDatabases.Engine engine) throws Exception {
        MutableClock clock = MutableClock.at("2026-11-28T08:00:00Z");
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            for (int round = 0; round < 5; round++) {
                String key = "wechat:acct:user-" + round;
                List<Runnable> writers = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    SessionJdbc store = new SessionJdbc(h.db().dataSource(), clock); // one per "instance"
                    String value = "{\"step\":" + i + "}";
                    writers.add(() -> store.put(key, value, Duration.ofMinutes(30)));
                }
                race(writers);
                assertThat(new SessionJdbc(h.db().dataSource(), clock).get(key)).get().asString()
                        .matches("\\{\"step\":[0-7]}");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void handoffFlag_fromSeveralWritersAtOnce_keepsOneRowWithoutErrors(TestDatabases.Engine engine) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            HandoffJdbc handoffs = new HandoffJdbc(h.db().dataSource());
            for (int round = 0; round < 5; round++) {
                Reporter r = new Reporter("wechat", "acct", "user-" + round, "", "");
                List<Runnable> writers = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    String text = "转人工 " + i;
                    Instant at = Instant.parse("2026-11-28T08:00:00Z").plusSeconds(i);
                    writers.add(() -> handoffs.flag(r, text, at));
                }
                race(writers);
                assertThat(handoffs.list().stream().filter(f -> f.key().equals(r.key()))).hasSize(1);
                assertThat(handoffs.find(r.key())).get().extracting(HandoffJdbc.Flagged::lastText).asString()
                        .startsWith("转人工 ");
            }
        }
    }
}
