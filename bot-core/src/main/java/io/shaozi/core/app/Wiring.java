package io.shaozi.core.app;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.TokenStore;
import io.shaozi.adapters.channel.ChannelContext;
import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.adapters.channel.ChannelType;
import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.core.channel.ChannelEndpoints;
import io.shaozi.core.channel.ChannelSenders;
import io.shaozi.core.channel.ChatEndpoint;
import io.shaozi.core.channel.ChatSessions;
import io.shaozi.core.channel.InboundPipeline;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.admin.ContentApi;
import io.shaozi.core.admin.HandoffApi;
import io.shaozi.core.content.ContentMachine;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.SensitiveWords;
import io.shaozi.core.store.ContentJdbc;
import io.shaozi.core.admin.TicketModule;
import io.shaozi.core.dialog.Conversations;
import io.shaozi.core.dialog.NearDuplicates;
import io.shaozi.core.dialog.DialogRouter;
import io.shaozi.core.dialog.ResidentDialog;
import io.shaozi.core.dialog.ResidentNotifier;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.lock.Locks;
import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import io.shaozi.core.store.JobsJdbc;
import io.shaozi.core.ticket.HolidayCalendar;
import io.shaozi.core.store.HandoffJdbc;
import io.shaozi.core.store.SessionJdbc;
import io.shaozi.core.ticket.EscalationScanner;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.nlp.TextAnalyzer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.shaozi.core.http.Router;
import io.shaozi.core.push.Outbox;
import io.shaozi.adapters.common.ReplayGuard;
import io.shaozi.core.state.Dedupe;
import io.shaozi.core.state.RedisClient;
import io.shaozi.core.state.SessionStore;
import io.shaozi.core.store.ChatMailboxJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.store.InboundSenderJdbc;
import io.shaozi.core.store.OutboxJdbc;
import io.shaozi.core.store.OutboxSender;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Builds every service once the store is open and registers the routes. Plain constructors, no container:
 * this class is the whole object graph.
 */
