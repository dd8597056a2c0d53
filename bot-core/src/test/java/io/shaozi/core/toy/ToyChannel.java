package io.shaozi.core.toy;

import io.shaozi.adapters.channel.Addresses;
import io.shaozi.adapters.channel.Capability;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.ChannelType;
import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.ConfigSection;
import io.shaozi.adapters.channel.Delivery;
import io.shaozi.adapters.channel.Endpoint;
import io.shaozi.adapters.channel.HttpCall;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.channel.Reception;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.WxReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A toy platform that exists only in the tests, added exactly as docs/adding-a-channel.md says: this class and one
 * registration ({@code ChannelRegistry.builtIn().with(ToyChannel.TYPE)}). It speaks plain text: {@code POST
 * /toy/{account}} with header {@code X-Toy-User} and {@code X-Toy-Message-Id}, the body the message; the first
 * reply comes back as the response body, the rest is pushed (recorded in {@link #PUSHED}).
 */
public final class ToyChannel implements ChatChannel {
    public static final Channel TOY = Channel.of("toy");
    /** What the toy platform "received" through {@link #send}. */
    public static final List<Delivery> PUSHED = new CopyOnWriteArrayList<>();

    /** {@code channels.toy}: the shared secret every request must carry in {@code X-Toy-Token}. */
    public record Settings(String token) {
        static Settings read(ConfigSection s) {
            return new Settings(s.string("token", ""));
        }

        @Override
        public String toString() {
            return "Toy[token=****]";
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(TOY,
            EnumSet.of(Capability.PASSIVE_REPLY, Capability.PUSH),
            List.of(RateLimit.bucket("push", 10, Duration.ofSeconds(1), RateLimit.Scope.RECIPIENT)),
            new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return Optional.of("toy:" + user);
                }

                @Override
                public Optional<String> problem(String recipient) {
                    return recipient.startsWith("toy:") ? Optional.empty() : Optional.of("not toy:<user>");
                }
            }, Settings::read, ToyChannel::new);

    private final Settings settings;
    private final Clock clock;

    ToyChannel(Settings settings, ChannelContext context) {
        this.settings = settings;
        this.clock = context.clock();
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.post("/toy/{account}", this::receive));
    }

    private Reception receive(HttpCall call) {
        if (!settings.token().equals(call.header("X-Toy-Token").orElse(""))) {
            return new Reception.Refused(401, "bad X-Toy-Token");
        }
        Optional<String> user = call.header("X-Toy-User");
        Optional<String> id = call.header("X-Toy-Message-Id");
        if (user.isEmpty() || id.isEmpty()) {
            return new Reception.Refused(400, "X-Toy-User and X-Toy-Message-Id are required");
        }
        Origin origin = new Origin(TOY, call.account(), user.get(), id.get(), clock.instant());
        String text = new String(call.body(), StandardCharsets.UTF_8);
        return new Reception.Message(new Inbound.Text(origin, text), new Reception.Passive(Duration.ofSeconds(4),
                Optional.of("toy:" + user.get()), Reception.PassiveReply.of(Reception.Answer.TEXT,
                ToyChannel::render, "")));
    }

    private static String render(Outbound reply) {
        return WxReply.plainText(reply);
    }

    @Override
    public SendOutcome send(Delivery d) {
        PUSHED.add(d);
        return SendOutcome.Sent.ok();
    }
}
