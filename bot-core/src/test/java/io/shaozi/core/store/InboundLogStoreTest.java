package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Origin;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InboundLogStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

    private static Origin origin(String user, String msgId) {
        return new Origin(Channel.GENERIC, "generic", user, msgId, T0);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_firstDeliveryIsFirst_redeliveryIsDuplicateWithStoredReply(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            InboundLogJdbc.Claim first = log.claim(origin("u1", "m1"), "text", "楼道灯坏了", T0);
            assertThat(first).isInstanceOf(InboundLogJdbc.Claim.First.class);
            InboundLogJdbc.Claim early = log.claim(origin("u1", "m1"), "text", "楼道灯坏了", T0);
            assertThat(early).isEqualTo(new InboundLogJdbc.Claim.Duplicate(Optional.empty()));
            log.saveReply(((InboundLogJdbc.Claim.First) first).id(), "[{\"type\":\"text\",\"text\":\"好的\"}]");
            InboundLogJdbc.Claim late = log.claim(origin("u1", "m1"), "text", "楼道灯坏了", T0);
            assertThat(late).isEqualTo(new InboundLogJdbc.Claim.Duplicate(
                    Optional.of("[{\"type\":\"text\",\"text\":\"好的\"}]")));
            assertThat(log.count(origin("u1", "x"))).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_sameMessageIdFromAnotherUserIsAnotherMessage(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            assertThat(log.claim(origin("u1", "m1"), "text", "a", T0)).isInstanceOf(InboundLogJdbc.Claim.First.class);
            assertThat(log.claim(origin("u2", "m1"), "text", "a", T0)).isInstanceOf(InboundLogJdbc.Claim.First.class);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void claim_isRememberedAcrossReopen(TestDatabases.Engine engine) {
        String url = TestDatabases.freshUrl(engine);
        String user = engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.PG_USER : "";
        try (Database db = Database.open(url, user, "", 2)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            InboundLogJdbc.Claim.First f = (InboundLogJdbc.Claim.First) log.claim(origin("u1", "m9"), "text", "x", T0);
            log.saveReply(f.id(), "[]");
        }
        try (Database db = Database.open(url, user, "", 2)) {
            InboundLogJdbc log = new InboundLogJdbc(db.dataSource());
            assertThat(log.claim(origin("u1", "m9"), "text", "x", T0))
                    .isEqualTo(new InboundLogJdbc.Claim.Duplicate(Optional.of("[]")));
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
