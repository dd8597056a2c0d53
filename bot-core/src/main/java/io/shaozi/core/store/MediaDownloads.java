package io.shaozi.core.store;

import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.CgiBinApi;
import io.shaozi.core.http.Uploads;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.TicketEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Photos and voice that residents send through WeChat or WeCom arrive as a {@code media_id} that the platform keeps
 * for 3 days. When such a reference ({@code image:<mediaId>}, {@code voice:<mediaId>}) is recorded on a ticket, a
 * download job is queued in the outbox, in the same transaction, as a row of channel {@link #CHANNEL} (account
 * {@code <channel>:<account>}, recipient the media id, dedupe key {@code md:<ticket>:<mediaId>}), so it is retried
 * with the outbox's backoff, survives restarts and is claimed by one instance at a time ({@code SKIP LOCKED} and a
 * lease). This sender downloads the file through the platform's media API (at most {@link Uploads#MAX_BYTES}),
 * sniffs its type from the bytes (images and audio only; executables and anything else are refused) and stores it in
 * {@code attachment} on the ticket. A permanent error (expired media id, too large, refused type) or exhausted
 * retries leave the row FAILED, which the ticket's attachment list shows as 下载失败.
 *
 * <p>Failures are also written on the ticket's timeline ({@link Action.MediaFailed}, 附件下载失败): the first failed
 * attempt that will be retried ("将自动重试") and the end, when the download is given up (a permanent error or the
 * outbox's last attempt, "已放弃"). A given-up event is written once per file, even when the job runs again after a
 * lost lease.
 */
public final class MediaDownloads implements ChannelSender {
    /** The outbox channel of media download jobs. */
    public static final Channel CHANNEL = Channel.of("media");
    /** Dedupe key prefix of a download job: {@code md:<ticket>:<mediaId>}. */
    public static final String KEY_PREFIX = "md:";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MediaDownloads.class);

    /** Downloads one file from a platform: the source channel id, its account, the media id, the size cap. */
    @FunctionalInterface
    public interface Fetcher {
        CgiBinApi.Download fetch(String channel, String account, String mediaId, int maxBytes);
    }

    /** Writes a failed download on the ticket's timeline (the system's {@link Action.MediaFailed}). */
    @FunctionalInterface
    public interface Timeline {
        void failed(String ticket, Action.MediaFailed failure);

        Timeline NONE = (ticket, failure) -> { };
    }

    /** A job as the attachment list shows it. */
    public record Job(String ref, String state, Optional<String> error) {
    }

    private final AttachmentJdbc files;
    private final Fetcher fetcher;
    private final Clock clock;
    private final int maxAttempts;
    private final Timeline timeline;

    public MediaDownloads(AttachmentJdbc files, Fetcher fetcher, Clock clock) {
        this(files, fetcher, clock, Integer.MAX_VALUE, Timeline.NONE);
    }

    /**
     * @param maxAttempts the outbox's {@link OutboxSender.Settings#maxAttempts()}: a retryable failure on that attempt
     *                    is the last one
     * @param timeline    where failures are written on the ticket
     */
    public MediaDownloads(AttachmentJdbc files, Fetcher fetcher, Clock clock, int maxAttempts, Timeline timeline) {
        this.files = files;
        this.fetcher = fetcher;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.timeline = timeline;
    }

    /** Channels whose media ids can be downloaded. */
    static boolean downloadable(String channel) {
        return channel.equals("wechat") || channel.equals("wecom");
    }

    /** The download jobs for the platform media an event refers to (none for staff, the chat page or links). */
    static List<OutboxMessage> jobs(TicketEvent e) {
        List<OutboxMessage> out = new ArrayList<>();
        String[] actor = e.actor().id().split(":", 3);
        if (actor.length < 3 || !downloadable(actor[0])) {
            return out;
        }
        for (String ref : e.attachments()) {
            Optional<String> id = mediaId(ref);
            if (id.isPresent()) {
                out.add(new OutboxMessage(CHANNEL, actor[0] + ":" + actor[1], id.get(),
                        new Outbound.Text(e.ticket() + "\n" + ref), Optional.of(KEY_PREFIX + e.ticket() + ":" + id.get())));
            }
        }
        return out;
    }

    /** The media id of {@code image:<id>} / {@code voice:<id>}; empty for files already stored ({@code att-}). */
    static Optional<String> mediaId(String ref) {
        for (String p : List.of("image:", "voice:")) {
            if (ref.startsWith(p)) {
                String id = ref.substring(p.length()).strip();
                return id.isEmpty() || id.startsWith("att-") || id.length() > 180 || !id.matches("[A-Za-z0-9_@.\\-]+")
                        ? Optional.empty() : Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The jobs of a ticket's media not (yet) stored: waiting or retrying ({@code PENDING}, {@code SENDING}) or {@code FAILED}. */
    public static List<Job> open(DataSource ds, String ticket) {
        List<Job> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT payload, state, last_error FROM outbox WHERE channel = ?"
                     + " AND dedupe_key LIKE ? AND state <> 'DONE' ORDER BY id")) {
            ps.setString(1, CHANNEL.id());
            ps.setString(2, KEY_PREFIX + ticket + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Outbound p = OutboxJdbc.payload("text", rs.getString(1));
                    String text = p instanceof Outbound.Text t ? t.text() : "";
                    out.add(new Job(text.substring(text.indexOf('\n') + 1), rs.getString(2),
                            Optional.ofNullable(rs.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    /** Writes a failure on the timeline; a timeline that cannot be written does not decide the job's outcome. */
    private void failed(String ticket, String ref, String reason, boolean retrying) {
        String why = reason.length() > 200 ? reason.substring(0, 200) + "…" : reason;
        try {
            timeline.failed(ticket, new Action.MediaFailed(ref, why, retrying));
        } catch (RuntimeException e) {
            LOG.warn("media download of {} on {}: failure not written on the timeline ({})", ref, ticket, e.toString());
        }
    }

    /** One job, its attempt unknown (nothing is written on the timeline for a retryable failure). */
    @Override
    public SendOutcome send(OutboxMessage m) {
        return send(m, 0);
    }

    /** One job on its {@code attempt}-th try: the first retryable failure and the last are written on the timeline. */
    @Override
    public SendOutcome send(OutboxMessage m, int attempt) {
        String text = m.payload() instanceof Outbound.Text t ? t.text() : "";
        int nl = text.indexOf('\n');
        String[] source = m.account().split(":", 2);
        if (nl <= 0 || source.length < 2) {
            return new SendOutcome.Rejected("job", "unreadable media job");
        }
        String ticket = text.substring(0, nl);
        String ref = text.substring(nl + 1);
        String mediaId = m.recipient();
        String name = (ref.startsWith("voice:") ? "语音-" : "图片-") + mediaId;
        if (name.length() > 180) {
            name = name.substring(0, 180);
        }
        if (files.named(ticket, name).isPresent()) {
            return new SendOutcome.Sent(Optional.empty(), List.of()); // stored by an earlier attempt
        }
        CgiBinApi.Download d = fetcher.fetch(source[0], source[1], mediaId, Uploads.MAX_BYTES);
        if (d instanceof CgiBinApi.Retry r) {
            if (attempt >= maxAttempts) {
                failed(ticket, ref, "重试 " + attempt + " 次仍未成功（" + r.reason() + "）", false);
            } else if (attempt == 1) {
                failed(ticket, ref, "平台接口暂时出错（" + r.reason() + "）", true);
            }
            return new SendOutcome.RetryLater(r.notBefore(), r.reason());
        }
        if (d instanceof CgiBinApi.Fail f) {
            String why = f.errcode() == CgiBinApi.TOO_LARGE ? "文件超过 " + (Uploads.MAX_BYTES / 1024 / 1024) + " MB"
                    : f.errcode() == 40007 ? "媒体文件已过期或无效（40007）" : f.errmsg();
            failed(ticket, ref, why, false);
            return new SendOutcome.Rejected(Integer.toString(f.errcode()), why);
        }
        CgiBinApi.Media media = (CgiBinApi.Media) d;
        Optional<String> type = Uploads.sniff(media.content())
                .filter(t -> t.startsWith("image/") || t.startsWith("audio/"));
        if (type.isEmpty()) {
            String why = "不支持的文件类型（" + media.contentType().toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9/.+-]", "") + "）";
            failed(ticket, ref, why, false);
            return new SendOutcome.Rejected("type", why);
        }
        String ext = type.get().substring(type.get().indexOf('/') + 1);
        files.put(Optional.of(ticket), type.get(), name + "." + ext, media.content(), "居民（" + (source[0].equals("wecom") ? "企业微信" : "微信") + "）",
                clock.instant());
        return new SendOutcome.Sent(Optional.empty(), List.of());
    }
}
