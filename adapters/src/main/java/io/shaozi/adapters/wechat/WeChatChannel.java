package io.shaozi.adapters.wechat;

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
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.xml.SafeXml;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WeChat Official Accounts at {@code GET|POST /wechat/{account}}: passive replies within WeChat's 5 s (the rest
 * as customer-service messages), template messages; the recipient is the user's OpenID.
 */
public final class WeChatChannel implements ChatChannel {
    /** Customer-service messages per account (docs/platform-notes.md section 2.6; WeChat publishes no number). */
    static final RateLimit CUSTOM_SEND = RateLimit.bucket("customSend", 50, Duration.ofSeconds(1),
            RateLimit.Scope.ACCOUNT);
    static final RateLimit TEMPLATE_SEND = RateLimit.bucket("templateSend", 20, Duration.ofSeconds(1),
            RateLimit.Scope.ACCOUNT);
    /** 服务号 mass sends (message/mass/send): 60 calls a minute per account. */
    static final RateLimit MASS_SEND = RateLimit.bucket("massSend", 60, Duration.ofMinutes(1),
            RateLimit.Scope.ACCOUNT);
    static final RateLimit SUBSCRIBE_SEND = RateLimit.bucket("subscribeSend", 20, Duration.ofSeconds(1),
            RateLimit.Scope.ACCOUNT);

