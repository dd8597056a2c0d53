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
     * Per app and member: 30 a minute (docs/platform-notes.md section 3.6); WeCom drops the excess silently, so it
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
    /**
     * {@code webLogin}: the read page of a batched campaign message identifies the reader through WeCom's OAuth web
     * login ({@code snsapi_base}, https://developer.work.weixin.qq.com/document/path/91022) for every app with a
     * secret (the page's domain must be the app's trusted domain); default false. {@code webLoginBase}: where the
     * authorize page is ({@code https://open.weixin.qq.com}; tests point it at a fake).
     */
    public record Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, List<WeComApp> apps,
                           boolean webLogin, String webLoginBase) {
        public Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, List<WeComApp> apps) {
            this(timestampWindowSeconds, replyBudgetMillis, apiBase, apps, false, "https://open.weixin.qq.com");
        }

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
                    }), n.bool("webLogin", false), n.url("webLoginBase", "https://open.weixin.qq.com"));
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
    private final Settings settings;

    public WeComChannel(Settings s, ChannelContext ctx) {
        this.settings = s;
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

    /** Only an account with an outbound client (its secret configured) can send. */
    @Override
    public boolean canSend(String account, String recipient) {
        return clients.containsKey(account);
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

    /** WeCom's documented limit of members in one app message's {@code touser}. */
    public static final int MAX_MEMBERS = 1000;

    /**
     * One app message to up to {@value #MAX_MEMBERS} members ({@code touser=a|b|c}, "发送应用消息",
     * https://developer.work.weixin.qq.com/document/path/90236). WeCom sends to the valid members and lists the others
     * in {@code invaliduser} (lower-cased) and {@code unlicenseduser}: those members fail with {@code wecom_invaliduser}
     * / {@code wecom_unlicensed}. An answer where every member is invalid is errcode 81013 (the whole call fails).
     */
    @Override
    public Optional<io.shaozi.adapters.channel.BatchSending> batching() {
        return Optional.of(new io.shaozi.adapters.channel.BatchSending() {
            @Override
            public int maxMembers(String account) {
                return clients.containsKey(account) ? MAX_MEMBERS : 0;
            }

            @Override
            public boolean isMember(String address) {
                try {
                    Recipients r = Recipients.parse(address);
                    return r.users().size() == 1 && r.parties().isEmpty() && r.tags().isEmpty()
                            && !"@all".equals(r.users().get(0));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }

            @Override
            public Result send(String account, List<String> members, io.shaozi.adapters.common.Outbound payload,
                               Optional<String> dedupeKey) {
                WeComClient c = clients.get(account);
                if (c == null) {
                    return Result.of(new SendOutcome.Rejected("config", "no outbound client for wecom app " + account));
                }
                Map<String, String> byUser = new LinkedHashMap<>();
                try {
                    for (String m : members) {
                        Recipients r = Recipients.parse(m);
                        if (r.users().size() != 1 || !r.parties().isEmpty() || !r.tags().isEmpty()) {
                            throw new IllegalArgumentException("not one member: " + m);
                        }
                        byUser.put(r.users().get(0).toLowerCase(java.util.Locale.ROOT), m);
                    }
                    if (members.size() > MAX_MEMBERS) {
                        throw new IllegalArgumentException(members.size() + " members, at most " + MAX_MEMBERS);
                    }
                } catch (IllegalArgumentException e) {
                    return Result.of(new SendOutcome.Rejected("-2", "bad batch: " + e.getMessage()));
                }
                List<String> users = members.stream().map(m -> Recipients.parse(m).users().get(0)).toList();
                SendOutcome o = c.sendAppMessage(new Recipients(users, List.of(), List.of()), payload);
                Map<String, String> failed = new LinkedHashMap<>();
                if (o instanceof SendOutcome.Sent sent) {
                    for (String nr : sent.notReached()) {
                        int colon = nr.indexOf(':');
                        String kind = nr.substring(0, colon);
                        String member = byUser.get(nr.substring(colon + 1).toLowerCase(java.util.Locale.ROOT));
                        if (member != null) {
                            failed.put(member, "unlicensed".equals(kind) ? "wecom_unlicensed" : "wecom_invaliduser");
                        }
                    }
                }
                return new Result(o, failed);
            }
        });
    }

    /** WeCom's OAuth web login ({@code snsapi_base}) for apps with a secret, when {@code webLogin} is set. */
    @Override
    public Optional<io.shaozi.adapters.channel.WebLogin> webLogin() {
        if (!settings.webLogin()) {
            return Optional.empty();
        }
        return Optional.of(new io.shaozi.adapters.channel.WebLogin() {
            @Override
            public Optional<URI> authorize(String account, String redirectUri, String state) {
                WeComClient c = clients.get(account);
                if (c == null) {
                    return Optional.empty();
                }
                return Optional.of(io.shaozi.adapters.channel.WebLogin.authorizeUri(settings.webLoginBase(),
                        "/connect/oauth2/authorize", "#wechat_redirect", "appid", c.app().corpId(), "redirect_uri",
                        redirectUri, "response_type", "code", "scope", "snsapi_base", "state", state, "agentid",
                        c.app().agentId()));
            }

            @Override
            public Optional<String> user(String account, String code, String redirectUri) {
                WeComClient c = clients.get(account);
                return c == null || code.isBlank() ? Optional.empty() : c.oauthUser(code);
            }
        });
    }
}
