package io.shaozi.core.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.channel.Reception;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebHandler;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.server.StaticFiles;
import io.shaozi.core.store.ChatMailboxJdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The /chat/ page and its API, under account "chat" of the generic channel. The browser never names its user: the
 * server issues a signed session cookie ({@link ChatSessions}, HttpOnly, SameSite=Strict, Secure behind https) at
 * {@code GET /chat/api/session}, and the session id decides the user ({@code web-<id>}) for sending and polling.
 * Requests without a valid session get 401 with a fresh cookie (the page retries once under the new session); each
 * session has its own message and poll rate limits (429 with Retry-After).
 */
public final class ChatEndpoint {
    static final String ACCOUNT = GenericChannel.CHAT_PAGE;
    static final int POLLS_PER_MINUTE = 120;
    private static final RateLimit POLLS = RateLimit.bucket("chatPoll", POLLS_PER_MINUTE, Duration.ofMinutes(1),
            RateLimit.Scope.SENDER);

    /** Settings of the page: whether it is served, the per-session message limit, the cookie's Secure flag. */
    public record Settings(boolean enabled, int messagesPerMinute, boolean secureCookie) {
    }

    private final InboundPipeline pipeline;
    private final ChatSessions sessions;
    private final Limiter limiter;
    private final RateLimit sends;
    private final ChatMailboxJdbc mailbox;
    private final Clock clock;
    private final Settings settings;

    public ChatEndpoint(InboundPipeline pipeline, ChatSessions sessions, Limiter limiter, ChatMailboxJdbc mailbox,
                        Clock clock, Settings settings) {
        this.pipeline = pipeline;
        this.sessions = sessions;
        this.limiter = limiter;
        this.sends = RateLimit.bucket("chatSend", settings.messagesPerMinute(), Duration.ofMinutes(1),
                RateLimit.Scope.SENDER);
        this.mailbox = mailbox;
        this.clock = clock;
        this.settings = settings;
    }

    /** Registers the page and its API; nothing when the page is disabled (every /chat/ path is then 404). */
    public void routes(Router router) {
        if (!settings.enabled()) {
            return;
        }
        router.get("/chat/api/session", this::session);
        router.get("/chat/bind", this::bind);
        router.post("/chat/api/messages", answering(this::send));
        router.get("/chat/api/messages", answering(this::poll));
        router.get("/chat", req -> WebResponse.text(301, "").withHeader("Location", "/chat/"));
        router.get("/chat/*", new StaticFiles("web/chat"));
    }

    /** {@code GET /chat/api/session}: renews a valid session (same user) or starts a new one; {@code {"user"}}. */
    WebResponse session(WebRequest req) {
        String id = sessionId(req).orElse(null);
        String value = id == null ? sessions.issue() : sessions.sign(id);
        String user = user(sessions.verify(value).orElseThrow());
        return withCookie(WebResponse.json(200, Map.of("user", user)), value);
    }

    /**
     * {@code GET /chat/bind?t=<token>}: a console-issued link ({@link ChatSessions#bindToken}) opens the page as that
     * staff member: the session becomes {@code staff-<personId>} and the browser goes on to {@code /chat/}.
     */
    WebResponse bind(WebRequest req) {
        String token = req.param("t").map(String::strip).orElse("");
        Optional<String> person = token.length() > 200 ? Optional.empty() : sessions.verifyBind(token);
        if (person.isEmpty()) {
            return WebResponse.text(400, "链接无效或已过期，请在工作台重新获取。");
        }
        return withCookie(WebResponse.text(302, "").withHeader("Location", "/chat/"),
                sessions.sign(ChatSessions.STAFF_PREFIX + person.get()));
    }

