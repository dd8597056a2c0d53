package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.OutboxMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The alert SMS ledger and the earlier-message lookup for 加急, on H2 and PostgreSQL. */
class AlertSmsJdbcTest {
    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void reserve_capsEachNumberPerDay_andARetriedStepCountsOnce(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            AlertSmsJdbc sms = new AlertSmsJdbc(db.dataSource());
            LocalDate day = LocalDate.of(2026, 12, 7);
            assertThat(sms.reserve("13800100011", day, "t1-2:2", 2)).isTrue();
            assertThat(sms.reserve("13800100011", day, "t1-2:2", 2)).isTrue(); // the same step again
            assertThat(sms.reserve("13800100011", day, "t2-2:2", 2)).isTrue();
            assertThat(sms.reserve("13800100011", day, "t3-2:2", 2)).isFalse();
            assertThat(sms.sent("13800100011", day)).isEqualTo(2);
            assertThat(sms.reserve("13800100012", day, "t3-2:2", 2)).isTrue();
            assertThat(sms.reserve("13800100011", day.plusDays(1), "t3-2:2", 2)).isTrue();
            assertThat(sms.reserve("13800100013", day, "x", 0)).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void platformIdOf_findsTheTicketsEarlierMessageToThatRecipient(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            OutboxJdbc outbox = new OutboxJdbc(db.dataSource(), java.time.Clock.systemUTC());
            Channel feishu = Channel.of("feishu");
            outbox.enqueue(new OutboxMessage(feishu, "street", "open_id:ou_1", new Outbound.Text("x"),
                    Optional.of("tk:202612070001:2:feishu:open_id:ou_1")));
            assertThat(OutboxJdbc.platformIdOf(db.dataSource(), feishu, "street", "open_id:ou_1",
                    List.of("tk:202612070001:"))).isEmpty(); // not sent yet
            try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(
                    "UPDATE outbox SET state = 'DONE', platform_id = 'om_7', sent_at = ?")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            assertThat(OutboxJdbc.platformIdOf(db.dataSource(), feishu, "street", "open_id:ou_1",
                    List.of("al:202612070001:", "tk:202612070001:"))).contains("om_7");
            assertThat(OutboxJdbc.platformIdOf(db.dataSource(), feishu, "street", "open_id:ou_2",
                    List.of("tk:202612070001:"))).isEmpty();
            assertThat(OutboxJdbc.platformIdOf(db.dataSource(), feishu, "street", "open_id:ou_1",
                    List.of("tk:202612070002:"))).isEmpty();
        }
    }
}
