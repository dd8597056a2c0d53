package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.push.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChatMailboxTest {
    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

    private static OutboxMessage text(String user, String text) {
        return new OutboxMessage(Channel.GENERIC, "chat", user, new Outbound.Text(text), Optional.empty());
    }

    /** What the generic sender does: every visible pending generic row is delivered. */
    private static void deliverVisible(Database db) {
        new Tx(db.dataSource()).inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET state = 'DONE' WHERE channel = 'generic' AND state <> 'DONE'")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<String> texts(List<ChatMailboxJdbc.Pushed> pushed) {
        List<String> out = new ArrayList<>();
        for (ChatMailboxJdbc.Pushed p : pushed) {
            out.add(((Outbound.Text) p.message()).text());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void poll_neverSkipsARowThatCommitsAfterARowWithAHigherId(TestDatabases.Engine engine) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            Database db = h.db();
            ChatMailboxJdbc mailbox = new ChatMailboxJdbc(db.dataSource());
            long cursor = mailbox.latest("chat", "u1");
            assertThat(cursor).isZero();
            try (Connection slow = db.dataSource().getConnection()) {
                slow.setAutoCommit(false);
                OutboxJdbc.enqueue(slow, text("u1", "先写入、后提交"), NOW); // takes the lower id, commits later
                new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, text("u1", "后写入、先提交"), NOW));
                deliverVisible(db);

                List<ChatMailboxJdbc.Pushed> first = mailbox.after("chat", "u1", cursor, 50);
                assertThat(texts(first)).containsExactly("后写入、先提交");
                cursor = first.get(first.size() - 1).seq();
                slow.commit();
            }
            deliverVisible(db);

            List<ChatMailboxJdbc.Pushed> second = mailbox.after("chat", "u1", cursor, 50);
            assertThat(texts(second)).containsExactly("先写入、后提交");
            cursor = second.get(0).seq();
            assertThat(mailbox.after("chat", "u1", cursor, 50)).isEmpty();
            assertThat(mailbox.latest("chat", "u1")).isEqualTo(cursor);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void poll_returnsOnlyTheUsersDeliveredRows_inOrder_andAPageOpeningLaterStartsAfterThem(
            TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            Database db = h.db();
            ChatMailboxJdbc mailbox = new ChatMailboxJdbc(db.dataSource());
            for (int i = 1; i <= 3; i++) {
                int n = i;
                new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, text("u1", "第" + n + "条"), NOW));
                new Tx(db.dataSource()).inTx(c -> OutboxJdbc.enqueue(c, text("u2", "别人的" + n), NOW));
            }
            assertThat(mailbox.after("chat", "u1", 0, 50)).as("pending rows are not delivered yet").isEmpty();
            deliverVisible(db);
            assertThat(texts(mailbox.after("chat", "u1", 0, 50))).containsExactly("第1条", "第2条", "第3条");
            assertThat(texts(mailbox.after("chat", "u1", 0, 2))).containsExactly("第1条", "第2条");
            assertThat(texts(mailbox.after("chat", "u2", 0, 50))).containsExactly("别人的1", "别人的2", "别人的3");
            assertThat(mailbox.after("chat", "u1", mailbox.latest("chat", "u1"), 50)).isEmpty();
            assertThat(mailbox.latest("chat", "nobody")).isZero();
        }
    }
}
