package io.shaozi.adapters.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.channel.Addresses;
import io.shaozi.adapters.channel.Capability;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.ChannelType;
import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.ConfigSection;
import io.shaozi.adapters.channel.Delivery;
import io.shaozi.adapters.channel.Endpoint;
import io.shaozi.adapters.channel.HttpCall;
import io.shaozi.adapters.channel.Reception;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.JsonFields;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.common.OutboundJson;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic JSON webhook {@code POST /webhook/generic} ({@code {"user", "text", "msgId"}}, optionally signed with
 * {@code X-Shaozi-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}), answered with every reply in the response:
 * {@code {"replies": [...], "duplicate": bool}}. It has no push channel, except for its account {@value #CHAT_PAGE},
 * the host's /chat/ page, whose pushes are read from the outbox by the page.
 */
public final class GenericChannel implements ChatChannel {
    /** The account of the host's /chat/ page: its pushes are "sent" by being stored for the page to poll. */
    public static final String CHAT_PAGE = "chat";
    public static final int MAX_ID = 128;
    public static final int MAX_TEXT = 4000;

    /** @param secret HMAC-SHA256 key of {@code X-Shaozi-Signature}; empty: unsigned requests accepted */
    public record Settings(String secret) {
        static Settings read(ConfigSection s) {
            return new Settings(s.string("secret", ""));
        }

        public boolean signed() {
            return !secret.isEmpty();
        }

        @Override
        public String toString() {
            return "Generic[secret=****]";
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(Channel.GENERIC, Set.of(Capability.PUSH),
            List.of(), new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return CHAT_PAGE.equals(account) ? Optional.of(user) : Optional.empty();
                }

                @Override
                public Optional<String> problem(String recipient) {
                    return Fields.idProblem("recipient", recipient, MAX_ID);
                }
            }, Settings::read, GenericChannel::new);

    private final Settings settings;
    private final Clock clock;

    public GenericChannel(Settings settings, ChannelContext context) {
        this.settings = settings;
        this.clock = context.clock();
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.post("/webhook/generic", this::receive));
    }

    Reception receive(HttpCall call) {
        if (settings.signed()) {
            String given = call.header("X-Shaozi-Signature").orElse("");
            if (given.isEmpty()) {
                return new Reception.Refused(401, "missing X-Shaozi-Signature");
            }
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    ("sha256=" + hmacHex(settings.secret(), call.body())).getBytes(StandardCharsets.UTF_8))) {
                return new Reception.Refused(401, "bad X-Shaozi-Signature");
            }
        }
        try {
            JsonNode body = JsonFields.parse(call.body());
            if (!body.isObject()) {
                return new Reception.Refused(400, "body must be a JSON object with user, text and msgId");
            }
            String user = JsonFields.requiredId(body, "user", MAX_ID);
            String msgId = JsonFields.requiredId(body, "msgId", MAX_ID);
            Origin origin = new Origin(Channel.GENERIC, "generic", user, msgId, clock.instant());
            return new Reception.Message(new Inbound.Text(origin, text(body)),
                    new Reception.InResponse(Optional.empty(), GenericChannel::replies));
        } catch (JsonFields.BadInput e) {
            return new Reception.Refused(400, e.getMessage());
        }
    }

    /** The {@code text} field: a resident's text keeps its words, control characters dropped, cut to {@link #MAX_TEXT}. */
    public static String text(JsonNode body) {
        return Fields.text(JsonFields.requiredText(body, "text", Integer.MAX_VALUE), MAX_TEXT);
    }

    /** Every reply in the response: {@code {"replies": [...], "duplicate": bool}}. */
    public static Reception.Answer replies(List<Outbound> replies, boolean repeat) {
        ObjectNode n = JsonFields.MAPPER.createObjectNode();
        n.putArray("replies").addAll(OutboundJson.toJson(replies));
        n.put("duplicate", repeat);
        return new Reception.Answer(200, Reception.Answer.JSON, n.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SendOutcome send(Delivery d) {
        return CHAT_PAGE.equals(d.account()) ? SendOutcome.Sent.ok()
                : new SendOutcome.Rejected("config", "the generic webhook has no push channel");
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
