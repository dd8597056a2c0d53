package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ticket files and the chat page's history kept in the database, the same on H2 and PostgreSQL. */
class AttachmentStoreTest {
    static java.util.stream.Stream<TestDatabases.Engine> engines() {
        return TestDatabases.engines();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void attachment_roundTripsItsBytes_andIsListedWithItsTicket_onceBound(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            AttachmentJdbc files = new AttachmentJdbc(db.dataSource());
            byte[] content = new byte[300_000];
            new Random(7).nextBytes(content);
            Instant at = Instant.parse("2026-12-07T02:00:00Z");
            long own = files.put(Optional.of("202612070001"), "image/jpeg", "现场.jpg", content, "张伟", at);
            long loose = files.put(Optional.empty(), "image/png", "附件.png", new byte[] {1, 2, 3}, "web-abc", at);
            AttachmentJdbc.File f = files.get(own).orElseThrow();
            assertThat(f.content()).isEqualTo(content);
            assertThat(f.meta().name()).isEqualTo("现场.jpg");
            assertThat(f.meta().size()).isEqualTo(300_000);
            assertThat(f.meta().at()).isEqualTo(at);
            assertThat(files.of("202612070001")).extracting(AttachmentJdbc.Meta::id).containsExactly(own);
            files.bind(loose, "202612070001");
            files.bind(loose, "202612079999"); // bound once: a second bind changes nothing
            assertThat(files.of("202612070001")).extracting(AttachmentJdbc.Meta::id).containsExactly(own, loose);
            assertThat(files.get(loose + 100)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void chatHistory_isKeptPerUser_oldestFirst(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            ChatMailboxJdbc m = new ChatMailboxJdbc(db.dataSource());
            Instant t0 = Instant.parse("2026-12-07T02:00:00Z");
            m.remember("chat", "web-a", "me", "{\"type\":\"text\",\"text\":\"你好\"}", t0);
            m.remember("chat", "web-a", "bot", "{\"type\":\"text\",\"text\":\"您好！\"}", t0.plusSeconds(1));
            m.remember("chat", "web-b", "me", "{\"type\":\"text\",\"text\":\"别人的\"}", t0);
            assertThat(m.history("chat", "web-a")).extracting(ChatMailboxJdbc.Line::kind).containsExactly("me", "bot");
            assertThat(m.history("chat", "web-a").get(1).payload()).contains("您好！");
            assertThat(m.history("chat", "web-c")).isEmpty();
        }
    }
}
