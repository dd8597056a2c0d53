package io.shaozi.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shaozi.adapters.common.Fields;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random user ids, message ids and texts (control characters, NUL, lone and paired surrogates, CJK, huge lengths)
 * posted to the generic webhook of a whole server on H2 and on PostgreSQL: the answer is exactly 200 when the gate's
 * rules accept the ids and the text is not blank once cleaned, else 400 naming a field, never 500; and what is stored
 * is exactly the gate's output (the ids as given, the text without control characters, cut to its limit).
 */
class InputGatePropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = MutableClock.at("2026-11-28T08:00:00Z");
    private static final AtomicLong SEQ = new AtomicLong();
    private static final List<TestServer> SERVERS = new ArrayList<>();
    private static Path dir;

    /** The servers under test: H2 always, PostgreSQL when it answers (required under CI=true). */
    /** Texts the bot answered without recording them (a greeting, thanks, a foreign-language message…). */
    private static final java.util.Set<String> STATELESS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static io.shaozi.core.dialog.Bot noticingStateless(io.shaozi.core.dialog.Bot bot) {
        return new io.shaozi.core.dialog.Bot() {
            @Override
            public List<io.shaozi.adapters.common.Outbound> reply(io.shaozi.adapters.common.Inbound in) {
                return bot.reply(in);
            }

            @Override
            public Optional<Stateless> stateless(io.shaozi.adapters.common.Inbound in) {
                Optional<Stateless> answer = bot.stateless(in);
                if (answer.isPresent() && in instanceof io.shaozi.adapters.common.Inbound.Text t) {
                    STATELESS.add(t.text());
                }
                return answer;
            }
        };
    }

    static synchronized List<TestServer> servers() throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("shaozi-gate-prop-");
            SERVERS.add(TestServer.start(dir.resolve("h2"), Optional.empty(), Map.of(), CLOCK,
                    InputGatePropertyTest::noticingStateless));
            boolean pg;
            try {
                TestDatabases.requirePostgres();
                pg = true;
            } catch (org.opentest4j.TestAbortedException e) {
                pg = false;
            }
            if (pg) {
                SERVERS.add(TestServer.start(dir.resolve("pg"), Optional.empty(), Map.of("storage.url",
                        TestDatabases.freshUrl(TestDatabases.Engine.POSTGRESQL), "storage.user", TestDatabases.PG_USER),
                        CLOCK, InputGatePropertyTest::noticingStateless));
            }
        }
        return SERVERS;
    }

    @AfterContainer
    static void stop() {
        SERVERS.forEach(TestServer::close);
    }

    @Provide
    static Arbitrary<String> nasty() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.chars().range('\u0000', '\u009f')),
                Tuple.of(1, Arbitraries.chars().range('\ud800', '\udfff')),
                Tuple.of(4, Arbitraries.chars().range('\u4e00', '\u9fff')),
                Tuple.of(2, Arbitraries.chars().all()));
        Arbitrary<String> normal = chars.list().ofMaxSize(160).map(InputGatePropertyTest::join);
        Arbitrary<String> huge = chars.list().ofMinSize(1).ofMaxSize(6).map(InputGatePropertyTest::join)
                .flatMap(s -> Arbitraries.integers().between(1, 12_000).map(n -> s.repeat(Math.max(1, n / s.length()))));
        Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(130);
        return Arbitraries.frequencyOf(Tuple.of(5, normal), Tuple.of(1, huge), Tuple.of(3, plain));
    }

    /** Ids: mostly plausible (letters, digits, up to and over the 128 limit), some nasty. */
    @Provide
    static Arbitrary<String> ids() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars("-_:@.")
                .ofMinLength(1).ofMaxLength(140)), Tuple.of(2, nasty()));
    }

    private static String join(List<Character> cs) {
        StringBuilder sb = new StringBuilder(cs.size());
        cs.forEach(sb::append);
        return sb.toString();
    }

    /** A JSON string literal that carries every char, lone surrogates included, as an escape. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static boolean idOk(String s) {
        return Fields.idProblem("id", s.strip(), 128).isEmpty();
    }

    @Property(tries = 120)
    @StatisticsReport(format = Histogram.class)
    void genericWebhook_randomInput_is200Or400AsTheGateSays_andStoresExactlyTheGatesOutput(
            @ForAll("ids") String user, @ForAll("ids") String msgIdTail, @ForAll("nasty") String text) throws Exception {
        for (TestServer s : servers()) {
            String msgId = SEQ.incrementAndGet() + "-" + msgIdTail;
            String body = "{\"user\":" + literal(user) + ",\"msgId\":" + literal(msgId) + ",\"text\":" + literal(text) + "}";
            HttpResponse<String> r = s.post("/webhook/generic", body);
            String expectedText = Fields.text(Fields.clean(text.strip()), Fields.MAX_TEXT);
            boolean accepted = idOk(user) && idOk(msgId) && !expectedText.isBlank();
            Statistics.label("outcome").collect(accepted ? "accepted" : "refused");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(accepted ? 200 : 400);
            if (!accepted) {
                assertThat(JSON.readTree(r.body()).path("error").asText()).containsAnyOf("user", "msgId", "text");
                continue;
            }
            List<String> stored = new ArrayList<>();
            try (Connection c = s.app.database().orElseThrow().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT text FROM inbound_message"
                         + " WHERE channel = 'generic' AND account = 'generic' AND user_id = ? AND message_id = ?")) {
                ps.setString(1, user.strip());
                ps.setString(2, msgId.strip());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
            }
            if (STATELESS.contains(expectedText)) {
                // answered without a store write (nothing to lose in a crash): the gate's output is what the bot saw
                assertThat(stored).isEmpty();
            } else {
                assertThat(stored).containsExactly(expectedText);
            }
        }
        // both branches must really be exercised, or the property proves little
        Statistics.label("outcome").coverage(c -> {
            c.check("accepted").percentage(p -> p > 10);
            c.check("refused").percentage(p -> p > 10);
        });
    }
}
