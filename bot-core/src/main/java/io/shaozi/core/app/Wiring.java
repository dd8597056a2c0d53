package io.shaozi.core.app;

import io.shaozi.adapters.common.AccessTokenManager;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.TokenStore;
import io.shaozi.adapters.tencent.RateLimit;
import io.shaozi.adapters.wechat.WeChatAccount;
import io.shaozi.adapters.wechat.WeChatClient;
import io.shaozi.adapters.wechat.WeChatProtocol;
import io.shaozi.adapters.wecom.WeComApp;
import io.shaozi.adapters.wecom.WeComClient;
import io.shaozi.adapters.wecom.WeComProtocol;
import io.shaozi.core.channel.GenericChannel;
import io.shaozi.core.channel.InboundPipeline;
import io.shaozi.core.channel.PassiveReplyEndpoint;
import io.shaozi.core.channel.PlatformSenders;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.dialog.Bot;
import io.shaozi.core.dialog.HelpBot;
import io.shaozi.core.http.Router;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxQueue;
import io.shaozi.core.push.SendResult;
import io.shaozi.core.state.Dedupe;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.state.Locks;
import io.shaozi.core.state.RateLimiter;
import io.shaozi.core.state.RedisClient;
import io.shaozi.core.state.RedisState;
import io.shaozi.core.state.RedisTokenStore;
import io.shaozi.core.state.SessionStore;
import io.shaozi.core.store.ChatMailboxJdbc;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.InboundLogJdbc;
import io.shaozi.core.store.OutboxQueueJdbc;
import io.shaozi.core.store.OutboxSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final ShaoziConfig config;
    private final Clock clock;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final Dedupe dedupe;
    final SessionStore sessions;
    final Locks locks;
    final RateLimiter rateLimiter;
    final TokenStore tokens;
    final AccessTokenManager tokenManager;
    final HttpClient http;
    final OutboxQueue outbox;
    final InboundPipeline pipeline;
    final ThreadPoolExecutor dialogPool;
    private final Database db;
    private final OutboxSender sender;

    Wiring(ShaoziConfig config, Database db, Clock clock, UnaryOperator<Bot> botDecorator) {
        this.config = config;
        this.db = db;
        this.clock = clock;
        if (config.redis().enabled()) {
            RedisClient redis = new RedisClient(config.redis().url(), "shaozi:");
            if (!redis.ping()) {
                redis.close();
                throw new IllegalStateException("redis.url: Redis does not answer at "
                        + config.redis().toString());
            }
            closeables.add(redis);
            RedisState state = new RedisState(redis, clock);
            this.dedupe = state;
            this.sessions = state;
            this.locks = state;
            this.rateLimiter = state;
            this.tokens = new RedisTokenStore(redis, state, clock, Duration.ofSeconds(15));
        } else {
            LocalState state = new LocalState(clock, 200_000);
            this.dedupe = state;
            this.sessions = state;
            this.locks = state;
            this.rateLimiter = state;
            this.tokens = new InMemoryTokenStore();
        }
        this.tokenManager = new AccessTokenManager(tokens, clock, Duration.ofMinutes(5));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.outbox = new OutboxQueueJdbc(db.dataSource(), clock);
        Bot bot = botDecorator.apply(new HelpBot());
        this.pipeline = new InboundPipeline(new InboundLogJdbc(db.dataSource()), bot, clock, Duration.ofSeconds(3),
                dedupe);
        AtomicInteger n = new AtomicInteger();
        this.dialogPool = new ThreadPoolExecutor(config.server().workerThreads(), config.server().workerThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.server().workerQueue()), r -> {
                    Thread t = new Thread(r, "shaozi-dialog-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.sender = new OutboxSender(db.dataSource(), clock, senders(), OutboxSender.Settings.defaults());
    }

    void routes(Router r) {
        new GenericChannel(pipeline, config.channels().generic().secret(), clock,
                new ChatMailboxJdbc(db.dataSource())).routes(r);
        ShaoziConfig.WeChat wc = config.channels().wechat();
        Map<String, WeChatProtocol> wechat = new LinkedHashMap<>();
        for (WeChatAccount a : wc.accounts()) {
            wechat.put(a.id(), new WeChatProtocol(a, clock, Duration.ofSeconds(wc.timestampWindowSeconds())));
        }
        PassiveReplyEndpoint.wechat(wechat, pipeline, outbox, dialogPool, Duration.ofMillis(wc.replyBudgetMillis()))
                .routes(r);
        ShaoziConfig.WeCom wx = config.channels().wecom();
        Map<String, WeComProtocol> wecom = new LinkedHashMap<>();
        for (WeComApp a : wx.apps()) {
            wecom.put(a.id(), new WeComProtocol(a, clock, Duration.ofSeconds(wx.timestampWindowSeconds())));
        }
        PassiveReplyEndpoint.wecom(wecom, pipeline, outbox, dialogPool, Duration.ofMillis(wx.replyBudgetMillis()))
                .routes(r);
    }

    void start() {
        sender.start();
    }

    /** The platform senders of the outbox, per channel. */
    private Map<Channel, ChannelSender> senders() {
        Map<Channel, ChannelSender> m = new EnumMap<>(Channel.class);
        // The chat page reads its pushes from the outbox: for its account, "sent" means "stored for polling".
        m.put(Channel.GENERIC, msg -> "chat".equals(msg.account()) ? new SendResult.Sent()
                : new SendResult.Rejected("the generic webhook has no push channel"));
        ShaoziConfig.WeChat wc = config.channels().wechat();
        Map<String, WeChatClient> wechat = new LinkedHashMap<>();
        for (WeChatAccount a : wc.accounts()) {
            if (!a.appSecret().isEmpty()) {
                wechat.put(a.id(), new WeChatClient(a, URI.create(wc.apiBase()), tokenManager, http, clock,
                        new WeChatClient.Options(Map.of(WeChatClient.CUSTOM_SEND,
                                RateLimit.perSecond(wc.customSendPerSecond())), Duration.ofSeconds(5),
                                WeChatClient.TokenApi.STABLE)));
            }
        }
        m.put(Channel.WECHAT, PlatformSenders.wechat(wechat));
        ShaoziConfig.WeCom wx = config.channels().wecom();
        Map<String, WeComClient> wecom = new LinkedHashMap<>();
        for (WeComApp a : wx.apps()) {
            if (!a.secret().isEmpty()) {
                wecom.put(a.id(), new WeComClient(a, URI.create(wx.apiBase()), tokenManager, http, clock));
            }
        }
        m.put(Channel.WECOM, PlatformSenders.wecom(wecom));
        return m;
    }

    @Override
    public void close() {
        sender.close();
        dialogPool.shutdown();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on the way out: nothing more to do
            }
        }
    }
}
