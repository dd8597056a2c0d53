package io.shaozi.adapters.wecom;

import io.shaozi.adapters.channel.SendOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.FakeCgiBin;
import io.shaozi.adapters.testkit.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback ({@link FakeCgiBin}); no mocks. */
class WeComClientTest {
    static final String CORP = "ww1436e0e65a779aee";
    static final String SECRET = "app-secret-1";
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final AccessTokenManager tokens = new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5));
    final WeComApp app = new WeComApp("jd-cadres", CORP, "1000002", "tok", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", SECRET);
    FakeCgiBin fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeCgiBin(CORP, SECRET);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    WeComClient client() {
        return new WeComClient(app, fake.base(), tokens, http, clock);
    }

    @Test
    void sendAppMessage_textToUsersPartiesAndTags() {
        SendOutcome o = client().sendAppMessage(new Recipients(List.of("zhangsan", "lisi"), List.of("3"), List.of("7")),
                new Outbound.Text("新工单 2026112800012：3号楼渗水"));
        assertThat(o).isEqualTo(new SendOutcome.Sent(Optional.of("1001")));
        assertThat(fake.calls.get(0).api()).isEqualTo("message/send");
        assertThat(fake.calls.get(0).body().toString()).isEqualTo("{\"touser\":\"zhangsan|lisi\",\"toparty\":\"3\",\"totag\":\"7\","
                + "\"agentid\":1000002,\"msgtype\":\"text\",\"text\":{\"content\":\"新工单 2026112800012：3号楼渗水\"},"
                + "\"safe\":0,\"enable_duplicate_check\":1,\"duplicate_check_interval\":1800}");
    }

    @Test
    void sendAppMessage_cardBecomesTextcardAndMarkdownStaysMarkdown() {
        WeComClient c = client();
        c.sendAppMessage(Recipients.users("zhangsan"), new Outbound.Card("吹哨报到", "城管、物业请于2小时内到场",
                List.of(new Outbound.Button("签收", "https://shaozi.example/t/12"))));
        assertThat(fake.calls.get(0).body().path("msgtype").asText()).isEqualTo("textcard");
        assertThat(fake.calls.get(0).body().path("textcard").toString()).isEqualTo("{\"title\":\"吹哨报到\",\"description\":"
                + "\"城管、物业请于2小时内到场\",\"url\":\"https://shaozi.example/t/12\",\"btntxt\":\"签收\"}");
        c.sendAppMessage(Recipients.parties("3"), new Outbound.Markdown("督办", "工单 **超时**"));
        assertThat(fake.calls.get(1).body().path("markdown").path("content").asText()).isEqualTo("**督办**\n工单 **超时**");
    }

    @Test
    void sendAppMessage_partialFailureWithErrcodeZeroIsSurfaced() {
        fake.script("message/send", "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"ghost1|ghost2\",\"invalidparty\":\"\","
                + "\"invalidtag\":\"9\",\"unlicenseduser\":\"nolicense\",\"msgid\":\"xyz\"}");
        SendOutcome o = client().sendAppMessage(Recipients.users("zhangsan", "ghost1", "ghost2"), new Outbound.Text("x"));
        assertThat(o).isEqualTo(new SendOutcome.Sent(Optional.of("xyz"), List.of("user:ghost1", "user:ghost2",
                "tag:9", "unlicensed:nolicense")));
    }

    @Test
    void sendAppMessage_allRecipientsInvalidIsRejected() {
        fake.script("message/send", "{\"errcode\":81013,\"errmsg\":\"user & party & tag all invalid\"}");
        assertThat(client().sendAppMessage(Recipients.users("ghost"), new Outbound.Text("x")))
                .isEqualTo(new SendOutcome.Rejected("81013", "/cgi-bin/message/send: user & party & tag all invalid"));
    }

    @Test
    void token_revokedEarlyIsRefreshedOnceAndRetried() {
        WeComClient c = client();
        c.sendAppMessage(Recipients.users("a"), new Outbound.Text("1"));
        fake.revokeTokens();
        assertThat(c.sendAppMessage(Recipients.users("a"), new Outbound.Text("2"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.tokenCalls.get()).isEqualTo(2);
        assertThat(fake.callsTo("message/send")).isEqualTo(3);
    }

    @Test
    void frequencyLimit_blocksTheApiForAMinute() {
        fake.script("message/send", "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
        WeComClient c = client();
        SendOutcome o = c.sendAppMessage(Recipients.users("a"), new Outbound.Text("1"));
        assertThat(o).isEqualTo(new SendOutcome.RetryLater(clock.instant().plusSeconds(60), "message/send errcode=45009 api freq out of limit"));
        c.sendAppMessage(Recipients.users("a"), new Outbound.Text("2"));
        assertThat(fake.callsTo("message/send")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        assertThat(c.sendAppMessage(Recipients.users("a"), new Outbound.Text("3"))).isInstanceOf(SendOutcome.Sent.class);
    }

    @Test
    void withoutDuplicateCheck_theFlagIsAbsent_andAllIsEveryMember() {
        WeComClient c = new WeComClient(app, fake.base(), tokens, http, clock,
                new WeComClient.Options(Duration.ofSeconds(5), Duration.ZERO));
        assertThat(c.sendAppMessage(Recipients.all(), new Outbound.Text("1"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.calls.get(0).body().has("enable_duplicate_check")).isFalse();
        assertThat(fake.calls.get(0).body().path("touser").asText()).isEqualTo("@all");
    }

    @Test
    void send_readsOutboxRecipientSpec() {
        assertThat(client().send("user:zhangsan;party:3", new Outbound.Text("x"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(fake.calls.get(0).body().path("toparty").asText()).isEqualTo("3");
        assertThat(client().send("nobody", new Outbound.Text("x"))).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(fake.calls).hasSize(1);
    }

    @Test
    void recipients_specRoundTripsAndValidates() {
        Recipients r = new Recipients(List.of("u1", "u2"), List.of("3"), List.of());
        assertThat(r.spec()).isEqualTo("user:u1|u2;party:3");
        assertThat(Recipients.parse(r.spec())).isEqualTo(r);
        assertThat(Recipients.parse("tag:7;user:a")).isEqualTo(new Recipients(List.of("a"), List.of(), List.of("7")));
        assertThatThrownBy(() -> Recipients.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recipients.users("a|b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recipients.parse("group:1")).isInstanceOf(IllegalArgumentException.class);
    }
}