    /**
     * {@code channels.wechat}.
     *
     * @param timestampWindowSeconds requests older than this are refused as replays
     * @param replyBudgetMillis      how long a passive reply may take before it goes out by the outbox
     * @param apiBase                WeChat API base URL
     * @param accounts               the Official Accounts, served at {@code /wechat/{id}}
     */
    /**
     * {@code webLogin}: the read page of a batched mass send identifies the reader through the web login
     * ({@code snsapi_base}; the read page's domain must be the account's 网页授权域名); default false.
     * {@code webLoginBase}: where the authorize page is ({@code https://open.weixin.qq.com}).
     */
    public record Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase,
                           List<WeChatAccount> accounts, boolean webLogin, String webLoginBase) {
        public Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase,
                        List<WeChatAccount> accounts) {
            this(timestampWindowSeconds, replyBudgetMillis, apiBase, accounts, false, "https://open.weixin.qq.com");
        }

        static Settings read(ConfigSection n) {
            Settings w = new Settings(n.int32("timestampWindowSeconds", 300, 10, 86_400),
                    n.int32("replyBudgetMillis", 4000, 100, 4800),
                    n.url("apiBase", "https://api.weixin.qq.com"),
                    n.list("accounts", a -> {
                        try {
                            return new WeChatAccount(a.required("id"), a.required("appId"), a.required("token"),
                                    a.string("aesKey", ""), Mode.fromConfig(a.oneOf("mode", "safe",
                                    List.of("plain", "compat", "safe"))), a.string("appSecret", ""));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }), n.bool("webLogin", false), n.url("webLoginBase", "https://open.weixin.qq.com"));
            n.uniqueIds("accounts", w.accounts().stream().map(WeChatAccount::id).toList());
            return w;
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(Channel.WECHAT,
            EnumSet.of(Capability.PASSIVE_REPLY, Capability.PUSH, Capability.TEMPLATE_MESSAGE),
            List.of(CUSTOM_SEND, TEMPLATE_SEND, SUBSCRIBE_SEND, MASS_SEND), new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return Optional.of(user);
                }

                @Override
                public Optional<String> problem(String recipient) {
                    return Fields.idProblem("OpenID", recipient, 128);
                }
            }, Settings::read, WeChatChannel::new);

    private final Map<String, WeChatProtocol> protocols = new LinkedHashMap<>();
    private final Map<String, WeChatClient> clients = new LinkedHashMap<>();
    private final Duration budget;

    private final Settings settings;

    public WeChatChannel(Settings s, ChannelContext ctx) {
        this.settings = s;
        this.budget = Duration.ofMillis(s.replyBudgetMillis());
        for (WeChatAccount a : s.accounts()) {
            protocols.put(a.id(), new WeChatProtocol(a, ctx.clock(), Duration.ofSeconds(s.timestampWindowSeconds()),
                    SafeXml.defaults(), ctx.replays()));
            if (!a.appSecret().isEmpty()) {
                clients.put(a.id(), new WeChatClient(a, URI.create(s.apiBase()), ctx.tokens(), ctx.http(), ctx.clock(),
                        WeChatClient.Options.defaults()));
            }
        }
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.get("/wechat/{account}", this::verify), Endpoint.post("/wechat/{account}", this::receive));
    }

    private Reception verify(HttpCall call) {
        WeChatProtocol p = protocols.get(call.account());
        return p == null ? Reception.Refused.noSuch("account", call.account()) : p.verifyUrl(call.query()).reception();
    }

    /** The first reply in the response within the budget; the rest as customer-service messages to the user. */
    private Reception receive(HttpCall call) {
        WeChatProtocol p = protocols.get(call.account());
        return p == null ? Reception.Refused.noSuch("account", call.account())
                : p.parse(call.query(), call.body()).reception((in, ctx) -> new Reception.Passive(budget,
                Optional.of(in.origin().user()),
                Reception.PassiveReply.of(Reception.Answer.XML, reply -> p.render(ctx, reply), p.empty())));
    }

    /** Downloads temporary media received on {@code account}; a permanent failure when the account has no client. */
    public io.shaozi.adapters.tencent.CgiBinApi.Download media(String account, String mediaId, int maxBytes) {
        WeChatClient c = clients.get(account);
        if (c == null) {
            return new io.shaozi.adapters.tencent.CgiBinApi.Fail(-4, "no outbound client for account " + account,
                    "media/get");
        }
        return c.media(mediaId, maxBytes);
    }

    /** Only an account with an outbound client (its secret configured) can send. */
    @Override
    public boolean canSend(String account, String recipient) {
        return clients.containsKey(account);
    }

    /** Templates as template messages, everything else as customer-service messages. */
    @Override
    public SendOutcome send(Delivery d) {
        WeChatClient c = clients.get(d.account());
        if (c == null) {
            return new SendOutcome.Rejected("config", "no outbound client for wechat account " + d.account()
                    + " (is appSecret configured?)");
        }
        return c.send(d.recipient(), d.payload());
    }

    @Override
    public List<String> limits(Delivery d) {
        return List.of(d.payload() instanceof Outbound.Template ? TEMPLATE_SEND.name()
                : d.payload() instanceof Outbound.Mass ? MASS_SEND.name() : CUSTOM_SEND.name());
    }

    /** Most OpenIDs in one {@code message/mass/send} (WeChat documents 2 to 10,000). */
    public static final int MAX_MASS = 10_000;

    /**
     * 服务号 mass send to an OpenID list ({@code message/mass/send}, "根据 OpenID 列表群发",
     * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html):
     * only campaign rows the policy sends as a mass send ({@link io.shaozi.adapters.common.Outbound.Mass}) are batched,
     * up to {@value #MAX_MASS} OpenIDs a call. The answer has a msg_id and no per-user list (WeChat filters users
     * over their 4 a month itself and reports only counts in the MASSSENDJOBFINISH event); 45009, 45011 and 45028 are
     * retried later, as for single mass sends.
     */
    @Override
    public Optional<io.shaozi.adapters.channel.BatchSending> batching() {
        return Optional.of(new io.shaozi.adapters.channel.BatchSending() {
            @Override
            public int maxMembers(String account) {
                return clients.containsKey(account) ? MAX_MASS : 0;
            }

            @Override
            public boolean isMember(String address) {
                return Fields.idProblem("OpenID", address, 128).isEmpty() && !address.contains(":");
            }

            @Override
            public Result send(String account, List<String> members, io.shaozi.adapters.common.Outbound payload,
                               Optional<String> dedupeKey) {
                WeChatClient c = clients.get(account);
                if (c == null) {
                    return Result.of(new SendOutcome.Rejected("config", "no outbound client for wechat account "
                            + account));
                }
                if (!(payload instanceof io.shaozi.adapters.common.Outbound.Mass m) || members.size() > MAX_MASS) {
                    return Result.of(new SendOutcome.Rejected("config", "wechat batches are mass sends of at most "
                            + MAX_MASS + " OpenIDs"));
                }
                return Result.of(c.sendMass(members, m));
            }
        });
    }

    /** The web login ({@code snsapi_base}) of accounts with a secret, when {@code webLogin} is set. */
    @Override
    public Optional<io.shaozi.adapters.channel.WebLogin> webLogin() {
        if (!settings.webLogin()) {
            return Optional.empty();
        }
        return Optional.of(new io.shaozi.adapters.channel.WebLogin() {
            @Override
            public Optional<URI> authorize(String account, String redirectUri, String state) {
                WeChatClient c = clients.get(account);
                if (c == null) {
                    return Optional.empty();
                }
                return Optional.of(io.shaozi.adapters.channel.WebLogin.authorizeUri(settings.webLoginBase(),
                        "/connect/oauth2/authorize", "#wechat_redirect", "appid", c.account().appId(), "redirect_uri",
                        redirectUri, "response_type", "code", "scope", "snsapi_base", "state", state));
            }

            @Override
            public Optional<String> user(String account, String code, String redirectUri) {
                WeChatClient c = clients.get(account);
                return c == null || code.isBlank() ? Optional.empty() : c.oauthOpenId(code);
            }
        });
    }
}
