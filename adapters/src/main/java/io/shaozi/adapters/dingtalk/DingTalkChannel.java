package io.shaozi.adapters.dingtalk;

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
import io.shaozi.adapters.common.Outbound;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DingTalk: robots at {@code POST /dingtalk/{robot}} (passive reply, later replies through the session webhook or
 * the robot OpenAPI), apps with event subscription at {@code POST /dingtalk/{app}/events} (acknowledged, replies as
 * work notices), and custom group robots (send only). Recipients: {@link DingTalkRecipient}.
 */
public final class DingTalkChannel implements ChatChannel {
    /**
     * A custom group robot: 20 messages in any minute; one more and DingTalk blocks it for 10 minutes
     * ({@code 130101}, docs/platform-notes.md section 4.4).
     */
    static final RateLimit GROUP_ROBOT = RateLimit.window("groupRobot", 20, Duration.ofMinutes(1),
            RateLimit.Scope.RECIPIENT);

    /**
     * A custom group robot (自定义机器人): its webhook URL (carries the access token: never logged) and the optional
     * "加签" secret ({@code SEC…}).
     */
    public record GroupWebhook(String id, URI url, Optional<String> secret) {
        static GroupWebhook read(ConfigSection a) {
            String id = a.required("id");
            String url = a.url("url", "");
            if (url.isEmpty()) {
                throw a.error("url", "is required");
            }
            URI u = URI.create(url);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                throw a.error("url", "must be an http(s) URL");
            }
            return new GroupWebhook(id, u, a.optional("secret"));
        }

