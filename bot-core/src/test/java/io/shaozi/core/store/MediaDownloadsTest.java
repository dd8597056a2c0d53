package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.CgiBinApi;
import io.shaozi.core.push.OutboxMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Download jobs of WeChat / WeCom media: what is stored, what is refused, on H2 and PostgreSQL. */
class MediaDownloadsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC);
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

    static java.util.stream.Stream<TestDatabases.Engine> engines() {
        return TestDatabases.engines();
    }

    static OutboxMessage job(String ticket, String mediaId) {
        return new OutboxMessage(MediaDownloads.CHANNEL, "wechat:duofu", mediaId,
                new Outbound.Text(ticket + "\nimage:" + mediaId),
                Optional.of(MediaDownloads.KEY_PREFIX + ticket + ":" + mediaId));
    }

    @Test
    void mediaId_onlyForPlatformIds_notStoredFilesOrOddText() {
        assertThat(MediaDownloads.mediaId("image:MEDIA_ab-1")).contains("MEDIA_ab-1");
        assertThat(MediaDownloads.mediaId("voice:V1")).contains("V1");
        assertThat(MediaDownloads.mediaId("image:att-12")).isEmpty();
        assertThat(MediaDownloads.mediaId("image:../../etc/passwd")).isEmpty();
        assertThat(MediaDownloads.mediaId("image:")).isEmpty();
        assertThat(MediaDownloads.mediaId("https://example.org/a.jpg")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void executable_isRefused_andTheJobIsListedAsFailed(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            AttachmentJdbc files = new AttachmentJdbc(db.dataSource());
            byte[] exe = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0};
            MediaDownloads d = new MediaDownloads(files, (ch, acct, id, max) ->
                    new CgiBinApi.Media(exe, "image/jpeg", Optional.empty()), CLOCK);
            try (java.sql.Connection c = db.dataSource().getConnection()) {
                OutboxJdbc.enqueue(c, job("202612070001", "EXE_1"), CLOCK.instant());
            }
            OutboxSender sender = new OutboxSender(db.dataSource(), CLOCK, Map.of(MediaDownloads.CHANNEL, d),
                    OutboxSender.Settings.defaults());
            assertThat(sender.runOnce()).isEqualTo(1);
            assertThat(files.of("202612070001")).isEmpty();
            assertThat(MediaDownloads.open(db.dataSource(), "202612070001")).singleElement().satisfies(j -> {
                assertThat(j.state()).isEqualTo("FAILED");
                assertThat(j.ref()).isEqualTo("image:EXE_1");
                assertThat(j.error()).hasValueSatisfying(e -> assertThat(e).contains("不支持的文件类型"));
            });
            assertThat(MediaDownloads.open(db.dataSource(), "202612070002")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void jobRunAgain_afterALostLease_storesTheFileOnce(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            AttachmentJdbc files = new AttachmentJdbc(db.dataSource());
            AtomicInteger calls = new AtomicInteger();
            MediaDownloads d = new MediaDownloads(files, (ch, acct, id, max) -> {
                calls.incrementAndGet();
                return new CgiBinApi.Media(JPEG, "", Optional.empty());
            }, CLOCK);
            assertThat(d.send(job("202612070001", "M1"))).isInstanceOf(SendOutcome.Sent.class);
            assertThat(d.send(job("202612070001", "M1"))).isInstanceOf(SendOutcome.Sent.class);
            assertThat(calls.get()).isEqualTo(1);
            assertThat(files.of("202612070001")).singleElement().satisfies(m -> {
                assertThat(m.contentType()).isEqualTo("image/jpeg");
                assertThat(m.name()).isEqualTo("图片-M1.jpeg");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void platformErrors_becomeRetryOrPermanentFailure(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            AttachmentJdbc files = new AttachmentJdbc(db.dataSource());
            Instant later = CLOCK.instant().plusSeconds(5);
            assertThat(new MediaDownloads(files, (ch, a, id, max) -> new CgiBinApi.Retry(later, "busy"), CLOCK)
                    .send(job("1", "A"))).isEqualTo(new SendOutcome.RetryLater(later, "busy"));
            assertThat(new MediaDownloads(files, (ch, a, id, max) -> new CgiBinApi.Fail(40007, "invalid media_id",
                    "/cgi-bin/media/get"), CLOCK).send(job("1", "A")))
                    .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errmsg()).contains("过期"));
            assertThat(new MediaDownloads(files, (ch, a, id, max) -> new CgiBinApi.Fail(CgiBinApi.TOO_LARGE, "big",
                    "/cgi-bin/media/get"), CLOCK).send(job("1", "A")))
                    .isInstanceOfSatisfying(SendOutcome.Rejected.class, r -> assertThat(r.errmsg()).contains("超过 5 MB"));
            assertThat(files.of("1")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void retriesExhausted_areWrittenOnTheTimelineAsRetryingThenGivenUp(TestDatabases.Engine engine) throws Exception {
        try (Database db = TestDatabases.openDb(engine)) {
            io.shaozi.core.testing.MutableClock clock = io.shaozi.core.testing.MutableClock.at("2026-12-07T02:00:00Z");
            AttachmentJdbc files = new AttachmentJdbc(db.dataSource());
            java.util.List<String> timeline = new java.util.ArrayList<>();
            OutboxSender.Settings settings = new OutboxSender.Settings(10, java.time.Duration.ofSeconds(30), 3,
                    java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(1), java.time.Duration.ofMillis(250));
            MediaDownloads d = new MediaDownloads(files, (ch, a, id, max) -> new CgiBinApi.Retry(clock.instant(),
                    "media/get errcode=-1 system error"), clock, settings.maxAttempts(),
                    (ticket, f) -> timeline.add(ticket + " " + f.ref() + " " + f.retrying() + " " + f.reason()));
            try (java.sql.Connection c = db.dataSource().getConnection()) {
                OutboxJdbc.enqueue(c, job("202612070001", "BUSY_1"), clock.instant());
            }
            OutboxSender sender = new OutboxSender(db.dataSource(), clock, Map.of(MediaDownloads.CHANNEL, d), settings);
            for (int i = 0; i < 3; i++) {
                assertThat(sender.runOnce()).as("attempt " + (i + 1)).isEqualTo(1);
                if (i == 0) {
                    // the first failure is on the timeline at once, as retried
                    assertThat(timeline).containsExactly("202612070001 image:BUSY_1 true 平台接口暂时出错"
                            + "（media/get errcode=-1 system error）");
                }
                clock.advance(java.time.Duration.ofMinutes(2));
            }
            assertThat(sender.runOnce()).isZero();
            assertThat(MediaDownloads.open(db.dataSource(), "202612070001")).singleElement()
                    .satisfies(j -> assertThat(j.state()).isEqualTo("FAILED"));
            // the second attempt writes nothing; the last one says it was given up
            assertThat(timeline).hasSize(2);
            assertThat(timeline.get(1)).isEqualTo("202612070001 image:BUSY_1 false 重试 3 次仍未成功"
                    + "（media/get errcode=-1 system error）");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void refusedType_isWrittenOnTheTimelineAsGivenUp(TestDatabases.Engine engine) {
        try (Database db = TestDatabases.openDb(engine)) {
            java.util.List<String> timeline = new java.util.ArrayList<>();
            byte[] html = "<html><script>x</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MediaDownloads d = new MediaDownloads(new AttachmentJdbc(db.dataSource()), (ch, a, id, max) ->
                    new CgiBinApi.Media(html, "text/html", Optional.empty()), CLOCK, 12,
                    (ticket, f) -> timeline.add(f.ref() + " " + f.retrying() + " " + f.reason()));
            assertThat(d.send(job("202612070001", "HTML_1"))).isInstanceOf(SendOutcome.Rejected.class);
            assertThat(timeline).containsExactly("image:HTML_1 false 不支持的文件类型（text/html）");
        }
    }
}
