package io.shaozi.adapters.feishu;

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
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Feishu / Lark apps at {@code POST /feishu/{app}}: no passive reply — a verified event is recorded, then
 * acknowledged with {@code {}}, and the bot's replies go to the chat (or the operator) named by the event. The
 * recipient is {@code <receive_id_type>:<id>} ({@code chat_id:oc_…}, {@code open_id:ou_…}, {@code user_id:…},
 * {@code union_id:…}, {@code email:…}) or a bare id (type inferred, see {@link #bareType}).
 */
public final class FeishuChannel implements ChatChannel {
    /** The send API per app: 50 a second (docs/platform-notes.md section 5.7). */
    static final RateLimit APP_SEND = RateLimit.bucket("appSend", 50, Duration.ofSeconds(1), RateLimit.Scope.ACCOUNT);
    /** Per target user or group: 5 a second (docs/platform-notes.md section 5.7). */
    /**
     * The send API per app: 1,000 a minute, as a bucket of 16 a second (16 + 60 × 16 = 976 in any minute; a
     * 1,000-token bucket would allow twice that within one minute).
     */
    static final RateLimit APP_MINUTE = RateLimit.bucket("appMinute", 16, Duration.ofSeconds(1),
            RateLimit.Scope.ACCOUNT);
    static final RateLimit PER_CHAT = RateLimit.bucket("perChat", 5, Duration.ofSeconds(1), RateLimit.Scope.RECIPIENT);
    private static final String RECIPIENT_FORMS = "feishu recipient must be <chat_id|open_id|user_id|union_id|email>:<id>";

    /** {@code channels.feishu}. */
    /**
     * {@code webLogin}: the read page of a batched campaign message identifies the reader through Feishu's web login
     * (the read page's URL must be a redirect URL of the app, "安全设置"); default false. {@code webLoginBase}: where the
     * authorize page is ({@code https://accounts.feishu.cn}).
     */
    public record Settings(int timestampWindowSeconds, String apiBase, List<FeishuApp> apps, boolean webLogin,
                           String webLoginBase) {
        public Settings(int timestampWindowSeconds, String apiBase, List<FeishuApp> apps) {
            this(timestampWindowSeconds, apiBase, apps, false, "https://accounts.feishu.cn");
        }

        static Settings read(ConfigSection n) {
            Settings f = new Settings(n.int32("timestampWindowSeconds", 3600, 10, 86_400),
                    n.url("apiBase", "https://open.feishu.cn"),
                    n.list("apps", a -> {
                        try {
                            return new FeishuApp(a.required("id"), a.required("appId"), a.required("appSecret"),
                                    a.required("verificationToken"), a.optional("encryptKey"));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }), n.bool("webLogin", false), n.url("webLoginBase", "https://accounts.feishu.cn"));
            n.uniqueIds("apps", f.apps().stream().map(FeishuApp::id).toList());
            return f;
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(Channel.FEISHU,
            EnumSet.of(Capability.PUSH, Capability.CARD, Capability.MARKDOWN, Capability.GROUP, Capability.URGENT),
            List.of(APP_SEND, APP_MINUTE, PER_CHAT), new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return Optional.of(user);
                }

                @Override
                public Optional<String> problem(String recipient) {
                    int colon = recipient.indexOf(':');
                    if (colon >= 0 && type(recipient.substring(0, colon)).isEmpty()) {
                        return Optional.of(RECIPIENT_FORMS);
                    }
                    return Fields.idProblem("recipient", recipient.substring(colon + 1), 256);
                }
            }, Settings::read, FeishuChannel::new);

    private final Map<String, FeishuProtocol> protocols = new LinkedHashMap<>();
    private final Map<String, FeishuApp> apps = new LinkedHashMap<>();
    private final FeishuClient client;

    private final Settings settings;

    public FeishuChannel(Settings s, ChannelContext ctx) {
        this.settings = s;
        for (FeishuApp a : s.apps()) {
            apps.put(a.id(), a);
            protocols.put(a.id(), new FeishuProtocol(a, ctx.clock(), Duration.ofSeconds(s.timestampWindowSeconds()),
                    ctx.replays()));
        }
        this.client = new FeishuClient(URI.create(s.apiBase()), ctx.tokens(), ctx.http(), ctx.clock());
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.post("/feishu/{account}", this::receive));
    }

    private Reception receive(HttpCall call) {
        FeishuProtocol p = protocols.get(call.account());
        if (p == null) {
            return Reception.Refused.noSuch("app", call.account());
        }
        EventOutcome o = p.handle(call.headers(), call.body());
        if (o instanceof EventOutcome.Challenge c) {
            return Reception.Answer.of(200, Reception.Answer.JSON, c.jsonBody());
        }
        if (o instanceof EventOutcome.Rejected r) {
            return r.refused();
        }
        Reception.Answer ack = Reception.Answer.of(200, Reception.Answer.JSON, "{}");
        if (o instanceof EventOutcome.Event e) {
            return new Reception.Message(e.inbound(), new Reception.Acknowledge(ack,
                    e.replyTo().map(to -> to.type().wire() + ":" + to.receiveId())));
        }
        return ack; // an event the bot does not handle
    }

    /** The dedupe key, hashed, is Feishu's idempotency uuid: a retry after an unknown outcome does not post twice. */
    @Override
    public SendOutcome send(Delivery d) {
        FeishuApp app = apps.get(d.account());
        if (app == null) {
            return new SendOutcome.Rejected("config", "no feishu app " + d.account());
        }
        int colon = d.recipient().indexOf(':');
        Optional<ReceiveIdType> type = colon < 0 ? Optional.of(bareType(d.recipient()))
                : type(d.recipient().substring(0, colon));
        if (type.isEmpty()) {
            return new SendOutcome.Rejected("config", RECIPIENT_FORMS);
        }
        return client.send(app, type.get(), d.recipient().substring(colon + 1), d.payload(),
                d.dedupeKey().map(FeishuChannel::uuid));
    }

    /**
     * 加急 of an earlier message ({@code messageId}) for the user {@code recipient} ({@code open_id:<ou_…>} or a bare
     * open_id) through {@link FeishuClient#urgentApp}; empty for other recipient forms (chats have no urgent notice).
     */
    public Optional<SendOutcome> urgent(String account, String recipient, String messageId) {
        FeishuApp app = apps.get(account);
        String id = recipient.startsWith("open_id:") ? recipient.substring("open_id:".length())
                : !recipient.contains(":") && bareType(recipient) == ReceiveIdType.OPEN_ID ? recipient : "";
        if (app == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(client.urgentApp(app, messageId, List.of(id)));
    }

    private static Optional<ReceiveIdType> type(String prefix) {
        try {
            return Optional.of(ReceiveIdType.valueOf(prefix.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The id type of a bare Feishu id (the handoff console writes the resident's open_id as is): {@code oc_} chat,
     * {@code on_} union id, an address with {@code @} e-mail, anything else an open_id.
     */
    static ReceiveIdType bareType(String id) {
        if (id.startsWith("oc_")) {
            return ReceiveIdType.CHAT_ID;
        }
        if (id.startsWith("on_")) {
            return ReceiveIdType.UNION_ID;
        }
        return id.contains("@") ? ReceiveIdType.EMAIL : ReceiveIdType.OPEN_ID;
    }

    /** 32 hex characters of SHA-256: a stable Feishu uuid (≤ 50 characters) for any dedupe key. */
    static String uuid(String dedupeKey) {
        return Fields.sha256Hex(dedupeKey).substring(0, 32);
    }

    /**
     * Feishu's {@code batch_send} for apps ({@link FeishuClient#batchSend}): members are users by open_id (a bare
     * {@code ou_…} or {@code open_id:}), {@code user_id:} or union id; ids Feishu calls invalid fail with
     * {@code feishu_invalid_id}.
     */
    @Override
    public Optional<io.shaozi.adapters.channel.BatchSending> batching() {
        return Optional.of(new io.shaozi.adapters.channel.BatchSending() {
            @Override
            public int maxMembers(String account) {
                return apps.containsKey(account) ? FeishuClient.MAX_BATCH : 0;
            }

            @Override
            public boolean isMember(String address) {
                return member(address).isPresent();
            }

            @Override
            public Result send(String account, List<String> members, Outbound payload, Optional<String> dedupeKey) {
                FeishuApp app = apps.get(account);
                if (app == null) {
                    return Result.of(new SendOutcome.Rejected("config", "no feishu app " + account));
                }
                Map<ReceiveIdType, List<String>> ids = new java.util.EnumMap<>(ReceiveIdType.class);
                Map<String, String> byWire = new LinkedHashMap<>();
                for (String m : members) {
                    Optional<Map.Entry<ReceiveIdType, String>> id = member(m);
                    if (id.isEmpty()) {
                        return Result.of(new SendOutcome.Rejected("config", "not one feishu user: " + m));
                    }
                    ids.computeIfAbsent(id.get().getKey(), k -> new java.util.ArrayList<>()).add(id.get().getValue());
                    byWire.put(id.get().getKey().wire() + ":" + id.get().getValue(), m);
                }
                SendOutcome o = client.batchSend(app, ids, payload);
                Map<String, String> failed = new LinkedHashMap<>();
                if (o instanceof SendOutcome.Sent sent) {
                    sent.notReached().forEach(x -> {
                        String member = byWire.get(x);
                        if (member != null) {
                            failed.put(member, "feishu_invalid_id");
                        }
                    });
                }
                return new Result(o, failed);
            }
        });
    }

    /** The id type and id of an address of one user; empty for chats, e-mail addresses and other forms. */
    static Optional<Map.Entry<ReceiveIdType, String>> member(String address) {
        int colon = address.indexOf(':');
        ReceiveIdType t = colon < 0 ? bareType(address) : type(address.substring(0, colon)).orElse(ReceiveIdType.EMAIL);
        String id = address.substring(colon + 1);
        if (id.isBlank() || !(t == ReceiveIdType.OPEN_ID || t == ReceiveIdType.USER_ID || t == ReceiveIdType.UNION_ID)) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(t, id));
    }

    /**
     * Feishu's web login when {@code webLogin} is set: the authorize page
     * ({@code /open-apis/authen/v1/authorize}, "获取授权码",
     * https://open.feishu.cn/document/common-capabilities/sso/api/obtain-oauth-code) and the code's open_id
     * ({@link FeishuClient#oauthOpenId}).
     */
    @Override
    public Optional<io.shaozi.adapters.channel.WebLogin> webLogin() {
        if (!settings.webLogin()) {
            return Optional.empty();
        }
        return Optional.of(new io.shaozi.adapters.channel.WebLogin() {
            @Override
            public Optional<URI> authorize(String account, String redirectUri, String state) {
                FeishuApp app = apps.get(account);
                if (app == null) {
                    return Optional.empty();
                }
                return Optional.of(io.shaozi.adapters.channel.WebLogin.authorizeUri(settings.webLoginBase(),
                        "/open-apis/authen/v1/authorize", "", "client_id", app.appId(), "redirect_uri", redirectUri,
                        "state", state));
            }

            @Override
            public Optional<String> user(String account, String code, String redirectUri) {
                FeishuApp app = apps.get(account);
                return app == null || code.isBlank() ? Optional.empty() : client.oauthOpenId(app, code, redirectUri);
            }
        });
    }
}
