package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InboundLogStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

    private static Origin origin(String user, String msgId) {
        return new Origin(Channel.GENERIC, "generic", user, msgId, T0);
    }

    private static final Duration LEASE = Duration.ofSeconds(6);

    private static InboundLogJdbc.Delivery delivery(String user, String msgId) {
        return new InboundLogJdbc.Delivery(origin(user, msgId), "text", "楼道灯坏了", "{\"type\":\"text\"}",
                Optional.of("chat_id:oc_1"), 0);
    }

    private static long owned(InboundLogJdbc.Claim c) {
        assertThat(c).isInstanceOf(InboundLogJdbc.Claim.Owned.class);
        return ((InboundLogJdbc.Claim.Owned) c).id();
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_firstDeliveryIsOwned_redeliveryDuringTheLeaseIsBusy_afterTheReplyIsAnswered(
            TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            long id = owned(log.claim(delivery("u1", "m1"), "a", T0, LEASE));
            assertThat(log.claim(delivery("u1", "m1"), "b", T0.plusSeconds(5), LEASE))
                    .isEqualTo(new InboundLogJdbc.Claim.Busy());
            assertThat(log.complete(id, "[{\"type\":\"text\",\"text\":\"好的\"}]", late -> List.of(), T0))
                    .isEqualTo(new InboundLogJdbc.Completion.Stored(false));
            assertThat(log.claim(delivery("u1", "m1"), "b", T0.plusSeconds(60), LEASE))
                    .isEqualTo(new InboundLogJdbc.Claim.Answered("[{\"type\":\"text\",\"text\":\"好的\"}]", false));
            assertThat(log.count(origin("u1", "x"))).isEqualTo(1);
            assertThat(log.expired(T0.plusSeconds(600), 5, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_whoseHolderDied_isTakenOverAfterItsLease_andTheFirstReplyStoredWins(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            long id = owned(log.claim(delivery("u1", "m1"), "dead", T0, LEASE));
            assertThat(log.expired(T0.plusSeconds(5), 5, 10)).isEmpty();
            assertThat(log.expired(T0.plusSeconds(6), 5, 10)).extracting(InboundLogJdbc.Expired::id)
                    .containsExactly(id);
            InboundLogJdbc.Claim retry = log.claim(delivery("u1", "m1"), "alive", T0.plusSeconds(7), LEASE);
            assertThat(retry).isEqualTo(new InboundLogJdbc.Claim.Owned(id, 2));
            // a second retry during the new lease waits for the new holder
            assertThat(log.claim(delivery("u1", "m1"), "third", T0.plusSeconds(8), LEASE))
                    .isEqualTo(new InboundLogJdbc.Claim.Busy());
            assertThat(log.complete(id, "[\"first\"]", late -> List.of(), T0.plusSeconds(8)))
                    .isEqualTo(new InboundLogJdbc.Completion.Stored(false));
            // the presumed-dead holder finishes after all: it must use the stored answer
            assertThat(log.complete(id, "[\"second\"]", late -> List.of(), T0.plusSeconds(9)))
                    .isEqualTo(new InboundLogJdbc.Completion.AnsweredBefore("[\"first\"]", false));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void deferredDelivery_queuesItsWholeReplyWithTheAnswer_inOneTransaction(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            long id = owned(log.claim(delivery("u1", "m1"), "a", T0, LEASE));
            assertThat(log.defer(id)).isTrue();
            List<Boolean> seen = new java.util.ArrayList<>();
            InboundLogJdbc.Completion done = log.complete(id, "[]", late -> {
                seen.add(late);
                return List.of(new io.shaozi.core.push.OutboxMessage(Channel.FEISHU, "app", "chat_id:oc_1",
                        new io.shaozi.adapters.common.Outbound.Text("已受理"), Optional.of("reply:" + id + ":0")));
            }, T0);
            assertThat(done).isEqualTo(new InboundLogJdbc.Completion.Stored(true));
            assertThat(seen).as("the rows queued are those for a late answer").last().isEqualTo(true);
            assertThat(log.defer(id)).as("answered: nothing left to defer").isFalse();
            assertThat(count(db, "SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'reply:" + id + ":0'")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void passiveReply_deferredBeforeItWasStored_goesOutThroughTheOutbox_andOnTimeNeedsNoRow(
            TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            // as InboundPipeline routes a passive reply: nothing to queue when on time, the whole reply when late
            java.util.function.LongFunction<java.util.function.Function<Boolean, List<io.shaozi.core.push.OutboxMessage>>>
                    pushes = id -> late -> late ? List.of(new io.shaozi.core.push.OutboxMessage(Channel.WECHAT, "gh",
                    "o_1", new io.shaozi.adapters.common.Outbound.Text("已受理"), Optional.of("reply:" + id + ":0")))
                    : List.of();
            long onTime = owned(log.claim(delivery("u1", "m1"), "a", T0, LEASE));
            assertThat(log.complete(onTime, "[\"a\"]", pushes.apply(onTime), T0))
                    .isEqualTo(new InboundLogJdbc.Completion.Stored(false));
            assertThat(log.defer(onTime)).as("stored first: the reply can still go back in the response").isFalse();
            assertThat(log.complete(onTime, "[\"again\"]", pushes.apply(onTime), T0))
                    .isEqualTo(new InboundLogJdbc.Completion.AnsweredBefore("[\"a\"]", false));

            long late = owned(log.claim(delivery("u1", "m2"), "a", T0, LEASE));
            assertThat(log.defer(late)).isTrue();
            assertThat(log.complete(late, "[\"b\"]", pushes.apply(late), T0))
                    .isEqualTo(new InboundLogJdbc.Completion.Stored(true));
            assertThat(count(db, "SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'reply:" + late + ":0'")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM outbox")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void failedCompletion_storesNeitherTheReplyNorItsPushes(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            long id = owned(log.claim(delivery("u1", "m1"), "a", T0, LEASE));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.complete(id, "[]", late -> {
                throw new IllegalStateException("render failed");
            }, T0)).isInstanceOf(IllegalStateException.class);
            log.release(id, T0.plusSeconds(1));
            assertThat(log.stored(origin("u1", "m1")).reply()).isEmpty();
            assertThat(log.expired(T0.plusSeconds(1), 5, 10)).extracting(InboundLogJdbc.Expired::id).containsExactly(id);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_sameMessageIdFromAnotherUserIsAnotherMessage(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            owned(log.claim(delivery("u1", "m1"), "a", T0, LEASE));
            owned(log.claim(delivery("u2", "m1"), "a", T0, LEASE));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_isRememberedAcrossReopen(TestDatabases.Engine engine) {
        String url = TestDatabases.freshUrl(engine);
        String user = engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.PG_USER : "";
        try (Database db = Database.open(url, user, "", 2)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            log.complete(owned(log.claim(delivery("u1", "m9"), "a", T0, LEASE)), "[]", late -> List.of(), T0);
        }
        try (Database db = Database.open(url, user, "", 2)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            assertThat(log.claim(delivery("u1", "m9"), "b", T0, LEASE))
                    .isEqualTo(new InboundLogJdbc.Claim.Answered("[]", false));
        }
    }

    private static int count(Database db, String sql) {
        try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new StoreException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void open_reportsDialectAndAnswersPing(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            assertThat(db.ping()).isTrue();
            assertThat(db.dialect().name()).isEqualTo(engine.name());
        }
    }
}