final class Wiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    private final ShaoziConfig config;
    private final Clock clock;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final Dedupe dedupe;
    /** Signature material seen within its timestamp window, shared by all instances when Redis is on. */
    final ReplayGuard replays;
    final SessionStore sessions;
    /** Leases: Redis when configured; else in-process for the embedded H2 file, lease rows for a shared database. */
    final Locks locks;
    /** Every rate limit: residents', the chat page's, and the channels' declared send limits. */
    final Limiter limiter;
    final TokenStore tokens;
    final AccessTokenManager tokenManager;
    final HttpClient http;
    final Outbox outbox;
    /** Announces each newly created 专项答题 to its members (one-off job, run once per topic code). */
    private final io.shaozi.core.schedule.Jobs.OneOff topicNotices;
    final InboundPipeline pipeline;
    final ThreadPoolExecutor dialogPool;
    private final TicketModule ticketModule;
    final OrgService org;
    final TicketService tickets;
    final TextAnalyzer nlp;
    final NearDuplicates similar;
    final Conversations conversations;
    final HandoffJdbc handoffs;
    final ContentService content;
    final io.shaozi.core.audience.ResidentBook residentBook;
    final io.shaozi.core.campaign.Campaigns campaigns;
    final io.shaozi.core.quiz.QuestionBank quiz;
    final io.shaozi.core.quiz.Quizzes quizzes;
    /** The knowledge base residents' questions are answered from (knowledge.dir, polled; the shipped entries else). */
    final io.shaozi.core.knowledge.KnowledgeDesk knowledge;
    private final EscalationScanner scanner;
    /** The one scheduler of recurring and one-off jobs (db-scheduler on the store). */
    private final JobsJdbc jobs;
    private final Database db;
    private final OutboxSender sender;
    /** The registered channels, opened from their settings. */
    private final List<ChatChannel> channels = new ArrayList<>();
    private final ChannelRegistry registry;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "shaozi-timers");
        t.setDaemon(true);
        return t;
    });

    /** This instance's name on leases (inbound claims, the escalation scan). */
    private final String nodeId = "node-" + UUID.randomUUID();
    private final Optional<RedisClient> redis;

    /** The Redis client when {@code redis.url} is set (for readiness). */
    Optional<RedisClient> redis() {
        return redis;
    }

    /** The opened channel whose id is {@code id}. */
    private Optional<ChatChannel> channel(String id) {
        return channels.stream().filter(c -> c.type().channel().id().equals(id)).findFirst();
    }

    /** Whether the channel of an alert address can send from its account as configured (unknown channels: yes). */
    private boolean canAlert(io.shaozi.core.identity.Org.Notify n) {
        return channel(n.channel()).map(c -> c.canSend(n.account(), n.recipient())).orElse(true);
    }

    /** The address of {@code user} on an opened channel's account, when that account can push (as configured). */
    private Optional<String> userAddress(io.shaozi.adapters.common.Channel channel, String account, String user) {
        return channel(channel.id()).flatMap(c -> c.userAddress(account, user));
    }

    Wiring(ShaoziConfig config, Database db, Clock clock, UnaryOperator<Bot> botDecorator, ChannelRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.db = db;
        this.clock = clock;
        StateModule state = StateModule.open(config, db, clock, nodeId);
        closeables.add(state);
        this.dedupe = state.dedupe();
        this.replays = state.replays();
        this.sessions = state.sessions();
        this.locks = state.locks();
        this.limiter = state.limiter();
        this.tokens = state.tokens();
        this.redis = state.redis();
        this.tokenManager = new AccessTokenManager(tokens, clock, Duration.ofMinutes(5));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.outbox = new OutboxJdbc(db.dataSource(), clock);
        InboundSenderJdbc firstSenders = new InboundSenderJdbc(db.dataSource());
        ChannelContext context = new ChannelContext(clock, http, tokenManager, replays, firstSenders::claim);
        for (ChannelType<?> type : registry.types()) {
            channels.add(type.open(config.channels().settings(type), context));
        }
        // tickets
        Path home = Path.of(System.getProperty("shaozi.home", "."));
        ShaoziConfig.Tickets tc = config.tickets();
        this.ticketModule = TicketModule.create(db, clock, new TicketModule.Files(file(home, tc.orgFile()),
                        file(home, tc.slaFile()), file(home, tc.calendarDir()), tc.workdayStart(), tc.workdayEnd(),
                        config.server().publicUrl().replaceAll("/+$", "") + "/console/"),
                dir -> new ResidentNotifier(dir::name, clock, this::userAddress),
                Optional.of(locks), config.admin().token(), nodeId, config.alerts().policy(), this::canAlert);
        this.org = ticketModule.org();
        this.tickets = ticketModule.service();
        this.scanner = ticketModule.scanner();
        // content and approval
        this.content = new ContentService(new ContentJdbc(db), new ContentMachine(sensitiveWords(home,
                config.content())), org::current, clock);
        // jobs: register here (one line each), before start()
        ShaoziConfig.Schedule sc = config.schedule();
        io.shaozi.core.schedule.WorkingCalendar calendar = workingCalendar(ticketModule.calendar(), sc);
        this.jobs = new JobsJdbc(db, clock, calendar,
                new JobsJdbc.Settings(Duration.ofSeconds(sc.pollSeconds()), Duration.ofSeconds(sc.heartbeatSeconds()),
                        sc.threads(), Duration.ofSeconds(config.server().shutdownGraceSeconds())), nodeId);
        jobs.recurring(EscalationScanner.JOB, Schedule.every(Duration.ofSeconds(tc.scanEverySeconds())),
                due -> scanner.scanOnce());
        jobs.recurring(io.shaozi.core.ticket.AlertLadder.JOB,
                Schedule.every(Duration.ofSeconds(config.alerts().scanEverySeconds())),
                due -> ticketModule.alerts().scanOnce());
        // the chat page forgets conversations channels.chat.historyDays old (lines, delivered pushes, empty mailboxes)
        ChatMailboxJdbc chatHistory = new ChatMailboxJdbc(db.dataSource());
        Duration chatRetention = Duration.ofDays(config.channels().chat().historyDays());
        jobs.recurring(ChatMailboxJdbc.EXPIRY_JOB, Schedule.dailyAt(java.time.LocalTime.of(4, 0)), due -> {
            ChatMailboxJdbc.Expired x = chatHistory.expire(io.shaozi.adapters.generic.GenericChannel.CHAT_PAGE,
                    clock.instant().minus(chatRetention));
            if (x.lines() + x.pushes() + x.mailboxes() > 0) {
                LOG.info("chat page: forgot {} lines, {} pushes and {} mailboxes older than {} days", x.lines(),
                        x.pushes(), x.mailboxes(), chatRetention.toDays());
            }
        });
        // DingTalk work notices' send results: what DingTalk's flow control silently dropped fails on the ledger
        channels.stream().filter(c -> c instanceof io.shaozi.adapters.dingtalk.DingTalkChannel).findFirst()
                .map(c -> (io.shaozi.adapters.dingtalk.DingTalkChannel) c).ifPresent(ding -> {
                    io.shaozi.core.push.DingTalkSendResults results = new io.shaozi.core.push.DingTalkSendResults(
                            new io.shaozi.core.store.SendResultJdbc(db.dataSource()),
                            io.shaozi.core.push.DingTalkSendResults.Platform.of(ding), clock);
                    jobs.recurring(io.shaozi.core.push.DingTalkSendResults.JOB, Schedule.every(Duration.ofSeconds(
                            config.channels().settings(io.shaozi.adapters.dingtalk.DingTalkChannel.TYPE)
                                    .resultCheckSeconds())), due -> results.checkOnce());
                });
        UnaryOperator<String> names = code -> org.current().name(code);
        // understanding and conversation
        ShaoziConfig.Nlp nc = config.nlp();
        this.nlp = TextAnalyzer.load(Nlp.settings(nc, home));
        this.similar = new NearDuplicates(tickets, clock, NearDuplicates.Settings.defaults(Duration.ofDays(7)));
        SessionStore conversationStore = config.redis().enabled() ? sessions : new SessionJdbc(db.dataSource(), clock);
        this.conversations = new Conversations() {
            @Override
            public Optional<String> load(String key) {
                return conversationStore.get("dialog:" + key);
            }

            @Override
            public void save(String key, String json, Duration ttl) {
                conversationStore.put("dialog:" + key, json, ttl);
            }

            @Override
            public void clear(String key) {
                conversationStore.delete("dialog:" + key);
            }
        };
        this.handoffs = new HandoffJdbc(db.dataSource());
        ShaoziConfig.Dialog dc = config.dialog();
        RateLimit residentRate = RateLimit.bucket("messages", dc.messagesPerMinute(), Duration.ofMinutes(1),
                RateLimit.Scope.SENDER);
        this.residentBook = new io.shaozi.core.audience.ResidentBook(
                new io.shaozi.core.store.ResidentJdbc(db.dataSource()), clock);
        // campaigns: content × audience × when, the per-recipient ledger, the read page, 通知 / 学习 / 已学
        this.campaigns = campaigns(config, db, clock, calendar);
        residentBook.onArrival(campaigns.digests()); // a resident who writes gets their waiting notices (next digest)
        this.quiz = io.shaozi.core.quiz.QuestionBank.open(new io.shaozi.core.store.QuestionJdbc(db.dataSource()),
                clock, config.quiz().sampleBank()); // the quiz question bank (shipped sample loaded by id)
        // Party members' quizzes: attempts, points, 每日一题 pushed at quiz.dailyAt on working days
        ShaoziConfig.Quiz qc = config.quiz();
        this.quizzes = new io.shaozi.core.quiz.Quizzes(quiz, new io.shaozi.core.store.QuizJdbc(db.dataSource()),
                new io.shaozi.core.quiz.Quizzes.Settings(qc.dailyQuestions(), Duration.ofSeconds(qc.secondsPerQuestion()),
                        qc.challengeMax(), qc.dailyCap(), qc.challengeCap(), qc.streakBonusFrom(), qc.streakBonus(),
                        Duration.ofMinutes(qc.abandonMinutes()), qc.studyCap(), qc.topicCap()), clock,
                new java.security.SecureRandom(), new io.shaozi.core.store.TopicJdbc(db.dataSource()));
        io.shaozi.core.quiz.QuizChat quizChat = new io.shaozi.core.quiz.QuizChat(quizzes, clock);
        io.shaozi.core.quiz.DailyPush dailyPush = new io.shaozi.core.quiz.DailyPush(quizzes, quizChat, org::current,
                outbox);
        jobs.recurring(io.shaozi.core.quiz.DailyPush.JOB, Schedule.workingDaysAt(qc.dailyAt()), dailyPush::run);
        io.shaozi.core.quiz.TopicNotice topicNotice = new io.shaozi.core.quiz.TopicNotice(quizzes, org::current, outbox,
                clock);
        this.topicNotices = jobs.oneOff(io.shaozi.core.quiz.TopicNotice.JOB, run -> topicNotice.announce(run.payload()));
        // study points a stop cut short (已学 recorded, its point not yet): awarded once by a recurring pass
        io.shaozi.core.quiz.StudyPoints studyPoints = new io.shaozi.core.quiz.StudyPoints(quizzes, org::current);
        jobs.recurring(io.shaozi.core.quiz.StudyPoints.JOB, Schedule.every(io.shaozi.core.quiz.StudyPoints.EVERY),
                due -> studyPoints.backfill(campaigns.repository(), clock));
        this.knowledge = new io.shaozi.core.knowledge.KnowledgeDesk(file(home, config.knowledge().dir()), clock);
        ResidentDialog dialog = new ResidentDialog(nlp, tickets, conversations,
                user -> limiter.tryAcquire("msg:" + user, residentRate) instanceof Limiter.Decision.Granted,
                handoffs, similar, names, clock, new ResidentDialog.Settings(dc.maxInputChars(),
                        Duration.ofMinutes(dc.sessionTtlMinutes()), Duration.ofMinutes(dc.humanTimeoutMinutes()),
                        0.55, config.push().unsubscribedGetEmergency()), residentBook,
                new io.shaozi.core.ticket.OrgDirectory(org::current)::communityOf,
                new io.shaozi.core.ticket.OrgDirectory(org::current)::departmentNamedIn, Optional.of(knowledge.base()));
        io.shaozi.core.store.CampaignJdbc massResults = new io.shaozi.core.store.CampaignJdbc(db.dataSource());
        Bot bot = botDecorator.apply(new io.shaozi.core.channel.MassSendEvents(new DialogRouter(dialog, tickets,
                org::current, clock,
                dc.chatPageStaff(), config.channels().generic().signed(), registry,
                Optional.of(new io.shaozi.core.campaign.PushChat(campaigns.repository(), content,
                        (item, token) -> token.map(t -> campaigns.readUrl(item, t))
                                .orElse(config.server().publicUrl().replaceAll("/+$", "") + "/read/" + item),
                        clock, new io.shaozi.core.quiz.StudyPoints(quizzes, org::current))), Optional.of(quizChat)),
                massResults::massResult, clock));
        ShaoziConfig.Storage st = config.storage();
        this.pipeline = new InboundPipeline(new InboundLogJdbc(db.dataSource()), bot, clock,
                new InboundPipeline.Settings(Duration.ofSeconds(st.claimLeaseSeconds()), Duration.ofSeconds(3), 5,
                        Duration.ofMinutes(10)),
                nodeId, db::sync, dedupe);
        AtomicInteger n = new AtomicInteger();
        this.dialogPool = new ThreadPoolExecutor(config.server().workerThreads(), config.server().workerThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.server().workerQueue()), r -> {
                    Thread t = new Thread(r, "shaozi-dialog-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        java.util.Map<io.shaozi.adapters.common.Channel, io.shaozi.core.push.ChannelSender> senders =
                new java.util.HashMap<>(ChannelSenders.of(channels, config.channels().limits(), limiter,
                        new ChannelSenders.History() {
                            @Override
                            public int delivered(io.shaozi.adapters.common.Channel channel, String account,
                                                 Optional<String> recipient, java.time.Instant since) {
                                return OutboxJdbc.delivered(db.dataSource(), channel, account, recipient, since);
                            }

                            @Override
                            public java.util.Map<String, Integer> deliveredEach(io.shaozi.adapters.common.Channel channel,
                                    String account, List<String> recipients, java.time.Instant since) {
                                return OutboxJdbc.deliveredEach(db.dataSource(), channel, account, recipients, since);
                            }
                        }, clock));
        senders.put(io.shaozi.core.ticket.AlertNotifier.SMS, smsSender(config.alerts().sms(), clock));
        urgentSenders(senders, db);
        OutboxSender.Settings outboxSettings = OutboxSender.Settings.defaults();
        senders.put(io.shaozi.core.store.MediaDownloads.CHANNEL, new io.shaozi.core.store.MediaDownloads(
                new io.shaozi.core.store.AttachmentJdbc(db.dataSource()), this::fetchMedia, clock,
                outboxSettings.maxAttempts(), (number, failure) -> ticketModule.service().mediaFailed(number, failure)));
        this.sender = new OutboxSender(db.dataSource(), clock, senders, outboxSettings);
    }

    /** Downloads a resident's photo or voice from the WeChat / WeCom account it arrived on. */
    private io.shaozi.adapters.tencent.CgiBinApi.Download fetchMedia(String channel, String account, String mediaId,
                                                                     int maxBytes) {
        for (io.shaozi.adapters.channel.ChatChannel c : channels) {
            if (c instanceof io.shaozi.adapters.wechat.WeChatChannel wx && channel.equals("wechat")) {
                return wx.media(account, mediaId, maxBytes);
            }
            if (c instanceof io.shaozi.adapters.wecom.WeComChannel wc && channel.equals("wecom")) {
                return wc.media(account, mediaId, maxBytes);
            }
        }
        return new io.shaozi.adapters.tencent.CgiBinApi.Fail(-4, "channel " + channel + " not configured", "media/get");
    }

    /**
     * 加急 rows of the alert ladder (dedupe key {@code alu:<ticket>:…}) use the platform's urgent notice where there is
     * one: Feishu urgent_app on the ticket's earlier message to that open_id, DingTalk DING to a robot user. Other
     * recipients (and a Feishu user with no earlier message) get the 加急 text as an ordinary message.
     */
    private void urgentSenders(java.util.Map<io.shaozi.adapters.common.Channel, io.shaozi.core.push.ChannelSender> senders,
                               Database db) {
        String prefix = io.shaozi.core.ticket.AlertNotifier.URGENT_PREFIX;
        for (io.shaozi.adapters.channel.ChatChannel c : channels) {
            io.shaozi.core.push.ChannelSender base = senders.get(c.type().channel());
            if (base == null) {
                continue;
            }
            if (c instanceof io.shaozi.adapters.feishu.FeishuChannel feishu) {
                senders.put(c.type().channel(), m -> {
                    if (m.dedupeKey().filter(k -> k.startsWith(prefix)).isEmpty()) {
                        return base.send(m);
                    }
                    String number = m.dedupeKey().get().split(":")[1];
                    return OutboxJdbc.platformIdOf(db.dataSource(), m.channel(), m.account(), m.recipient(),
                                    List.of("tk:" + number + ":", "al:" + number + ":"))
                            .flatMap(id -> feishu.urgent(m.account(), m.recipient(), id)).orElseGet(() -> base.send(m));
                });
            } else if (c instanceof io.shaozi.adapters.dingtalk.DingTalkChannel ding) {
                senders.put(c.type().channel(), m -> m.dedupeKey().filter(k -> k.startsWith(prefix)).isEmpty()
                        ? base.send(m) : ding.ding(m.account(), m.recipient(), plain(m.payload()))
                        .orElseGet(() -> base.send(m)));
            }
        }
    }

    private static String plain(io.shaozi.adapters.common.Outbound o) {
        return o instanceof io.shaozi.adapters.common.Outbound.Text t ? t.text()
                : o instanceof io.shaozi.adapters.common.Outbound.Card c ? c.title() + "\n" + c.text() : o.toString();
    }

    /** Alert SMS through the configured HTTP gateway; without one, every SMS row is refused (and says why). */
    private io.shaozi.core.push.ChannelSender smsSender(ShaoziConfig.Alerts.Sms sms, Clock clock) {
        if (sms.url().isEmpty()) {
            return m -> new io.shaozi.adapters.channel.SendOutcome.Rejected("config",
                    "no SMS gateway: alerts.sms.url is not set");
        }
        io.shaozi.adapters.sms.HttpSmsGateway gateway = new io.shaozi.adapters.sms.HttpSmsGateway(sms.url(),
                sms.secret(), Duration.ofMillis(sms.timeoutMillis()), http, clock);
        return m -> gateway.send(m.dedupeKey().orElse(m.recipient()), m.recipient(),
                plain(m.payload()));
    }

    private io.shaozi.core.campaign.Campaigns campaigns(ShaoziConfig config, Database db, Clock clock,
                                                     io.shaozi.core.schedule.WorkingCalendar calendar) {
        ShaoziConfig.Push pc = config.push();
        return new io.shaozi.core.campaign.Campaigns(new io.shaozi.core.store.CampaignJdbc(db.dataSource()), content,
                audiences(), new io.shaozi.core.campaign.DeliveryPolicy(new io.shaozi.core.campaign.DeliveryPolicy.Settings(
                        pc.windowHours(), pc.windowMessages(), Optional.of(pc.wechatTemplateId())
                        .filter(t -> !t.isEmpty()), pc.wechatMassSend())), jobs, clock, calendar,
                new io.shaozi.core.campaign.Campaigns.Settings(config.server().publicUrl(),
                        new io.shaozi.core.campaign.QuietHours(pc.quietFrom(), pc.quietTo()), 2000, Duration.ofSeconds(3),
                        Duration.ofDays(pc.digestDays()), batches(pc.batch())),
                (channel, account, user) -> userAddress(io.shaozi.adapters.common.Channel.of(channel), account, user));
    }

    /**
     * Campaign batch sizes: {@code push.batch.<channel>}, capped by what the channel's batch API takes for the account
     * (0 where it cannot batch: no outbound client, a robot), for addresses of one user.
     */
    private io.shaozi.core.campaign.Campaigns.Batches batches(ShaoziConfig.Batch batch) {
        java.util.Map<String, io.shaozi.adapters.channel.BatchSending> by = new java.util.HashMap<>();
        for (io.shaozi.adapters.channel.ChatChannel c : channels) {
            if (batch.of(c.type().channel().id()) > 1) {
                c.batching().ifPresent(b -> by.put(c.type().channel().id(), b));
            }
        }
        return (channel, account, address) -> {
            io.shaozi.adapters.channel.BatchSending b = by.get(channel);
            return b == null || !b.isMember(address) ? 0 : Math.min(batch.of(channel), b.maxMembers(account));
        };
    }

    private io.shaozi.core.audience.AudienceResolver audiences() {
        return new io.shaozi.core.audience.AudienceResolver(residentBook.store(), org::current,
                config.push().unsubscribedGetEmergency());
    }

    /**
     * The working days of schedules: the configured weekdays, the holidays and 调休 make-up days of the calendar
     * files, then {@code schedule.holidays} / {@code schedule.workdays} (which win for their dates).
     */
    static WorkingCalendar workingCalendar(HolidayCalendar official, ShaoziConfig.Schedule sc) {
        return new WorkingCalendar(sc.weekdays(), official.holidays(), official.makeUpWorkdays())
                .overriddenBy(sc.holidays(), sc.workdays());
    }

    /**
     * The sensitive-word list of {@code content.sensitiveWordsFile}, else the shipped one; a configured file that is
     * missing or has a bad line stops the start with an error naming the key (and the line).
     */
    static SensitiveWords sensitiveWords(Path home, ShaoziConfig.Content cc) {
        String key = "content.sensitiveWordsFile";
        Optional<Path> f = file(home, cc.sensitiveWordsFile());
        if (f.isPresent()) {
            if (!java.nio.file.Files.isRegularFile(f.get())) {
                throw new io.shaozi.config.ConfigException("", key, "no such file " + f.get());
            }
            try {
                return SensitiveWords.parse(java.nio.file.Files.readAllLines(f.get()), f.get().toString());
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new io.shaozi.config.ConfigException("", key, e.getMessage(), e);
            }
        }
        try (java.io.InputStream in = Wiring.class.getResourceAsStream("/defaults/sensitive-words.txt")) {
            return SensitiveWords.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().toList(), key + " (shipped default)");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code ""} → empty (use the shipped default); a relative path is resolved against the install directory. */
    static Optional<Path> file(Path home, String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(value);
        return Optional.of(p.isAbsolute() ? p : home.resolve(p));
    }

    void routes(Router r) {
        ticketModule.routes(r);
        new io.shaozi.core.admin.AttachmentsApi(new io.shaozi.core.store.AttachmentJdbc(db.dataSource()),
                ticketModule.service(), ticketModule.api().auth(), clock,
                n -> io.shaozi.core.store.MediaDownloads.open(db.dataSource(), n)).routes(r);
        new HandoffApi(ticketModule.api().auth(), handoffs, outbox, conversations, registry).routes(r);
        new ContentApi(content, ticketModule.api().auth(), clock).routes(r);
        new io.shaozi.core.admin.AudienceApi(audiences(), ticketModule.api().auth()).routes(r);
        new io.shaozi.core.admin.CampaignApi(campaigns, ticketModule.api().auth()).routes(r);
        new io.shaozi.core.admin.QuizApi(quiz, ticketModule.api().auth(), quizzes, org::current, clock,
                t -> topicNotices.schedule(t.code(), clock.instant(), t.code())).routes(r);
        new io.shaozi.core.admin.KnowledgeApi(knowledge, ticketModule.api().auth(),
                q -> io.shaozi.core.dialog.KnowledgeGate.skip(nlp.analyze(q))).routes(r);
        new io.shaozi.core.admin.ReadPage(content, campaigns.repository(), clock,
                new io.shaozi.core.quiz.StudyPoints(quizzes, org::current), new io.shaozi.core.admin.ReadPage.Readers() {
                    @Override
                    public Optional<io.shaozi.adapters.channel.WebLogin> login(String channel) {
                        return channels.stream().filter(c -> c.type().channel().id().equals(channel)).findFirst()
                                .flatMap(io.shaozi.adapters.channel.ChatChannel::webLogin);
                    }

                    @Override
                    public Optional<String> address(String channel, String account, String user) {
                        return userAddress(io.shaozi.adapters.common.Channel.of(channel), account, user);
                    }
                }, config.server().publicUrl()).routes(r);
        new ChannelEndpoints(channels, pipeline, dialogPool).routes(r);
        ShaoziConfig.Chat chat = config.channels().chat();
        if (chat.enabled()) {
            ChatSessions sessions = chatSessions(chat);
            new io.shaozi.core.admin.ChatLinkApi(ticketModule.api().auth(), sessions::bindToken,
                    config.server().publicUrl().replaceAll("/+$", ""), clock).routes(r);
            new ChatEndpoint(pipeline, sessions, limiter, new ChatMailboxJdbc(db.dataSource()), clock,
                    new ChatEndpoint.Settings(true, chat.messagesPerMinute(), config.server().httpsPublicUrl()),
                    () -> {
                        java.util.Map<String, java.util.List<String>> places = new java.util.LinkedHashMap<>();
                        org.current().communities().forEach(c -> places.put(c.name(), c.places()));
                        return places;
                    }, new io.shaozi.core.store.AttachmentJdbc(db.dataSource())).routes(r);
        }
    }

    /** The chat page's session signer: the configured key, else the one kept in the data directory. */
    private ChatSessions chatSessions(ShaoziConfig.Chat chat) {
        if (chat.sessionKey().isEmpty() && config.redis().enabled()) {
            LOG.warn("channels.chat.sessionKey is empty: each instance signs chat sessions with its own key from its"
                    + " data directory; set the same key on every instance behind one address");
        }
        try {
            return new ChatSessions(ChatSessions.key(chat.sessionKey(), config.storage().dataDir()), clock,
                    Duration.ofDays(chat.sessionDays()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("channels.chat.sessionKey: cannot keep a generated key under "
                    + "storage.dataDir (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    void start() {
        sender.start();
        jobs.start();
        long every = config.storage().recoverEverySeconds();
        timers.scheduleWithFixedDelay(this::recoverInbound, every, every, TimeUnit.SECONDS);
        timers.execute(this::indexOpenTickets); // in the background: start-up does not wait
        long kb = config.knowledge().pollSeconds(); // edits in knowledge.dir are served without a restart
        timers.scheduleWithFixedDelay(knowledge::reloadIfChanged, kb, kb, TimeUnit.SECONDS);
        int reload = config.nlp().reloadSeconds();
        file(Path.of(System.getProperty("shaozi.home", ".")), config.nlp().model()).filter(f -> reload > 0).ifPresent(f -> {
            ModelReloader reloader = new ModelReloader(nlp, f);
            timers.scheduleWithFixedDelay(reloader::check, reload, reload, TimeUnit.SECONDS);
        });
    }

    /** The recovery sweep: deliveries whose holder died are processed here, their replies pushed. */
    private void recoverInbound() {
        try {
            int n;
            do {
                n = pipeline.recover(50);
                if (n > 0) {
                    LOG.info("recovered {} inbound deliveries whose first holder did not finish", n);
                }
            } while (n == 50);
        } catch (RuntimeException e) {
            LOG.warn("inbound recovery sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Reads the open tickets of the near-duplicate window (every instance's) before the first lookup needs them. */
    private void indexOpenTickets() {
        try {
            similar.refresh(clock.instant());
            LOG.info("near-duplicate index: {} open tickets", similar.size());
        } catch (RuntimeException e) {
            LOG.warn("near-duplicate index not loaded yet (the first lookup retries): {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        jobs.close(); // stops taking jobs; waits for running ones (bounded) while the store is still open
        // Finish conversations already acknowledged to the platform (Feishu events, late WeChat replies) before
        // the outbox, Redis and the store go away.
        dialogPool.shutdown();
        try {
            dialogPool.awaitTermination(config.server().shutdownGraceSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on the way out: nothing more to do
            }
        }
    }
}
