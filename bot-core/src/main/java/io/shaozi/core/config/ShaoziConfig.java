package io.shaozi.core.config;

import io.shaozi.config.ConfigException;
import io.shaozi.config.ConfigNode;
import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.adapters.channel.ChannelType;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.generic.GenericChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, one typed record per concern. Built by {@link ConfigLoader} from built-in
 * defaults &lt; {@code config/shaozi.yaml} &lt; {@code --config FILE} &lt; {@code SHAOZI_*} environment &lt; CLI flags.
 */
public record ShaoziConfig(Server server, Storage storage, Redis redis, Admin admin, Nlp nlp, Tickets tickets,
                           Dialog dialog, Channels channels, Schedule schedule, Content content, Push push,
                           Quiz quiz, Alerts alerts, Knowledge knowledge) {

    /**
     * The alert ladder (告警升级, README "告警升级"): per severity ({@code emergency}, {@code urgent}, {@code normal})
     * the steps, the minutes unacknowledged before the next step, the repeats and whether quiet hours hold it; how
     * often the ladder is looked at; quiet hours (Beijing time); and the SMS gateway with its consent list and daily
     * cap per number.
     */
    public record Alerts(io.shaozi.core.ticket.AlertPolicy policy, int scanEverySeconds, Sms sms) {
        /**
         * The generic HTTP SMS gateway: {@code url} (empty: no SMS are sent; the step records them as not sent),
         * {@code secret} signing each POST, the timeout of one POST.
         */
        public record Sms(String url, String secret, int timeoutMillis, int perNumberPerDay,
                          java.util.List<String> consent) {
            public Sms {
                consent = java.util.List.copyOf(consent);
            }
        }

        static Alerts read(ConfigNode n) {
            java.util.Map<io.shaozi.nlp.Urgency, io.shaozi.core.ticket.AlertPolicy.Ladder> ladders =
                    new java.util.EnumMap<>(io.shaozi.nlp.Urgency.class);
            io.shaozi.core.ticket.AlertPolicy def = io.shaozi.core.ticket.AlertPolicy.defaults();
            for (io.shaozi.nlp.Urgency u : io.shaozi.nlp.Urgency.values()) {
                String key = u.name().toLowerCase(java.util.Locale.ROOT);
                io.shaozi.core.ticket.AlertPolicy.Ladder d = def.ladders().get(u);
                ladders.put(u, n.section(key, l -> ladder(l, d)));
            }
            Sms sms = n.section("sms", m -> {
                String url = m.url("url", "");
                if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
                    throw m.errorAt("url", "\"" + url + "\" must be an http(s) URL");
                }
                String secret = m.string("secret", "");
                if (!url.isEmpty() && secret.length() < 16) {
                    throw m.errorAt("secret", "the SMS gateway needs a secret of at least 16 characters");
                }
                java.util.List<String> consent = m.strings("consent", java.util.List.of());
                for (int i = 0; i < consent.size(); i++) {
                    if (!consent.get(i).matches("\\+?[0-9]{5,20}")) {
                        throw m.errorAt("consent[" + i + "]", "\"" + consent.get(i) + "\" is not a phone number (digits)");
                    }
                }
                return new Sms(url, secret, m.int32("timeoutMillis", 5000, 100, 60000),
                        m.int32("perNumberPerDay", 5, 0, 100), consent);
            });
            io.shaozi.core.ticket.AlertPolicy policy = new io.shaozi.core.ticket.AlertPolicy(n.bool("enabled", true),
                    Tickets.time(n, "quietFrom", "22:00"), Tickets.time(n, "quietTo", "07:00"), ladders,
                    sms.perNumberPerDay(), java.util.Set.copyOf(sms.consent()));
            return new Alerts(policy, n.int32("scanEverySeconds", 30, 1, 3600), sms);
        }

        private static io.shaozi.core.ticket.AlertPolicy.Ladder ladder(ConfigNode l,
                                                                       io.shaozi.core.ticket.AlertPolicy.Ladder d) {
            java.util.List<io.shaozi.core.ticket.AlertPolicy.Step> steps = new java.util.ArrayList<>();
            java.util.List<String> names = l.strings("steps", d.steps().stream()
                    .map(st -> st.name().toLowerCase(java.util.Locale.ROOT)).toList());
            for (int i = 0; i < names.size(); i++) {
                try {
                    steps.add(io.shaozi.core.ticket.AlertPolicy.Step.parse(names.get(i).strip()));
                } catch (IllegalArgumentException e) {
                    throw l.errorAt("steps[" + i + "]", e.getMessage());
                }
            }
            if (!steps.isEmpty() && steps.get(0) != io.shaozi.core.ticket.AlertPolicy.Step.NOTICE) {
                throw l.errorAt("steps", "the first step must be notice");
            }
            return new io.shaozi.core.ticket.AlertPolicy.Ladder(
                    java.time.Duration.ofMinutes(l.int32("ackMinutes", (int) d.after().toMinutes(), 1, 1440)), steps,
                    l.int32("repeats", d.repeats(), 0, 10), l.bool("critical", d.critical()));
        }
    }

    /**
     * The knowledge base residents' questions are answered from: {@code dir} holds one Markdown file an entry (empty:
     * the shipped entries only, read-only); a relative path is resolved against the install directory. The folder is
     * checked for changes every {@code pollSeconds} (1-3600) and reloaded without a restart.
     */
    public record Knowledge(String dir, int pollSeconds) {
        public static Knowledge defaults() {
            return new Knowledge("config/knowledge", 5);
        }

        static Knowledge read(ConfigNode n) {
            return new Knowledge(n.string("dir", "config/knowledge"), n.int32("pollSeconds", 5, 1, 3600));
        }
    }

    /**
     * Party-learning quizzes. {@code sampleBank}: load the shipped sample question bank at start (idempotent, by id;
     * a question an operator retired stays retired); false starts with an empty bank. Default true. The members'
     * quizzes: questions a daily quiz, seconds a question, the challenge's most questions, daily point caps of the
     * daily quiz and the challenge, the streak day the bonus starts and the bonus, when 每日一题 is pushed (working
     * days, Beijing time), minutes without an answer after which an attempt is abandoned, the daily point caps of
     * studying pushed learning items (已学, 1 point an item) and of 专项答题.
     */
    public record Quiz(boolean sampleBank, int dailyQuestions, int secondsPerQuestion, int challengeMax,
                       int dailyCap, int challengeCap, int streakBonusFrom, int streakBonus,
                       java.time.LocalTime dailyAt, int abandonMinutes, int studyCap,
                       int topicCap) {
        /** The defaults (as in config/shaozi.yaml). */
        public static Quiz defaults() {
            return new Quiz(true, 5, 60, 20, 5, 6, 3, 1, java.time.LocalTime.of(8, 0), 30, 2, 10);
        }

        static Quiz read(ConfigNode n) {
            return new Quiz(n.bool("sampleBank", true), n.int32("dailyQuestions", 5, 1, 20),
                    n.int32("secondsPerQuestion", 60, 10, 3600), n.int32("challengeMax", 20, 1, 100),
                    n.int32("dailyCap", 5, 0, 100), n.int32("challengeCap", 6, 0, 100),
                    n.int32("streakBonusFrom", 3, 1, 365), n.int32("streakBonus", 1, 0, 100),
                    Tickets.time(n, "dailyAt", "08:00"), n.int32("abandonMinutes", 30, 1, 1440),
                    n.int32("studyCap", 2, 0, 100), n.int32("topicCap", 10, 0, 100));
        }
    }

    /**
     * Pushes to audiences. {@code unsubscribedGetEmergency}: whether a resident who replied 退订 still gets
     * emergency notices (紧急通知); default true. {@code digestDays}: how long a WeChat notice that could not be
     * sent waits for the resident's next message (the next digest); default 7. {@code wechatMassSend}: reach
     * WeChat residents outside the window by 服务号 mass send (uses their 4 a month); default false. {@code batch}:
     * campaign recipients per batched message, per channel ({@link Batch}); default 0 everywhere (one message per
     * recipient).
     */
    public record Push(boolean unsubscribedGetEmergency, java.time.LocalTime quietFrom, java.time.LocalTime quietTo,
                       String wechatTemplateId, int windowHours, int windowMessages, int digestDays,
                       boolean wechatMassSend, Batch batch) {
        static Push read(ConfigNode n) {
            String tpl = n.string("wechatTemplateId", "").strip();
            if (!tpl.matches("[A-Za-z0-9_-]{0,64}")) {
                throw n.errorAt("wechatTemplateId", "a template id is 1-64 letters, digits, _ or -");
            }
            return new Push(n.bool("unsubscribedGetEmergency", true), Tickets.time(n, "quietFrom", "22:00"),
                    Tickets.time(n, "quietTo", "07:00"), tpl, n.int32("windowHours", 48, 1, 48),
                    n.int32("windowMessages", 5, 1, 20), n.int32("digestDays", 7, 1, 60),
                    n.bool("wechatMassSend", false), n.has("batch") ? n.section("batch", Batch::read) : Batch.OFF);
        }
    }

    /**
     * {@code push.batch}: how many campaign recipients of one account share ONE message through the platform's batch
     * API, per channel; 0 or 1 (the default) sends one message per recipient, each with its own read link. At most the
     * platform's documented limit: {@code wecom} 1,000 ({@code touser}), {@code dingtalk} 5,000 ({@code userid_list}
     * of {@code asyncsend_v2}), {@code feishu} 200 ({@code batch_send}), {@code wechat} 10,000 (OpenIDs of one 服务号
     * mass send; only residents the policy reaches by mass send are batched).
     */
    public record Batch(int wecom, int dingtalk, int feishu, int wechat) {
        public static final Batch OFF = new Batch(0, 0, 0, 0);

        public Batch(int wecom, int dingtalk, int feishu) {
            this(wecom, dingtalk, feishu, 0);
        }

        static Batch read(ConfigNode n) {
            return new Batch(n.int32("wecom", 0, 0, 1000), n.int32("dingtalk", 0, 0, 5000),
                    n.int32("feishu", 0, 0, 200), n.int32("wechat", 0, 0, 10_000));
        }

        /** The configured size for {@code channel}; 0 for channels that do not batch. */
        public int of(String channel) {
            return switch (channel) {
                case "wecom" -> wecom;
                case "dingtalk" -> dingtalk;
                case "feishu" -> feishu;
                case "wechat" -> wechat;
                default -> 0;
            };
        }
    }

    /**
     * Notices and Party-learning content. {@code sensitiveWordsFile}: the sensitive-word list (one word per line,
     * {@code #} comments); empty = the shipped list; a relative path is resolved against the install directory. A
     * configured file that is missing or has a bad line stops the start with an error naming this key.
     */
    public record Content(String sensitiveWordsFile) {
        static Content read(ConfigNode n) {
            return new Content(n.string("sensitiveWordsFile", ""));
        }
    }

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
    /** {@code reloadSeconds}: how often the server looks for a new model file at {@code model} (0: never). */
    public record Nlp(double unsureThreshold, String model, String categories, int reloadSeconds) {
        public Nlp(double unsureThreshold, String model, String categories) {
            this(unsureThreshold, model, categories, 10);
        }

        static Nlp read(ConfigNode n) {
            return new Nlp(n.decimal("unsureThreshold", 0.45, 0.0, 1.0), n.string("model", ""),
                    n.string("categories", ""), n.int32("reloadSeconds", 10, 0, 86_400));
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

        static java.time.LocalTime time(ConfigNode n, String key, String def) {
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

    /**
     * The chat platforms: the /chat/ page, and each registered channel's settings (read by its
     * {@link ChannelType}) with its rate limits (declared by the type, each overridable as
     * {@code channels.<id>.limits.<name>: "20/1m"}).
     */
    public record Channels(Chat chat, Map<Channel, Object> settings, Map<Channel, List<RateLimit>> limits) {
        public Channels {
            settings = Map.copyOf(settings);
            limits = Map.copyOf(limits);
        }

        static Channels read(ConfigNode n, ChannelRegistry registry) {
            Chat chat = n.section("chat", Chat::read);
            Map<Channel, Object> settings = new LinkedHashMap<>();
            Map<Channel, List<RateLimit>> limits = new LinkedHashMap<>();
            for (ChannelType<?> type : registry.types()) {
                n.section(type.channel().id(), c -> {
                    limits.put(type.channel(), readLimits(c, type.limits()));
                    settings.put(type.channel(), type.read(new NodeSection(c)));
                    return null;
                });
            }
            return new Channels(chat, settings, limits);
        }

        /** {@code limits.<name>: "<permits>/<period>"} for each declared limit; an undeclared name is an error. */
        private static List<RateLimit> readLimits(ConfigNode channel, List<RateLimit> declared) {
            return channel.section("limits", l -> {
                List<RateLimit> out = new ArrayList<>();
                for (RateLimit d : declared) {
                    String text = l.string(d.name(), d.rate());
                    try {
                        out.add(d.withRate(text));
                    } catch (IllegalArgumentException e) {
                        throw l.errorAt(d.name(), e.getMessage());
                    }
                }
                return List.copyOf(out);
            });
        }

        /** The settings {@code type} read. */
        public <S> S settings(ChannelType<S> type) {
            Object s = settings.get(type.channel());
            if (s == null) {
                throw new IllegalArgumentException("channel " + type.channel() + " is not registered");
            }
            @SuppressWarnings("unchecked")
            S typed = (S) s;
            return typed;
        }

        /** The generic webhook's settings. */
        public GenericChannel.Settings generic() {
            return settings(GenericChannel.TYPE);
        }

        /** The effective limits of {@code channel}. */
        public List<RateLimit> limitsOf(Channel channel) {
            return limits.getOrDefault(channel, List.of());
        }
    }

    /**
     * The /chat/ page and its API. Each browser gets a server-signed session cookie; {@code sessionKey} signs it
     * (empty: a key generated on first start and kept in the data directory — set it explicitly when several
     * instances serve the page). {@code historyDays}: what the page said, answered and was pushed is forgotten this
     * many days later (a daily job); at least {@code sessionDays}, so a live session never loses its mailbox.
     */
    public record Chat(boolean enabled, String sessionKey, int messagesPerMinute, int sessionDays, int historyDays) {
        static Chat read(ConfigNode n) {
            String key = n.string("sessionKey", "");
            if (!key.isEmpty() && key.length() < 32) {
                throw n.errorAt("sessionKey", "must be at least 32 characters (or empty)");
            }
            int sessionDays = n.int32("sessionDays", 30, 1, 3650);
            int historyDays = n.int32("historyDays", 90, 1, 3650);
            if (historyDays < sessionDays) {
                throw n.errorAt("historyDays", "must be at least sessionDays (" + sessionDays + "), got " + historyDays);
            }
            return new Chat(n.bool("enabled", true), key, n.int32("messagesPerMinute", 30, 1, 10_000), sessionDays,
                    historyDays);
        }

        @Override
        public String toString() {
            return "Chat[enabled=" + enabled + ", sessionKey=****, messagesPerMinute=" + messagesPerMinute
                    + ", sessionDays=" + sessionDays + ", historyDays=" + historyDays + "]";
        }
    }
}
