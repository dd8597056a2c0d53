package io.shaozi.adapters.wecom;

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
import io.shaozi.adapters.xml.SafeXml;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WeCom self-built apps at {@code GET|POST /wecom/{app}}: passive replies, app messages to members, departments
 * and tags; the recipient is a {@link Recipients#spec()} ({@code user:u1|u2;party:3;tag:7}).
 */
public final class WeComChannel implements ChatChannel {
    /**
     * Per app and member: 30 a minute (docs/platform-protocols.md section 3.6); WeCom drops the excess silently, so it
     * waits here instead. Counted per recipient spec.
     */
    static final RateLimit MEMBER = RateLimit.window("member", 30, Duration.ofMinutes(1), RateLimit.Scope.RECIPIENT);
    /** Per app and member, 1,000 an hour (excess is silently dropped by WeCom, as for {@link #MEMBER}). */
    static final RateLimit MEMBER_HOUR = RateLimit.window("memberHour", 1000, Duration.ofHours(1),
            RateLimit.Scope.RECIPIENT);
    /**
     * WeCom's API quota of 10,000 calls a minute per corp (https://developer.work.weixin.qq.com/document/path/90312,
     * 45009 when exceeded), as a bucket of 160 a second: its burst plus a minute's refill (160 + 60 × 160 = 9,760)
     * stays under 10,000 in any minute, where a 10,000-token bucket would allow twice that.
     */
    static final RateLimit CORP = RateLimit.bucket("corp", 160, Duration.ofSeconds(1), RateLimit.Scope.ACCOUNT);

    /** {@code channels.wecom}: as WeChat's, and the apps served at {@code /wecom/{id}}. */
    public record Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, List<WeComApp> apps) {
        static Settings read(ConfigSection n) {
            Settings w = new Settings(n.int32("timestampWindowSeconds", 300, 10, 86_400),
                    n.int32("replyBudgetMillis", 4000, 100, 4800),
                    n.url("apiBase", "https://qyapi.weixin.qq.com"),
                    n.list("apps", a -> {
                        try {
                            return new WeComApp(a.required("id"), a.required("corpId"), a.required("agentId"),
                                    a.required("token"), a.required("aesKey"), a.string("secret", ""));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }));
            n.uniqueIds("apps", w.apps().stream().map(WeComApp::id).toList());
            return w;
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(Channel.WECOM,
            EnumSet.of(Capability.PASSIVE_REPLY, Capability.PUSH, Capability.MASS_SEND, Capability.CARD,
                    Capability.MARKDOWN),
            List.of(MEMBER, MEMBER_HOUR, CORP), new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return Optional.of(Recipients.users(user).spec());
                }

                @Override
                public Optional<String> problem(String recipient) {
                    try {
                        Recipients.parse(recipient);
                        return Optional.empty();
                    } catch (IllegalArgumentException e) {
                        return Optional.of(e.getMessage());
                    }
                }
            }, Settings::read, WeComChannel::new);

    private final Map<String, WeComProtocol> protocols = new LinkedHashMap<>();
    private final Map<String, WeComClient> clients = new LinkedHashMap<>();
    private final Duration budget;

    public WeComChannel(Settings s, ChannelContext ctx) {
        this.budget = Duration.ofMillis(s.replyBudgetMillis());
        for (WeComApp a : s.apps()) {
            protocols.put(a.id(), new WeComProtocol(a, ctx.clock(), Duration.ofSeconds(s.timestampWindowSeconds()),
                    SafeXml.defaults(), ctx.replays()));
            if (!a.secret().isEmpty()) {
                clients.put(a.id(), new WeComClient(a, URI.create(s.apiBase()), ctx.tokens(), ctx.http(), ctx.clock()));
            }
        }
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.get("/wecom/{account}", this::verify), Endpoint.post("/wecom/{account}", this::receive));
    }

    private Reception verify(HttpCall call) {
        WeComProtocol p = protocols.get(call.account());
        return p == null ? Reception.Refused.noSuch("account", call.account()) : p.verifyUrl(call.query()).reception();
    }

    /** The first reply in the response within the budget; the rest as app messages to the member. */
    private Reception receive(HttpCall call) {
        WeComProtocol p = protocols.get(call.account());
        return p == null ? Reception.Refused.noSuch("account", call.account())
                : p.parse(call.query(), call.body()).reception((in, ctx) -> new Reception.Passive(budget,
                Optional.of(Recipients.users(in.origin().user()).spec()),
                Reception.PassiveReply.of(Reception.Answer.XML, reply -> p.render(ctx, reply), p.empty())));
    }

    /** Downloads temporary media received on {@code account}; a permanent failure when the account has no client. */
    public io.shaozi.adapters.tencent.CgiBinApi.Download media(String account, String mediaId, int maxBytes) {
        WeComClient c = clients.get(account);
        if (c == null) {
            return new io.shaozi.adapters.tencent.CgiBinApi.Fail(-4, "no outbound client for account " + account,
                    "media/get");
        }
        return c.media(mediaId, maxBytes);
    }

    @Override
    public SendOutcome send(Delivery d) {
        WeComClient c = clients.get(d.account());
        if (c == null) {
            return new SendOutcome.Rejected("config", "no outbound client for wecom app " + d.account()
                    + " (is secret configured?)");
        }
        return c.send(d.recipient(), d.payload());
    }
}