    /** {@code POST /chat/api/messages} {@code {"text", "msgId"}}: any {@code user} in the body is ignored. */
    WebResponse send(WebRequest req) {
        String id = require(req);
        limit("chat-send:" + id, sends);
        JsonNode body = Json.parse(req.body());
        if (!body.isObject()) {
            throw HttpError.badRequest("body must be a JSON object with text and msgId");
        }
        String msgId = InputGate.requiredId(body, "msgId", GenericChannel.MAX_ID);
        String text = InputGate.gate(() -> GenericChannel.text(body));
        Origin origin = new Origin(Channel.GENERIC, ACCOUNT, user(id), msgId, clock.instant());
        return ChannelEndpoints.inResponse(pipeline, Channel.GENERIC.id(), new Inbound.Text(origin, text),
                new Reception.InResponse(Optional.of(origin.user()), GenericChannel::replies));
    }

    /**
     * {@code GET /chat/api/messages?after=N}: messages pushed to this session's user (status changes, rating surveys)
     * after number N of its delivery sequence, with {@code last}, the cursor for the next poll. Without
     * {@code after}, returns nothing and the cursor to start from. A {@code user} parameter is ignored.
     */
    WebResponse poll(WebRequest req) {
        String user = user(require(req));
        limit("chat-poll:" + user, POLLS);
        Optional<String> after = req.param("after");
        if (after.isEmpty()) {
            return WebResponse.json(200, Map.of("messages", List.of(), "last", mailbox.latest(ACCOUNT, user)));
        }
        long afterSeq;
        try {
            afterSeq = Long.parseLong(after.get());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("query parameter after must be a number");
        }
        if (afterSeq < 0) {
            throw HttpError.badRequest("query parameter after must not be negative");
        }
        List<ChatMailboxJdbc.Pushed> pushed = mailbox.after(ACCOUNT, user, afterSeq, 50);
        long last = pushed.isEmpty() ? afterSeq : pushed.get(pushed.size() - 1).seq();
        return WebResponse.json(200, Map.of("messages",
                Replies.toJson(pushed.stream().map(ChatMailboxJdbc.Pushed::message).toList()), "last", last));
    }

    static String user(String sessionId) {
        return "web-" + sessionId;
    }

    /** The valid session of the request, else a 401 that carries a fresh session cookie. */
    private String require(WebRequest req) {
        return sessionId(req).orElseThrow(() -> new Unauthorized(sessions.issue()));
    }

    private Optional<String> sessionId(WebRequest req) {
        return cookie(req, ChatSessions.COOKIE).flatMap(sessions::verify);
    }

    private void limit(String key, RateLimit limit) {
        if (limiter.tryAcquire(key, limit) instanceof Limiter.Decision.Wait w) {
            long millis = Duration.between(clock.instant(), w.until()).toMillis();
            throw new TooMany(Math.max(1, Math.min(60, (millis + 999) / 1000)));
        }
    }

    private WebResponse withCookie(WebResponse r, String value) {
        return r.withHeader("Set-Cookie", ChatSessions.COOKIE + "=" + value + "; Path=/chat/; Max-Age="
                + sessions.lifetime().toSeconds() + "; HttpOnly; SameSite=Strict"
                + (settings.secureCookie() ? "; Secure" : ""));
    }

    /** The value of cookie {@code name} in the request's Cookie header. */
    static Optional<String> cookie(WebRequest req, String name) {
        for (String part : req.header("Cookie").orElse("").split(";")) {
            String p = part.strip();
            if (p.startsWith(name + "=")) {
                return Optional.of(p.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** Wraps a handler so that the session and rate-limit refusals become their answers. */
    private WebHandler answering(WebHandler h) {
        return req -> {
            try {
                return h.handle(req);
            } catch (Unauthorized u) {
                return withCookie(WebResponse.error(401, "会话无效或已过期，已为您开始新的会话，请重新发送"), u.fresh);
            } catch (TooMany t) {
                return WebResponse.error(429, "发送太频繁，请 " + t.seconds + " 秒后再试")
                        .withHeader("Retry-After", Long.toString(t.seconds));
            }
        };
    }

    private static final class Unauthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient String fresh;

        Unauthorized(String fresh) {
            super(null, null, false, false);
            this.fresh = fresh;
        }
    }

    private static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long seconds;

        TooMany(long seconds) {
            super(null, null, false, false);
            this.seconds = seconds;
        }
    }
}
