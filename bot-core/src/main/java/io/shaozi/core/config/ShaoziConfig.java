package io.shaozi.core.config;

import io.shaozi.config.ConfigException;
import io.shaozi.config.ConfigNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration, one typed record per concern. Built by {@link ConfigLoader} from built-in
 * defaults &lt; {@code config/shaozi.yaml} &lt; {@code --config FILE} &lt; {@code SHAOZI_*} environment &lt; CLI flags.
 */
public record ShaoziConfig(Server server, Storage storage, Redis redis, Admin admin, Nlp nlp, Tickets tickets,
                           Dialog dialog, Channels channels, Schedule schedule) {

    /** HTTP server limits and threads. */
    public record Server(String host, int port, int maxBodyBytes, int maxHeaderBytes, int maxUriBytes,
                         int idleTimeoutSeconds, int workerThreads, int workerQueue, int shutdownGraceSeconds,
                         String publicUrl, String metricsToken) {
        static Server read(ConfigNode n) {
            return new Server(
                    n.string("host", "0.0.0.0"),
                    n.port("port", 8080),
                    n.int32("maxBodyBytes", 1 << 20, 1024, 64 << 20),
                    n.int32("maxHeaderBytes", 16 * 1024, 1024, 1 << 20),
                    n.int32("maxUriBytes", 8 * 1024, 256, 1 << 20),
                    n.int32("idleTimeoutSeconds", 60, 1, 3600),
                    n.int32("workerThreads", 16, 1, 1024),
                    n.int32("workerQueue", 512, 1, 1_000_000),
                    n.int32("shutdownGraceSeconds", 7, 0, 60),
                    n.url("publicUrl", "http://localhost:8080"),
                    n.string("metricsToken", ""));
        }

        /** Whether links and cookies use https (the {@code Secure} cookie flag follows it). */
        public boolean httpsPublicUrl() {
            return publicUrl.startsWith("https:");
        }

        @Override
        public String toString() {
            return "Server[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", maxHeaderBytes="
                    + maxHeaderBytes + ", maxUriBytes=" + maxUriBytes + ", idleTimeoutSeconds=" + idleTimeoutSeconds
                    + ", workerThreads=" + workerThreads + ", workerQueue=" + workerQueue + ", shutdownGraceSeconds="
                    + shutdownGraceSeconds + ", publicUrl=" + publicUrl + ", metricsToken=****]";
        }
    }

    /** JDBC store: empty {@code url} means the embedded H2 file database under {@code dataDir}. */
    /**
     * The JDBC store.
     *
     * @param connectTimeoutMillis longest wait for a pooled connection; past it the request fails fast with a
     *                             retryable 503 instead of tying up a worker while the database is down
     * @param claimLeaseSeconds    how long an inbound delivery stays with the instance that claimed it; after that
     *                             a platform retry or the recovery sweep takes it over
     * @param recoverEverySeconds  how often the recovery sweep looks for claims whose holder died
     */
    public record Storage(Path dataDir, String url, String user, String password, int poolSize,
                          int connectTimeoutMillis, int claimLeaseSeconds, int recoverEverySeconds) {
        static Storage read(ConfigNode n) {
            String url = n.string("url", "");
            if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                throw n.errorAt("url", "\"" + url + "\" is not a jdbc:postgresql: or jdbc:h2: URL");
            }
            return new Storage(Path.of(n.string("dataDir", "./data")), url, n.string("user", ""),
                    n.string("password", ""), n.int32("poolSize", 10, 1, 200),
                    n.int32("connectTimeoutMillis", 1000, 250, 60_000), n.int32("claimLeaseSeconds", 6, 2, 120),
                    n.int32("recoverEverySeconds", 2, 1, 300));
        }

        /** The JDBC URL to open: the configured one, or the H2 file under {@link #dataDir}. */
        public String effectiveUrl() {
            return url.isEmpty() ? io.shaozi.core.store.Database.h2FileUrl(dataDir) : url;
        }

        @Override
        public String toString() {
            return "Storage[dataDir=" + dataDir + ", url=" + io.shaozi.core.store.Database.redact(url)
                    + ", user=" + user + ", password=****, poolSize=" + poolSize + ", connectTimeoutMillis="
                    + connectTimeoutMillis + ", claimLeaseSeconds=" + claimLeaseSeconds + ", recoverEverySeconds="
                    + recoverEverySeconds + "]";
        }
    }

    /** Shared state for several instances; empty {@code url} means single-instance (Caffeine). */
    public record Redis(String url) {
        static Redis read(ConfigNode n) {
            String url = n.string("url", "");
            if (!url.isEmpty() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw n.errorAt("url", "\"" + url + "\" is not a redis:// URL");
            }
            return new Redis(url);
        }

        public boolean enabled() {
            return !url.isEmpty();
        }

        @Override
        public String toString() {
            return "Redis[url=" + url.replaceAll("//[^@/]*@", "//****@") + "]";
        }
    }

    /** Operator access to the admin API and console. Empty token: the admin API refuses everyone. */
    public record Admin(String token) {
        static Admin read(ConfigNode n) {
            return new Admin(n.string("token", ""));
        }

        @Override
        public String toString() {
            return "Admin[token=****]";
        }
    }

    /** Text analysis settings. */
    public record Nlp(double unsureThreshold, String model, String categories) {
        static Nlp read(ConfigNode n) {
            return new Nlp(n.decimal("unsureThreshold", 0.45, 0.0, 1.0), n.string("model", ""),
                    n.string("categories", ""));
        }
    }

    /** Organisation, SLA and calendar files (empty: the shipped defaults) and the breach scanner. */
    public record Tickets(String orgFile, String slaFile, String calendarDir, java.time.LocalTime workdayStart,
                          java.time.LocalTime workdayEnd, int scanEverySeconds) {
        static Tickets read(ConfigNode n) {
            java.time.LocalTime start = time(n, "workdayStart", "09:00");
            java.time.LocalTime end = time(n, "workdayEnd", "17:30");
            if (!end.isAfter(start)) {
                throw n.errorAt("workdayEnd", end + " is not after workdayStart " + start);
            }
            return new Tickets(n.string("orgFile", ""), n.string("slaFile", ""), n.string("calendarDir", ""), start, end,
                    n.int32("scanEverySeconds", 60, 1, 3600));
        }

        private static java.time.LocalTime time(ConfigNode n, String key, String def) {
            String v = n.string(key, def);
            try {
                return java.time.LocalTime.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                throw n.errorAt(key, "\"" + v + "\" is not a time like 09:00");
            }
        }
    }

    /**
     * The scheduler of recurring and one-off jobs (escalation scan, campaigns, quizzes). Schedules are in Beijing
     * time; "working days" are the {@code weekdays}, minus the holidays, plus the make-up working days (调休) of the
     * calendar files ({@code tickets.calendarDir}) and of {@code holidays} / {@code workdays} here, which apply to
     * schedules only (ticket deadlines follow the calendar files alone) and win over the files for their dates.
     *
     * @param pollSeconds      how often each instance looks for due jobs
     * @param heartbeatSeconds how often a running job is marked alive; a job whose instance missed six is run again
     * @param threads          jobs one instance runs at the same time
     */
    public record Schedule(java.util.Set<java.time.DayOfWeek> weekdays, java.util.Set<java.time.LocalDate> holidays,
                           java.util.Set<java.time.LocalDate> workdays, int pollSeconds, int heartbeatSeconds,
                           int threads) {
        public Schedule {
            weekdays = java.util.Set.copyOf(weekdays);
            holidays = java.util.Set.copyOf(holidays);
            workdays = java.util.Set.copyOf(workdays);
        }

        static Schedule read(ConfigNode n) {
            List<String> days = n.strings("weekdays", List.of("MON", "TUE", "WED", "THU", "FRI"));
            java.util.Set<java.time.DayOfWeek> weekdays = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
            for (int i = 0; i < days.size(); i++) {
                weekdays.add(dayOfWeek(n, "weekdays[" + i + "]", days.get(i)));
            }
            if (weekdays.isEmpty()) {
                throw n.errorAt("weekdays", "name at least one working day of the week");
            }
            java.util.Set<java.time.LocalDate> holidays = dates(n, "holidays");
            java.util.Set<java.time.LocalDate> workdays = dates(n, "workdays");
            for (java.time.LocalDate d : new java.util.TreeSet<>(workdays)) {
                if (holidays.contains(d)) {
                    throw n.errorAt("workdays", d + " is also listed under " + n.path() + ".holidays");
                }
            }
            return new Schedule(weekdays, holidays, workdays, n.int32("pollSeconds", 10, 1, 300),
                    n.int32("heartbeatSeconds", 30, 5, 600), n.int32("threads", 2, 1, 16));
        }

        private static java.time.DayOfWeek dayOfWeek(ConfigNode n, String key, String v) {
            String s = v.trim().toUpperCase(java.util.Locale.ROOT);
            for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
                if (d.name().equals(s) || d.name().substring(0, 3).equals(s)) {
                    return d;
                }
            }
            throw n.errorAt(key, "\"" + v + "\" is not a day of the week (MON, TUE, ... SUN)");
        }

        private static java.util.Set<java.time.LocalDate> dates(ConfigNode n, String name) {
            List<String> values = n.strings(name, List.of());
            java.util.Set<java.time.LocalDate> out = new java.util.HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i).trim();
                try {
                    out.add(java.time.LocalDate.parse(v));
                } catch (java.time.format.DateTimeParseException e) {
                    throw n.errorAt(name + "[" + i + "]", "\"" + v + "\" is not a date like 2026-10-01");
                }
            }
            return out;
        }
    }

    /** Conversation limits. */
    public record Dialog(int maxInputChars, int messagesPerMinute, int humanTimeoutMinutes, int sessionTtlMinutes,
                         boolean chatPageStaff) {
        static Dialog read(ConfigNode n) {
            return new Dialog(n.int32("maxInputChars", 500, 20, 10_000), n.int32("messagesPerMinute", 20, 1, 1000),
                    n.int32("humanTimeoutMinutes", 30, 1, 24 * 60), n.int32("sessionTtlMinutes", 120, 5, 7 * 24 * 60),
                    n.bool("chatPageStaff", false));
        }
    }

    /** The chat platforms. */
    public record Channels(Generic generic, Chat chat, WeChat wechat, WeCom wecom, DingTalk dingtalk, Feishu feishu) {
        static Channels read(ConfigNode n) {
            return new Channels(n.section("generic", Generic::read), n.section("chat", Chat::read),
                    n.section("wechat", WeChat::read),
                    n.section("wecom", WeCom::read), n.section("dingtalk", DingTalk::read),
                    n.section("feishu", Feishu::read));
        }
    }

    /**
     * DingTalk: robots ({@code /dingtalk/{robot}}), apps with event subscription ({@code /dingtalk/{app}/events},
     * work notices) and custom group robots (outbound webhooks only).
     */
    public record DingTalk(int timestampWindowSeconds, int replyBudgetMillis, String apiBase, String openApiBase,
                           java.util.Set<String> allowedWebhookHosts,
                           List<io.shaozi.adapters.dingtalk.DingTalkRobot> robots,
                           List<io.shaozi.adapters.dingtalk.DingTalkApp> apps, List<GroupWebhook> groupWebhooks) {
        static DingTalk read(ConfigNode n) {
            int window = n.int32("timestampWindowSeconds", 3600, 10, 86_400);
            int budget = n.int32("replyBudgetMillis", 1500, 100, 4800);
            String apiBase = n.url("apiBase", "https://oapi.dingtalk.com");
            String openApiBase = n.url("openApiBase", "https://api.dingtalk.com");
            java.util.Set<String> hosts = java.util.Set.copyOf(n.strings("allowedWebhookHosts",
                    List.of("oapi.dingtalk.com")));
            try {
                // the adapter owns the allow-list syntax: let it judge the entries
                new io.shaozi.adapters.dingtalk.DingTalkRobotProtocol(new io.shaozi.adapters.dingtalk.DingTalkRobot(
                        "check", "check", "check", java.util.Optional.empty()), java.time.Clock.systemUTC(),
                        java.time.Duration.ofSeconds(window), hosts);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(n.source(), n.path() + ".allowedWebhookHosts", e.getMessage(), e);
            }
            DingTalk d = new DingTalk(window, budget, apiBase, openApiBase, hosts,
                    n.list("robots", a -> {
                        try {
                            return new io.shaozi.adapters.dingtalk.DingTalkRobot(a.required("id"), a.required("appKey"),
                                    a.required("appSecret"), optional(a, "aesKey"));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }),
                    n.list("apps", a -> {
                        try {
                            return new io.shaozi.adapters.dingtalk.DingTalkApp(a.required("id"), a.required("appKey"),
                                    a.required("appSecret"), a.required("token"), a.required("aesKey"),
                                    a.required("receiveId"), optional(a, "agentId"));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }),
                    n.list("groupWebhooks", GroupWebhook::read));
            uniqueIds(n, "robots", d.robots().stream().map(io.shaozi.adapters.dingtalk.DingTalkRobot::id)
                    .toList());
            uniqueIds(n, "apps", d.apps().stream().map(io.shaozi.adapters.dingtalk.DingTalkApp::id).toList());
            uniqueIds(n, "groupWebhooks", d.groupWebhooks().stream().map(GroupWebhook::id).toList());
            return d;
        }
    }

    /**
     * A DingTalk custom group robot (自定义机器人): its webhook URL (carries the access token: never logged) and the
     * optional "加签" secret ({@code SEC…}).
     */
    public record GroupWebhook(String id, java.net.URI url, java.util.Optional<String> secret) {
        static GroupWebhook read(ConfigNode a) {
            String id = a.required("id");
            String url = a.url("url", "");
            if (url.isEmpty()) {
                throw a.errorAt("url", "is required");
            }
            java.net.URI u = java.net.URI.create(url);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                throw a.errorAt("url", "must be an http(s) URL");
            }
            return new GroupWebhook(id, u, optional(a, "secret"));
        }

        @Override
        public String toString() {
            return "GroupWebhook[id=" + id + ", url=" + url.getHost() + "/****, secret="
                    + (secret.isPresent() ? "****" : "none") + "]";
        }
    }

    /** Feishu / Lark apps ({@code /feishu/{app}}). */
    public record Feishu(int timestampWindowSeconds, String apiBase, List<io.shaozi.adapters.feishu.FeishuApp> apps) {
        static Feishu read(ConfigNode n) {
            Feishu f = new Feishu(n.int32("timestampWindowSeconds", 3600, 10, 86_400),
                    n.url("apiBase", "https://open.feishu.cn"),
                    n.list("apps", a -> {
                        try {
                            return new io.shaozi.adapters.feishu.FeishuApp(a.required("id"), a.required("appId"),
                                    a.required("appSecret"), a.required("verificationToken"),
                                    optional(a, "encryptKey"));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }));
            uniqueIds(n, "apps", f.apps().stream().map(io.shaozi.adapters.feishu.FeishuApp::id).toList());
            return f;
        }
    }

    /** An optional string key: absent or blank is empty. */
    static java.util.Optional<String> optional(ConfigNode n, String key) {
        String v = n.string(key, "");
        return v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v);
    }

    /** WeChat Official Accounts ({@code /wechat/{account}}). */
    public record WeChat(int timestampWindowSeconds, int replyBudgetMillis, String apiBase,
                         int customSendPerSecond, int templateSendPerSecond, int subscribeSendPerSecond,
                         List<io.shaozi.adapters.wechat.WeChatAccount> accounts) {
        static WeChat read(ConfigNode n) {
            WeChat w = new WeChat(n.int32("timestampWindowSeconds", 300, 10, 86_400),
                    n.int32("replyBudgetMillis", 4000, 100, 4800),
                    n.url("apiBase", "https://api.weixin.qq.com"),
                    n.int32("customSendPerSecond", 50, 1, 10_000),
                    n.int32("templateSendPerSecond", 20, 1, 10_000),
                    n.int32("subscribeSendPerSecond", 20, 1, 10_000),
                    n.list("accounts", a -> {
                        try {
                            return new io.shaozi.adapters.wechat.WeChatAccount(a.required("id"), a.required("appId"),
                                    a.required("token"), a.string("aesKey", ""),
                                    io.shaozi.adapters.wechat.Mode.fromConfig(a.oneOf("mode", "safe",
                                            List.of("plain", "compat", "safe"))),
                                    a.string("appSecret", ""));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }));
            uniqueIds(n, "accounts", w.accounts().stream().map(io.shaozi.adapters.wechat.WeChatAccount::id)
                    .toList());
            return w;
        }
    }

    /** WeCom self-built apps ({@code /wecom/{app}}). */
    public record WeCom(int timestampWindowSeconds, int replyBudgetMillis, String apiBase,
                        List<io.shaozi.adapters.wecom.WeComApp> apps) {
        static WeCom read(ConfigNode n) {
            WeCom w = new WeCom(n.int32("timestampWindowSeconds", 300, 10, 86_400),
                    n.int32("replyBudgetMillis", 4000, 100, 4800),
                    n.url("apiBase", "https://qyapi.weixin.qq.com"),
                    n.list("apps", a -> {
                        try {
                            return new io.shaozi.adapters.wecom.WeComApp(a.required("id"), a.required("corpId"),
                                    a.required("agentId"), a.required("token"), a.required("aesKey"),
                                    a.string("secret", ""));
                        } catch (IllegalArgumentException e) {
                            throw a.invalid(e);
                        }
                    }));
            uniqueIds(n, "apps", w.apps().stream().map(io.shaozi.adapters.wecom.WeComApp::id).toList());
            return w;
        }
    }

    /** The ids of the list {@code key} of {@code n} are unique and well-formed. */
    static void uniqueIds(ConfigNode n, String key, List<String> ids) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw n.errorAt(key + "[" + i + "].id", "\"" + ids.get(i) + "\" is used twice");
            }
            if (!ids.get(i).matches("[A-Za-z0-9_-]{1,64}")) {
                throw n.errorAt(key + "[" + i + "].id", "\"" + ids.get(i)
                        + "\" must be 1-64 letters, digits, _ or -");
            }
        }
    }

    /** The generic JSON webhook (and the /chat/ page). Empty secret: unsigned requests accepted. */
    public record Generic(String secret) {
        static Generic read(ConfigNode n) {
            return new Generic(n.string("secret", ""));
        }

        @Override
        public String toString() {
            return "Generic[secret=****]";
        }
    }

    /**
     * The /chat/ page and its API. Each browser gets a server-signed session cookie; {@code sessionKey} signs it
     * (empty: a key generated on first start and kept in the data directory — set it explicitly when several
     * instances serve the page).
     */
    public record Chat(boolean enabled, String sessionKey, int messagesPerMinute, int sessionDays) {
        static Chat read(ConfigNode n) {
            String key = n.string("sessionKey", "");
            if (!key.isEmpty() && key.length() < 32) {
                throw n.errorAt("sessionKey", "must be at least 32 characters (or empty)");
            }
            return new Chat(n.bool("enabled", true), key, n.int32("messagesPerMinute", 30, 1, 10_000),
                    n.int32("sessionDays", 30, 1, 3650));
        }

        @Override
        public String toString() {
            return "Chat[enabled=" + enabled + ", sessionKey=****, messagesPerMinute=" + messagesPerMinute
                    + ", sessionDays=" + sessionDays + "]";
        }
    }
}
