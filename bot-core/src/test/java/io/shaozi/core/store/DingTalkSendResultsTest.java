package io.shaozi.core.store;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.dingtalk.DingTalkApp;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.adapters.dingtalk.DingTalkRobot;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.Recipient;
import io.shaozi.core.campaign.DeliveryStatus;
import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.channel.ChannelSenders;
import io.shaozi.core.push.DingTalkSendResults;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.testing.FakeDingTalkApi;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DingTalk work notices' send results on H2 and PostgreSQL: the outbox keeps each task id, the job asks DingTalk
 * (a fake on loopback) once per row, a forbidden user fails the campaign ledger row with the flow-control code, a
 * reader sets read_at, and rows older than 24 hours or without a task id are left alone.
 */
class DingTalkSendResultsTest {
    static final Audience RESIDENTS = new Audience(true, Set.of(), false, Set.of(), Set.of(), Set.of(), List.of());

    static LedgerEntry queued(long campaign, int seq, String user, Instant at) {
        return new LedgerEntry(campaign, 1, seq, 7, new Recipient("dingtalk", "street-app", user), Optional.empty(),
                Optional.empty(), Optional.empty(), "tok-" + seq, DeliveryStatus.QUEUED, Optional.empty(), at,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    static OutboxMessage message(LedgerEntry e) {
        return new OutboxMessage(Channel.DINGTALK, e.to().account(), e.to().address(),
                new Outbound.Text("学习通知 " + e.token()), Optional.of(e.outboxKey()));
    }

    /** recipient → platform_id (or "-"), checked ("checked" / "unchecked"). */
    static Map<String, String> outbox(Database db) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT recipient, state, platform_id, result_checked_at FROM outbox ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + " " + Optional.ofNullable(rs.getString(3)).orElse("-")
                        + " " + (rs.getTimestamp(4) == null ? "unchecked" : "checked"));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    static Map<String, LedgerEntry> ledger(CampaignJdbc repo, long campaign) {
        Map<String, LedgerEntry> out = new HashMap<>();
        repo.forEachEntry(campaign, e -> out.put(e.to().address(), e));
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void checkOnce_failsForbiddenUsers_marksReaders_andChecksEachRowOnce(TestDatabases.Engine engine) throws Exception {
        MutableClock clock = MutableClock.atBeijing("2026-11-30T09:00");
        Instant t = beijing("2026-12-01T10:00");
        try (TestDatabases.Handle h = TestDatabases.open(engine); FakeDingTalkApi ding = new FakeDingTalkApi(clock)) {
            AccessTokenManager tokens = new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5));
            ChannelContext ctx = new ChannelContext(clock, HttpClient.newHttpClient(), tokens,
                    new LocalState(clock, 1000), (k, u, at) -> true);
            DingTalkApp app = new DingTalkApp("street-app", "dingapp", "app-secret", "tok3n",
                    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingapp", Optional.of("123456789"));
            DingTalkRobot robot = new DingTalkRobot("street-robot", "dingrobotkey", "robot-secret", Optional.empty());
            DingTalkChannel dingtalk = new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500,
                    ding.base().toString(), ding.base().toString(), Set.of(ding.base().toString()), List.of(robot),
                    List.of(app), List.of(new DingTalkChannel.GroupWebhook("leaders", ding.groupWebhook(),
                    Optional.of(FakeDingTalkApi.ROBOT_SECRET)))), ctx);
            OutboxSender sender = new OutboxSender(h.db().dataSource(), clock, ChannelSenders.of(List.of(dingtalk),
                    Map.of(), Limiter.local(clock), (ch, account, recipient, since) -> 0, clock),
                    OutboxSender.Settings.defaults());
            CampaignJdbc repo = new CampaignJdbc(h.db().dataSource());
            long id = repo.create(7, RESIDENTS, clock.instant(), Optional.empty(), 5, "gb-001", clock.instant()).id();

            // yesterday's notice: older than 24 hours when the job runs, never asked about
            LedgerEntry old = queued(id, 0, "u-old", clock.instant());
            repo.record(List.of(old), List.of(message(old)));
            assertThat(sender.runOnce()).isEqualTo(1);

            clock.set(t);
            List<LedgerEntry> today = List.of(queued(id, 1, "u-capped", t), queued(id, 2, "u-reader", t),
                    queued(id, 3, "u-unread", t), queued(id, 4, "u-slow", t));
            repo.record(today, today.stream().map(DingTalkSendResultsTest::message).toList());
            Tx tx = new Tx(h.db().dataSource());
            tx.inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.DINGTALK, "street-app", "user:staff1,staff2",
                    new Outbound.Text("督办提醒"), Optional.empty()), t));
            tx.inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.DINGTALK, "street-robot", "robot-user:staff9",
                    new Outbound.Text("进展"), Optional.empty()), t));
            tx.inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.DINGTALK, "leaders", "group:leaders",
                    new Outbound.Text("告警"), Optional.empty()), t));
            assertThat(sender.runOnce()).isEqualTo(7);
            // the platform's id is kept: task ids of work notices, the robot's processQueryKey, none for a webhook
            assertThat(outbox(h.db())).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "u-old", "DONE 1 unchecked", "u-capped", "DONE 2 unchecked", "u-reader", "DONE 3 unchecked",
                    "u-unread", "DONE 4 unchecked", "u-slow", "DONE 5 unchecked",
                    "user:staff1,staff2", "DONE 6 unchecked", "robot-user:staff9", "DONE pqk-1 unchecked",
                    "group:leaders", "DONE - unchecked"));

            ding.userResults.putAll(Map.of("u-old", "forbidden:143105", "u-capped", "forbidden:143105",
                    "u-reader", "read", "u-slow", "pending", "staff2", "failed"));
            DingTalkSendResults job = new DingTalkSendResults(new SendResultJdbc(h.db().dataSource()),
                    DingTalkSendResults.Platform.of(dingtalk), clock);

            // asyncsend_v2 delivers later: nothing is asked in the first minute
            clock.advance(Duration.ofSeconds(30));
            assertThat(job.checkOnce()).isZero();
            assertThat(ding.sendResultQueries).isEmpty();

            clock.advance(Duration.ofSeconds(31));
            Instant checkedAt = clock.instant();
            assertThat(job.checkOnce()).isEqualTo(5); // capped, reader, unread, staff row, robot row (no API call)
            assertThat(ding.sendResultQueries).containsExactlyInAnyOrder("2", "3", "4", "5", "6");
            Map<String, LedgerEntry> l = ledger(repo, id);
            assertThat(l.get("u-capped").status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(l.get("u-capped").code()).contains("dingtalk_forbidden_143105");
            assertThat(l.get("u-capped").doneAt()).contains(t);
            assertThat(l.get("u-reader").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(l.get("u-reader").readAt()).contains(checkedAt);
            assertThat(l.get("u-unread").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(l.get("u-unread").readAt()).isEmpty();
            assertThat(l.get("u-slow").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(l.get("u-old").status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outbox(h.db())).containsEntry("u-old", "DONE 1 unchecked")
                    .containsEntry("group:leaders", "DONE - unchecked").containsEntry("u-slow", "DONE 5 unchecked")
                    .containsEntry("u-capped", "DONE 2 checked").containsEntry("robot-user:staff9", "DONE pqk-1 checked");
            assertThat(repo.counts(id, Optional.empty(), Optional.empty()).get(0).failedByCode())
                    .isEqualTo(Map.of("dingtalk_forbidden_143105", 1L));

            // the next pass asks only about the task DingTalk had not processed yet; then it is read
            clock.advance(Duration.ofMinutes(1));
            assertThat(job.checkOnce()).isZero();
            assertThat(ding.sendResultQueries).hasSize(6).endsWith("5");
            ding.userResults.put("u-slow", "read");
            clock.advance(Duration.ofMinutes(1));
            assertThat(job.checkOnce()).isEqualTo(1);
            assertThat(ledger(repo, id).get("u-slow").readAt()).contains(clock.instant());
            clock.advance(Duration.ofMinutes(1));
            assertThat(job.checkOnce()).isZero();
            assertThat(ding.sendResultQueries).hasSize(7);
            // a read page visit later does not move the read time DingTalk reported
            assertThat(repo.markRead("tok-2", clock.instant())).isFalse();
            assertThat(ledger(repo, id).get("u-reader").readAt()).contains(checkedAt);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void checkOnce_givesUpOnUsersInNoListAfterTenMinutes_andKeepsRowsWhenDingTalkIsDown(TestDatabases.Engine engine)
            throws Exception {
        MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");
        try (TestDatabases.Handle h = TestDatabases.open(engine); FakeDingTalkApi ding = new FakeDingTalkApi(clock)) {
            AccessTokenManager tokens = new AccessTokenManager(new InMemoryTokenStore(), clock, Duration.ofMinutes(5));
            ChannelContext ctx = new ChannelContext(clock, HttpClient.newHttpClient(), tokens,
                    new LocalState(clock, 1000), (k, u, at) -> true);
            DingTalkApp app = new DingTalkApp("street-app", "dingapp", "app-secret", "tok3n",
                    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingapp", Optional.of("123456789"));
            DingTalkChannel dingtalk = new DingTalkChannel(new DingTalkChannel.Settings(3600, 1500,
                    ding.base().toString(), ding.base().toString(), Set.of(ding.base().toString()), List.of(),
                    List.of(app), List.of()), ctx);
            OutboxSender sender = new OutboxSender(h.db().dataSource(), clock, ChannelSenders.of(List.of(dingtalk),
                    Map.of(), Limiter.local(clock), (ch, account, recipient, since) -> 0, clock),
                    OutboxSender.Settings.defaults());
            new Tx(h.db().dataSource()).inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.DINGTALK,
                    "street-app", "user:staff1", new Outbound.Text("提醒"), Optional.empty()), clock.instant()));
            assertThat(sender.runOnce()).isEqualTo(1);
            ding.userResults.put("staff1", "pending");
            DingTalkSendResults job = new DingTalkSendResults(new SendResultJdbc(h.db().dataSource()),
                    DingTalkSendResults.Platform.of(dingtalk), clock);
            clock.advance(Duration.ofMinutes(5));
            assertThat(job.checkOnce()).isZero();
            clock.advance(Duration.ofMinutes(6));
            assertThat(job.checkOnce()).isEqualTo(1);
            assertThat(outbox(h.db())).containsEntry("user:staff1", "DONE 1 checked");
            assertThat(ding.sendResultQueries).hasSize(2);

            // a second row while DingTalk answers 503 stays unchecked for the next pass
            new Tx(h.db().dataSource()).inTx(c -> OutboxJdbc.enqueue(c, new OutboxMessage(Channel.DINGTALK,
                    "street-app", "user:staff3", new Outbound.Text("提醒"), Optional.empty()), clock.instant()));
            assertThat(sender.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(2));
            ding.sendResultDown = true;
            assertThat(job.checkOnce()).isZero();
            assertThat(outbox(h.db())).containsEntry("user:staff3", "DONE 2 unchecked");
            ding.sendResultDown = false;
            clock.advance(Duration.ofMinutes(1));
            assertThat(job.checkOnce()).isEqualTo(1);
            assertThat(ding.sendResultQueries).containsExactly("1", "1", "2");
            assertThat(outbox(h.db())).containsEntry("user:staff3", "DONE 2 checked");
        }
    }
}