        @Override
        public String toString() {
            return "GroupWebhook[id=" + id + ", url=" + url.getHost() + "/****, secret="
                    + (secret.isPresent() ? "****" : "none") + "]";
        }
    }

    /**
     * {@code channels.dingtalk}. {@code webLogin}: the read page of a batched campaign message identifies the reader
     * through DingTalk's OAuth2 web login (the read page's URL must be a redirect URL of the app); default false.
     * {@code webLoginBase}: where the login page is ({@code https://login.dingtalk.com}).
     */
    public record Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, String openApiBase,
                           Set<String> allowedWebhookHosts, List<DingTalkRobot> robots, List<DingTalkApp> apps,
                           List<GroupWebhook> groupWebhooks, int resultCheckSeconds, boolean webLogin,
                           String webLoginBase) {
        public Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, String openApiBase,
                        Set<String> allowedWebhookHosts, List<DingTalkRobot> robots, List<DingTalkApp> apps,
                        List<GroupWebhook> groupWebhooks, int resultCheckSeconds) {
            this(timestampWindowSeconds, replyBudgetMillis, apiBase, openApiBase, allowedWebhookHosts, robots, apps,
                    groupWebhooks, resultCheckSeconds, false, "https://login.dingtalk.com");
        }

        /** Work-notice send results checked every minute. */
        public Settings(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, String openApiBase,
                        Set<String> allowedWebhookHosts, List<DingTalkRobot> robots, List<DingTalkApp> apps,
                        List<GroupWebhook> groupWebhooks) {
            this(timestampWindowSeconds, replyBudgetMillis, apiBase, openApiBase, allowedWebhookHosts, robots, apps,
                    groupWebhooks, 60);
        }

        static Settings read(ConfigSection n) {
            int window = n.int32("timestampWindowSeconds", 3600, 10, 86_400);
            int budget = n.int32("replyBudgetMillis", 1500, 100, 4800);
            String apiBase = n.url("apiBase", "https://oapi.dingtalk.com");
            String openApiBase = n.url("openApiBase", "https://api.dingtalk.com");
            Set<String> hosts = Set.copyOf(n.strings("allowedWebhookHosts", List.of("oapi.dingtalk.com")));
            try {
                WebhookHosts.validate(hosts, "allowedWebhookHosts");
            } catch (IllegalArgumentException e) {
                throw n.error("allowedWebhookHosts", e.getMessage());
            }
            Settings d = new Settings(window, budget, apiBase, openApiBase, hosts,
                    n.list("robots", a -> {
                        try {
                            return new DingTalkRobot(a.required("id"), a.required("appKey"), a.required("appSecret"),
                                    a.optional("aesKey"));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }),
                    n.list("apps", a -> {
                        try {
                            return new DingTalkApp(a.required("id"), a.required("appKey"), a.required("appSecret"),
                                    a.required("token"), a.required("aesKey"), a.required("receiveId"),
                                    a.optional("agentId"));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }),
                    n.list("groupWebhooks", GroupWebhook::read),
                    n.int32("resultCheckSeconds", 60, 10, 3600), n.bool("webLogin", false),
                    n.url("webLoginBase", "https://login.dingtalk.com"));
            n.uniqueIds("robots", d.robots().stream().map(DingTalkRobot::id).toList());
            n.uniqueIds("apps", d.apps().stream().map(DingTalkApp::id).toList());
            n.uniqueIds("groupWebhooks", d.groupWebhooks().stream().map(GroupWebhook::id).toList());
            return d;
        }
    }

    public static final ChannelType<Settings> TYPE = new ChannelType<>(Channel.DINGTALK,
            EnumSet.of(Capability.PASSIVE_REPLY, Capability.PUSH, Capability.MASS_SEND, Capability.CARD,
                    Capability.MARKDOWN, Capability.GROUP, Capability.URGENT),
            List.of(GROUP_ROBOT), new Addresses() {
                @Override
                public Optional<String> user(String account, String user) {
                    return Optional.of(user); // a bare userid: a robot-user from a robot, a work notice from an app
                }

                @Override
                public boolean reaches(String account, String recipient, String user) {
                    return recipient.equals(user) || recipient.equals("user:" + user)
                            || recipient.equals("robot-user:" + user);
                }

                @Override
                public Optional<String> problem(String recipient) {
                    if (DingTalkRecipient.bareUser(recipient).isPresent()) {
                        return Optional.empty();
                    }
                    try {
                        DingTalkRecipient.parse(recipient);
                        return recipient.length() > DingTalkRecipient.MAX
                                ? Optional.of("recipient longer than " + DingTalkRecipient.MAX) : Optional.empty();
                    } catch (IllegalArgumentException e) {
                        return Optional.of(e.getMessage());
                    }
                }
            }, Settings::read, DingTalkChannel::new);

    private final Map<String, DingTalkRobotProtocol> robotProtocols = new LinkedHashMap<>();
    private final Map<String, DingTalkEventProtocol> appProtocols = new LinkedHashMap<>();
    private final Map<String, DingTalkRobot> robots = new LinkedHashMap<>();
    private final Map<String, DingTalkApp> apps = new LinkedHashMap<>();
    private final Map<String, GroupWebhook> groups = new LinkedHashMap<>();
    private final DingTalkClient client;
    private final ChannelContext.SenderBinding senders;
    private final Clock clock;
    private final Duration budget;

    private final Settings settings;

    public DingTalkChannel(Settings s, ChannelContext ctx) {
        this.settings = s;
        this.clock = ctx.clock();
        this.senders = ctx.senders();
        this.budget = Duration.ofMillis(s.replyBudgetMillis());
        Duration window = Duration.ofSeconds(s.timestampWindowSeconds());
        for (DingTalkRobot r : s.robots()) {
            robots.put(r.id(), r);
            robotProtocols.put(r.id(), new DingTalkRobotProtocol(r, clock, window, s.allowedWebhookHosts(),
                    ctx.replays()));
        }
        for (DingTalkApp a : s.apps()) {
            apps.put(a.id(), a);
            appProtocols.put(a.id(), new DingTalkEventProtocol(a, clock, window, ctx.replays()));
        }
        s.groupWebhooks().forEach(g -> groups.put(g.id(), g));
        this.client = new DingTalkClient(URI.create(s.apiBase()), URI.create(s.openApiBase()), ctx.tokens(),
                ctx.http(), clock, s.allowedWebhookHosts());
    }

    @Override
    public ChannelType<?> type() {
        return TYPE;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.get("/dingtalk/{account}", this::robotGet),
                Endpoint.post("/dingtalk/{account}", this::robotMessage),
                Endpoint.post("/dingtalk/{account}/events", this::appEvent));
    }

    private Reception robotGet(HttpCall call) {
        return robotProtocols.containsKey(call.account()) ? new Reception.Refused(405, "DingTalk robots deliver by POST")
                : Reception.Refused.noSuch("account", call.account());
    }

    /** The sign covers only the timestamp: every message id is bound to its first sender before it is accepted. */
    private Reception robotMessage(HttpCall call) {
        DingTalkRobotProtocol p = robotProtocols.get(call.account());
        if (p == null) {
            return Reception.Refused.noSuch("account", call.account());
        }
        Reception r = p.parse(call.headers(), call.body()).reception((in, ctx) -> new Reception.Passive(budget,
                Optional.of(DingTalkRecipient.forReply(ctx).spec()),
                Reception.PassiveReply.of(Reception.Answer.JSON, p::render, "")));
        if (r instanceof Reception.Message m
                && !senders.claim(m.inbound().origin().dedupeKey(), m.inbound().origin().user(), clock.instant())) {
            return new Reception.Refused(409, "msgId already used by another sender");
        }
        return r;
    }

    /** An event is acknowledged (encrypted {@code success}) once recorded; replies go to its user as work notices. */
    private Reception appEvent(HttpCall call) {
        DingTalkEventProtocol p = appProtocols.get(call.account());
        if (p == null) {
            return Reception.Refused.noSuch("app", call.account());
        }
        EventOutcome o = p.handle(call.query(), call.body());
        if (o instanceof EventOutcome.CheckUrl c) {
            return Reception.Answer.of(200, Reception.Answer.JSON, c.encryptedSuccessBody());
        }
        if (o instanceof EventOutcome.Rejected r) {
            return r.refused();
        }
        EventOutcome.Event e = (EventOutcome.Event) o;
        String user = e.inbound().origin().user();
        Optional<String> to = user.isEmpty() || user.contains(",") ? Optional.empty()
                : Optional.of(new DingTalkRecipient.WorkNotice(List.of(user)).spec());
        return new Reception.Message(e.inbound(), new Reception.Acknowledge(
                Reception.Answer.of(200, Reception.Answer.JSON, e.encryptedSuccessBody()), to));
    }

    @Override
    public List<String> limits(Delivery d) {
        return d.recipient().startsWith("group:") ? List.of(GROUP_ROBOT.name()) : List.of();
    }

    /**
     * Work notices from apps, custom group robots, robot OpenAPI sends and session-webhook replies. Alerts tied to
     * a ticket (dedupe key {@code tk:<ticket>:…}) go through {@link DingTalkContent#distinct}, because DingTalk
     * silently drops identical content.
     */
    @Override
    public SendOutcome send(Delivery d) {
        DingTalkRecipient to;
        Optional<String> bare = DingTalkRecipient.bareUser(d.recipient());
        if (bare.isPresent()) {
            to = robots.containsKey(d.account()) ? new DingTalkRecipient.RobotUsers(List.of(bare.get()))
                    : new DingTalkRecipient.WorkNotice(List.of(bare.get()));
        } else {
            try {
                to = DingTalkRecipient.parse(d.recipient());
            } catch (IllegalArgumentException e) {
                return new SendOutcome.Rejected("config", "dingtalk recipient: " + e.getMessage());
            }
        }
        Outbound payload = ticketNumber(d).map(t -> DingTalkContent.distinct(d.payload(), t, clock.instant()))
                .orElse(d.payload());
        if (to instanceof DingTalkRecipient.WorkNotice w) {
            DingTalkApp app = apps.get(d.account());
            if (app == null) {
                return new SendOutcome.Rejected("config", "no dingtalk app " + d.account());
            }
            return client.sendWorkNotice(app, w.users(), payload);
        }
        if (to instanceof DingTalkRecipient.Group g) {
            GroupWebhook group = groups.get(g.webhookId());
            if (group == null) {
                return new SendOutcome.Rejected("config", "no dingtalk group webhook " + g.webhookId());
            }
            return client.sendToWebhook(group.url(), group.secret(), payload);
        }
        DingTalkRobot robot = robots.get(d.account());
        if (robot == null) {
            return new SendOutcome.Rejected("config", "no dingtalk robot " + d.account());
        }
        if (to instanceof DingTalkRecipient.Session s) {
            if (clock.instant().isBefore(s.expiresAt())) {
                SendOutcome o = client.sendBySessionWebhook(s.context(robot.id()), payload);
                if (!(o instanceof SendOutcome.Rejected r) || !"session_webhook_expired".equals(r.errcode())) {
                    return o;
                }
            }
            to = s.fallback();
        }
        if (to instanceof DingTalkRecipient.RobotUsers u) {
            return client.sendRobotToUsers(robot, u.users(), payload);
        }
        return client.sendRobotToGroup(robot, ((DingTalkRecipient.RobotGroup) to).openConversationId(), payload);
    }

    /**
     * DING (in-app urgent reminder) to the users of a robot recipient ({@code robot-user:<userid>}, or a bare userid
     * under a robot {@code account}) through {@link DingTalkClient#sendDing}; empty for other recipients (work
     * notices and groups have no DING from here).
     */
    public Optional<SendOutcome> ding(String account, String recipient, String text) {
        DingTalkRobot robot = robots.get(account);
        if (robot == null) {
            return Optional.empty();
        }
        DingTalkRecipient to;
        Optional<String> bare = DingTalkRecipient.bareUser(recipient);
        if (bare.isPresent()) {
            to = new DingTalkRecipient.RobotUsers(List.of(bare.get()));
        } else {
            try {
                to = DingTalkRecipient.parse(recipient);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return to instanceof DingTalkRecipient.RobotUsers u ? Optional.of(client.sendDing(robot, u.users(), text, 1))
                : Optional.empty();
    }

    /**
     * The users a DingTalk outbox row sent a work notice to (an app {@code account} with a bare userid or a
     * {@code user:} recipient); empty for every other kind of row.
     */
    public Optional<List<String>> workNoticeUsers(String account, String recipient) {
        if (!apps.containsKey(account)) {
            return Optional.empty();
        }
        Optional<String> bare = DingTalkRecipient.bareUser(recipient);
        if (bare.isPresent()) {
            return robots.containsKey(account) ? Optional.empty() : Optional.of(List.of(bare.get()));
        }
        try {
            return DingTalkRecipient.parse(recipient) instanceof DingTalkRecipient.WorkNotice w
                    ? Optional.of(w.users()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The send result of work notice {@code taskId} sent by app {@code account} ({@code getsendresult}). */
    public WorkNoticeResult workNoticeResult(String account, String taskId) {
        DingTalkApp app = apps.get(account);
        if (app == null) {
            return new WorkNoticeResult.Unavailable("config", "no dingtalk app " + account, false);
        }
        return client.workNoticeResult(app, taskId);
    }

    /** The ticket number of an alert row ({@code tk:<ticket>:<seq>:…}, see bot-core's StaffAlerts). */
    static Optional<String> ticketNumber(Delivery d) {
        return d.dedupeKey().filter(k -> k.startsWith("tk:")).map(k -> k.split(":"))
                .filter(parts -> parts.length > 2 && !parts[1].isBlank()).map(parts -> parts[1]);
    }

    /**
     * One work notice to many users of an app ({@code asyncsend_v2} with a {@code userid_list} of up to
     * {@link DingTalkClient#MAX_WORK_NOTICE_USERS}). DingTalk answers with a task id and delivers later; what its flow
     * control drops (identical content to a user the same day, the app's daily cap per user) is only seen in the
     * task's send result ({@code getsendresult}, bot-core's DingTalkSendResults), so nobody is "not reached" here.
     * Robots cannot batch.
     */
    @Override
    public Optional<io.shaozi.adapters.channel.BatchSending> batching() {
        return Optional.of(new io.shaozi.adapters.channel.BatchSending() {
            @Override
            public int maxMembers(String account) {
                DingTalkApp app = apps.get(account);
                return app == null || app.agentId().isEmpty() ? 0 : DingTalkClient.MAX_WORK_NOTICE_USERS;
            }

            @Override
            public boolean isMember(String address) {
                return user(address).isPresent();
            }

            @Override
            public Result send(String account, List<String> members, Outbound payload, Optional<String> dedupeKey) {
                DingTalkApp app = apps.get(account);
                if (app == null) {
                    return Result.of(new SendOutcome.Rejected("config", "no dingtalk app " + account));
                }
                List<String> users = new java.util.ArrayList<>();
                for (String m : members) {
                    Optional<String> u = user(m);
                    if (u.isEmpty()) {
                        return Result.of(new SendOutcome.Rejected("config", "not one dingtalk user: " + m));
                    }
                    users.add(u.get());
                }
                return Result.of(client.sendWorkNotice(app, users, payload));
            }
        });
    }

    /** The userid of a work-notice address of one user ({@code user:<id>} or a bare id). */
    public static Optional<String> user(String address) {
        Optional<String> bare = DingTalkRecipient.bareUser(address);
        if (bare.isPresent()) {
            return bare;
        }
        try {
            return DingTalkRecipient.parse(address) instanceof DingTalkRecipient.WorkNotice w && w.users().size() == 1
                    ? Optional.of(w.users().get(0)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }


    /**
     * DingTalk's web login for app accounts when {@code channels.dingtalk.webLogin} is set: the OAuth2 authorize page
     * ({@code /oauth2/auth}, scope {@code openid}, https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information)
     * and the code's userid ({@link DingTalkClient#oauthUserId}).
     */
    @Override
    public Optional<io.shaozi.adapters.channel.WebLogin> webLogin() {
        if (!settings.webLogin()) {
            return Optional.empty();
        }
        return Optional.of(new io.shaozi.adapters.channel.WebLogin() {
            @Override
            public Optional<URI> authorize(String account, String redirectUri, String state) {
                DingTalkApp app = apps.get(account);
                if (app == null) {
                    return Optional.empty();
                }
                return Optional.of(io.shaozi.adapters.channel.WebLogin.authorizeUri(settings.webLoginBase(),
                        "/oauth2/auth", "", "redirect_uri", redirectUri, "response_type", "code", "client_id",
                        app.appKey(), "scope", "openid", "state", state, "prompt", "consent"));
            }

            @Override
            public Optional<String> user(String account, String code, String redirectUri) {
                DingTalkApp app = apps.get(account);
                return app == null || code.isBlank() ? Optional.empty() : client.oauthUserId(app, code);
            }
        });
    }
}
