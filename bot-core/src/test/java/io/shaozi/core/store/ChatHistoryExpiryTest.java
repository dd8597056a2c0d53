package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chat page forgets old conversations: lines, delivered pushes and emptied mailboxes, on H2 and PostgreSQL. */
class ChatHistoryExpiryTest {
    static final Instant T0 = Instant.parse("2026-09-01T02:00:00Z");

    static java.util.stream.Stream<TestDatabases.Engine> engines() {
        return TestDatabases.engines();
    }

    private static void push(Database db, String user, String text, Instant at, boolean delivered) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            OutboxJdbc.enqueue(c, new OutboxMessage(Channel.GENERIC, "chat", user, new Outbound.Text(text),
                    Optional.empty()), at);
        }
        if (delivered) {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'DONE' WHERE recipient = ?"
                         + " AND state = 'PENDING'")) {
                ps.setString(1, user);
                ps.executeUpdate();
            }
        }
    }

    private static long count(Database db, String sql, String user) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void expire_forgetsWhatIsOlderThanTheCutoff_keepsNewerLinesAndWaitingPushes(TestDatabases.Engine engine)
            throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            ChatMailboxJdbc mailbox = new ChatMailboxJdbc(db.dataSource());
            // old: a resident who came once; both: someone who came back later; another account is not the page's
            mailbox.remember("chat", "web-old", "me", "{\"text\":\"路灯坏了\"}", T0);
            mailbox.remember("chat", "web-old", "bot", "{\"text\":\"已登记\"}", T0);
            push(db, "web-old", "工单已签收", T0.plusSeconds(60), true);
            mailbox.remember("chat", "web-both", "me", "{\"text\":\"第一次\"}", T0);
            push(db, "web-both", "旧推送", T0.plusSeconds(60), true);
            push(db, "web-both", "还在等的推送", T0.plusSeconds(90), false);
            mailbox.remember("chat", "web-both", "me", "{\"text\":\"第二次\"}", T0.plus(Duration.ofDays(80)));
            mailbox.remember("other", "web-old", "me", "{\"text\":\"别的账号\"}", T0);
            assertThat(mailbox.history("chat", "web-old")).hasSize(3); // numbers the push: a mailbox row
            assertThat(mailbox.history("chat", "web-both")).hasSize(3);
            assertThat(count(db, "SELECT COUNT(*) FROM chat_mailbox WHERE recipient = ?", "web-old")).isOne();

            ChatMailboxJdbc.Expired x = mailbox.expire("chat", T0.plus(Duration.ofDays(30)));

            assertThat(x).isEqualTo(new ChatMailboxJdbc.Expired(3, 2, 1));
            assertThat(mailbox.history("chat", "web-old")).isEmpty();
            assertThat(count(db, "SELECT COUNT(*) FROM chat_mailbox WHERE recipient = ?", "web-old")).isZero();
            assertThat(mailbox.history("chat", "web-both")).singleElement()
                    .satisfies(l -> assertThat(l.payload()).contains("第二次"));
            assertThat(count(db, "SELECT COUNT(*) FROM outbox WHERE recipient = ? AND state = 'PENDING'", "web-both"))
                    .as("a push still waiting is kept").isOne();
            assertThat(count(db, "SELECT COUNT(*) FROM chat_mailbox WHERE recipient = ?", "web-both"))
                    .as("something is left: the mailbox (its sequence) stays").isOne();
            assertThat(mailbox.history("other", "web-old")).as("another account").hasSize(1);
            // nothing more to forget: a second run removes nothing
            assertThat(mailbox.expire("chat", T0.plus(Duration.ofDays(30))))
                    .isEqualTo(new ChatMailboxJdbc.Expired(0, 0, 0));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void expire_deletesInBatches_untilNothingOldIsLeft(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            ChatMailboxJdbc mailbox = new ChatMailboxJdbc(db.dataSource());
            int n = ChatMailboxJdbc.EXPIRE_BATCH * 2 + 7;
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO chat_history (account, recipient, kind,"
                         + " payload, created_at) VALUES ('chat', ?, 'me', '{}', ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, "web-u" + (i % 50));
                    ps.setObject(2, java.time.OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            assertThat(mailbox.expire("chat", T0.plusSeconds(1)).lines()).isEqualTo(n);
            assertThat(count(db, "SELECT COUNT(*) FROM chat_history WHERE account = ?", "chat")).isZero();
        }
    }
}
