package io.shaozi.adapters.tencent;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps the fields of a decrypted WeChat / WeCom message (XML or JSON, already flattened to strings) into
 * {@link Inbound}. Dedupe ids (docs/platform-notes.md section 2.5, section 7): {@code MsgId} for messages; for events
 * {@code FromUserName:CreateTime:event:EventKey}; both behind {@code idPrefix} (WeCom: "&lt;AgentID&gt;:").
 */
public final class WxInbound {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]{1,16}(\\.[0-9]{0,15})?");
    private static final Pattern SMALL_INT = Pattern.compile("[0-9]{1,9}");
    private WxInbound() {
    }

    /** Mapping outcome. */
    public sealed interface Mapped permits Ok, Malformed {
    }

    /** A mapped message; {@code event} is true for {@code MsgType=event}. */
    public record Ok(Inbound inbound, boolean event) implements Mapped {
        public Ok {
            Objects.requireNonNull(inbound, "inbound");
        }
    }

    /** Required fields missing or unreadable. */
    public record Malformed(String reason) implements Mapped {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param eventTypes lower-case event names that become {@link Inbound.Event}; {@code location} always
     *                   becomes {@link Inbound.Location}; others become {@link Inbound.Unknown}
     */
    public static Mapped map(Channel channel, String account, Map<String, String> f, String idPrefix,
                             Set<String> eventTypes) {
        Mapped m = mapFields(channel, account, f, idPrefix, eventTypes);
        return m instanceof Ok ok ? new Ok(Fields.clean(ok.inbound()), ok.event()) : m;
    }

    /**
     * The event WeChat sends when a 服务号 mass send has finished ("事件推送群发结果",
     * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html):
     * {@code MsgID}, {@code Status}, {@code TotalCount}, {@code FilterCount}, {@code SentCount}, {@code ErrorCount}.
     */
    public static final String MASS_SEND_JOB_FINISH = "masssendjobfinish";

    /** The longest platform MsgId accepted (WeChat and WeCom send 64-bit numbers). */
    static final int MAX_MSG_ID = 64;

    private static Mapped mapFields(Channel channel, String account, Map<String, String> f, String idPrefix,
                                    Set<String> eventTypes) {
        Optional<String> badId = Fields.optionalIdProblem("FromUserName", nonEmpty(f.get("FromUserName")),
                Fields.MAX_USER).or(() -> Fields.optionalIdProblem("MsgId", nonEmpty(f.get("MsgId")), MAX_MSG_ID));
        if (badId.isPresent()) {
            return new Malformed(badId.get());
        }
        String user = f.getOrDefault("FromUserName", "").trim();
        String msgType = f.getOrDefault("MsgType", "").trim().toLowerCase(Locale.ROOT);
        String createTime = f.getOrDefault("CreateTime", "").trim();
        if (user.isEmpty()) {
            return new Malformed("missing FromUserName");
        }
        if (msgType.isEmpty()) {
            return new Malformed("missing MsgType");
        }
        Optional<Instant> sentAt = epochSeconds(createTime);
        if (sentAt.isEmpty()) {
            return new Malformed("missing or invalid CreateTime");
        }
        if (msgType.equals("event")) {
            return event(channel, account, f, idPrefix, eventTypes, user, createTime, sentAt.get());
        }
        String msgId = f.getOrDefault("MsgId", "").trim();
        String id = Fields.fit(idPrefix + (msgId.isEmpty() ? user + ":" + createTime + ":" + msgType : msgId),
                Fields.MAX_MESSAGE_ID);
        Origin o = new Origin(channel, account, user, id, sentAt.get());
        switch (msgType) {
            case "text":
                return new Ok(new Inbound.Text(o, f.getOrDefault("Content", "")), false);
            case "image":
                return new Ok(new Inbound.Image(o, f.getOrDefault("MediaId", ""), nonEmpty(f.get("PicUrl"))), false);
            case "voice":
                return new Ok(new Inbound.Voice(o, f.getOrDefault("MediaId", ""), nonEmpty(f.get("Recognition"))), false);
            case "location": {
                Optional<double[]> ll = latLon(f.get("Location_X"), f.get("Location_Y"));
                if (ll.isEmpty()) {
                    return new Malformed("invalid Location_X/Location_Y");
                }
                int scale = smallInt(f.get("Scale"));
                return new Ok(new Inbound.Location(o, ll.get()[0], ll.get()[1], scale, f.getOrDefault("Label", "")), false);
            }
            case "link":
                return new Ok(new Inbound.Link(o, f.getOrDefault("Title", ""), f.getOrDefault("Description", ""),
                        f.getOrDefault("Url", "")), false);
            default:
                return new Ok(new Inbound.Unknown(o, msgType), false);
        }
    }

    private static Mapped event(Channel channel, String account, Map<String, String> f, String idPrefix,
                                Set<String> eventTypes, String user, String createTime, Instant sentAt) {
        String rawEvent = f.getOrDefault("Event", "").trim();
        String ev = rawEvent.toLowerCase(Locale.ROOT);
        String eventKey = f.getOrDefault("EventKey", "");
        if (ev.equals(MASS_SEND_JOB_FINISH)) {
            // the result of a 服务号 mass send: its MsgID and counts, as the event's key
            // (msgId=…;status=…;total=…;filter=…;sent=…;error=…); the MsgID also makes the delivery's id
            eventKey = "msgId=" + f.getOrDefault("MsgID", "").trim() + ";status=" + f.getOrDefault("Status", "").trim()
                    + ";total=" + f.getOrDefault("TotalCount", "").trim() + ";filter="
                    + f.getOrDefault("FilterCount", "").trim() + ";sent=" + f.getOrDefault("SentCount", "").trim()
                    + ";error=" + f.getOrDefault("ErrorCount", "").trim();
        }
        String id = Fields.fit(idPrefix + user + ":" + createTime + ":" + ev + ":" + eventKey, Fields.MAX_MESSAGE_ID);
        Origin o = new Origin(channel, account, user, id, sentAt);
        if (ev.equals("location")) {
            Optional<double[]> ll = latLon(f.get("Latitude"), f.get("Longitude"));
            if (ll.isEmpty()) {
                return new Malformed("invalid Latitude/Longitude");
            }
            return new Ok(new Inbound.Location(o, ll.get()[0], ll.get()[1], 0, ""), true);
        }
        if (!ev.isEmpty() && eventTypes.contains(ev)) {
            String key = eventKey.trim();
            if (ev.equals("subscribe") && key.startsWith("qrscene_")) {
                key = key.substring("qrscene_".length());
            }
            return new Ok(new Inbound.Event(o, ev, nonEmpty(key)), true);
        }
        return new Ok(new Inbound.Unknown(o, "event/" + (ev.isEmpty() ? "?" : ev)), true);
    }

    static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    static Optional<Instant> epochSeconds(String s) {
        OptionalLong t = Freshness.seconds(s);
        return t.isPresent() ? Optional.of(Instant.ofEpochSecond(t.getAsLong())) : Optional.empty();
    }

    static Optional<double[]> latLon(String lat, String lon) {
        Optional<Double> a = decimal(lat);
        Optional<Double> b = decimal(lon);
        if (a.isEmpty() || b.isEmpty() || Math.abs(a.get()) > 90 || Math.abs(b.get()) > 180) {
            return Optional.empty();
        }
        return Optional.of(new double[] {a.get(), b.get()});
    }

    /** Plain decimal numbers only (no NaN, Infinity, hex or exponent tricks). */
    static Optional<Double> decimal(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.trim();
        if (t.length() > 32 || !DECIMAL.matcher(t).matches()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(t));
    }

    static int smallInt(String s) {
        if (s == null) {
            return 0;
        }
        String t = s.trim();
        if (!SMALL_INT.matcher(t).matches()) {
            return 0;
        }
        return Integer.parseInt(t);
    }
}
