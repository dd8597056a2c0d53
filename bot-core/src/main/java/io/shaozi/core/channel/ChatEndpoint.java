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
    private final java.util.function.Supplier<Map<String, List<String>>> places;
    private final io.shaozi.core.store.AttachmentJdbc attachments;

    public ChatEndpoint(InboundPipeline pipeline, ChatSessions sessions, Limiter limiter, ChatMailboxJdbc mailbox,
                        Clock clock, Settings settings) {
        this(pipeline, sessions, limiter, mailbox, clock, settings, Map::of, null);
    }

    /**
     * @param places      the org's places by community name (the page's location picker)
     * @param attachments where photos sent from the page are kept
     */
    public ChatEndpoint(InboundPipeline pipeline, ChatSessions sessions, Limiter limiter, ChatMailboxJdbc mailbox,
                        Clock clock, Settings settings, java.util.function.Supplier<Map<String, List<String>>> places,
                        io.shaozi.core.store.AttachmentJdbc attachments) {
        this.places = places;
        this.attachments = attachments;
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
        router.get("/chat/api/history", answering(this::history));
        router.get("/chat/api/places", answering(this::places));
        if (attachments != null) {
            router.post("/chat/api/photos", answering(this::photo));
        }
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
        Origin origin = new Origin(Channel.GENERIC, ACCOUNT, user(id), msgId, clock.instant());
        Inbound in;
        Map<String, Object> said = new java.util.LinkedHashMap<>();
        if (body.hasNonNull("place")) {
            // the location button: a place picked from the org's list or typed, as a location with a label
            String place = InputGate.gate(() -> io.shaozi.adapters.common.Fields.text(
                    io.shaozi.adapters.common.JsonFields.requiredText(body, "place", Integer.MAX_VALUE), 200));
            if (place.isBlank()) {
                throw HttpError.badRequest("place must not be empty");
            }
            in = new Inbound.Location(origin, 0, 0, 0, place);
            said.put("type", "location");
            said.put("text", place);
        } else if (body.hasNonNull("photo")) {
            // the photo button: the picture was uploaded first (POST /chat/api/photos), this sends it
            long photo = InputGate.integer(body, "photo", 1, Integer.MAX_VALUE).orElseThrow();
            if (attachments == null || attachments.get(photo).filter(f -> f.meta().uploadedBy().equals(user(id)))
                    .isEmpty()) {
                throw HttpError.badRequest("photo is not a picture uploaded in this session");
            }
            in = new Inbound.Image(origin, "att-" + photo, Optional.of("/api/attachments/" + photo));
            said.put("type", "photo");
            said.put("text", "[照片]");
            said.put("photo", photo);
        } else {
            String text = InputGate.gate(() -> GenericChannel.text(body));
            in = new Inbound.Text(origin, text);
            said.put("type", "text");
            said.put("text", text);
        }
        WebResponse r = ChannelEndpoints.inResponse(pipeline, Channel.GENERIC.id(), in,
                new Reception.InResponse(Optional.of(origin.user()), GenericChannel::replies));
        remember(user(id), said, r);
        return r;
    }

    /** Keeps what was sent and answered (not a repeat of an earlier msgId) for the page's history. */
    private void remember(String user, Map<String, Object> said, WebResponse r) {
        if (r.status() != 200) {
            return;
        }
        JsonNode answer = Json.parse(r.body());
        if (answer.path("duplicate").asBoolean(false)) {
            return;
        }
        mailbox.remember(ACCOUNT, user, "me", Json.text(said), clock.instant());
        for (JsonNode reply : answer.path("replies")) {
            mailbox.remember(ACCOUNT, user, "bot", reply.toString(), clock.instant());
        }
    }

    /**
     * {@code GET /chat/api/history}: the session's conversation, oldest first ({@code items}: kind me|bot|push, the
     * message, at, and for pushes their sequence number and {@code away}: not shown by a page before, it arrived
     * while no page was open), and {@code last}, the cursor to poll after.
     */
    WebResponse history(WebRequest req) {
        String user = user(require(req));
        limit("chat-poll:" + user, POLLS);
        List<Object> items = new java.util.ArrayList<>();
        List<ChatMailboxJdbc.Line> lines = mailbox.history(ACCOUNT, user);
        long seen = mailbox.seen(ACCOUNT, user);
        long latest = mailbox.latest(ACCOUNT, user);
        mailbox.markSeen(ACCOUNT, user, latest);
        for (ChatMailboxJdbc.Line l : lines) {
            Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("kind", l.kind());
            x.put("at", l.at().toString());
            if (l.pushed().isPresent()) {
                x.put("message", Replies.toJson(List.of(l.pushed().get())).get(0));
                x.put("seq", l.seq());
                x.put("away", l.seq() > seen);
            } else {
                x.put("message", Json.parse(l.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            items.add(x);
        }
        return WebResponse.json(200, Map.of("items", items, "last", latest));
    }

    /** {@code GET /chat/api/places}: the org's places by community, for the location picker. */
    WebResponse places(WebRequest req) {
        require(req);
        List<Object> out = new java.util.ArrayList<>();
        places.get().forEach((community, names) -> out.add(Map.of("community", community, "places", names)));
        return WebResponse.json(200, Map.of("communities", out));
    }

    /**
     * {@code POST /chat/api/photos} with the picture as the body: kept (sniffed type, size limit, images only) and
     * answered {@code {"id"}}; the page then sends {@code {"photo": id}} as a message.
     */
    WebResponse photo(WebRequest req) {
        String user = user(require(req));
        limit("chat-send:" + user.substring(4), sends);
        byte[] b = req.body();
        String type = io.shaozi.core.http.Uploads.check("photo", b);
        if (!type.startsWith("image/")) {
            throw HttpError.badRequest("photo must be an image (JPEG, PNG, GIF, WebP)");
        }
        long id = attachments.put(Optional.empty(), type, io.shaozi.core.http.Uploads.name("", type), b, user,
                clock.instant());
        return WebResponse.json(200, Map.of("id", id));
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
        if (!pushed.isEmpty()) {
            mailbox.markSeen(ACCOUNT, user, last); // shown by an open page: not "while away" next time
        }
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
