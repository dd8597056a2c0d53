package io.shaozi.core.admin;

import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.ContentState;
import io.shaozi.core.content.Markdown;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.campaign.CampaignRepository;
import io.shaozi.core.campaign.LedgerEntry;
import io.shaozi.core.schedule.Schedule;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The mobile read page of a pushed item (no CDN, no script, one stylesheet of its own):
 * <pre>
 * GET  /read/{item}?t=&lt;token&gt;       the item; the first opening with a recipient's token counts as read
 * GET  /read/{item}?c=&lt;campaign token&gt;&amp;ch=&amp;acc=   a batched message's link: the platform's web login says who
 *                                    reads (then as with their token), else an anonymous read of the campaign
 * POST /read/{item}/studied          form field t: 已学 (learning items), counts as studied
 * GET  /read/read.css
 * </pre>
 * Only approved (or emergency-sent) items are shown; anything else, or a token of another item, is 404. The token
 * identifies one ledger row; it is random (128 bits), so it cannot be guessed from another.
 */
public final class ReadPage {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{10,80}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日").withZone(Schedule.ZONE);
    private static final byte[] CSS = css();
    private final ContentService content;
    private final CampaignRepository ledger;
    private final Clock clock;
    private final io.shaozi.core.campaign.StudyListener onStudied;

    public ReadPage(ContentService content, CampaignRepository ledger, Clock clock) {
        this(content, ledger, clock, io.shaozi.core.campaign.StudyListener.none());
    }

    /**
     * Who reads a batched message's link: the platforms' web logins ({@link io.shaozi.adapters.channel.WebLogin}) and
     * the address that reaches a user (a person's ledger row is under their alert address, a resident's under their
     * user id).
     */
    public interface Readers {
        Readers NONE = new Readers() {
            @Override
            public Optional<io.shaozi.adapters.channel.WebLogin> login(String channel) {
                return Optional.empty();
            }

            @Override
            public Optional<String> address(String channel, String account, String user) {
                return Optional.empty();
            }
        };

        Optional<io.shaozi.adapters.channel.WebLogin> login(String channel);

        Optional<String> address(String channel, String account, String user);
    }

    private final Readers readers;
    private final String publicUrl;

    public ReadPage(ContentService content, CampaignRepository ledger, Clock clock,
                    io.shaozi.core.campaign.StudyListener onStudied) {
        this(content, ledger, clock, onStudied, Readers.NONE, "");
    }

    /** @param publicUrl {@code server.publicUrl}: where the web login sends the reader back to */
    public ReadPage(ContentService content, CampaignRepository ledger, Clock clock,
                    io.shaozi.core.campaign.StudyListener onStudied, Readers readers, String publicUrl) {
        this.readers = readers;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.onStudied = onStudied;
        this.content = content;
        this.ledger = ledger;
        this.clock = clock;
    }

    public void routes(Router r) {
        r.get("/read/read.css", req -> new WebResponse(200, "text/css; charset=utf-8",
                java.util.Map.of("Cache-Control", "max-age=3600"), CSS));
        r.get("/read/{item}", this::page);
        r.post("/read/{item}/studied", this::studied);
    }

    private Optional<ContentItem> item(WebRequest req) {
        String id = req.pathVar("item");
        if (!id.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return content.find(Long.parseLong(id)).filter(i -> i.state() == ContentState.APPROVED
                || i.state() == ContentState.SENT_EMERGENCY);
    }

    private Optional<LedgerEntry> entry(Optional<String> token, ContentItem item) {
        return token.filter(t -> TOKEN.matcher(t).matches()).flatMap(ledger::byToken)
                .filter(e -> e.contentId() == item.id());
    }

    WebResponse page(WebRequest req) {
        Optional<ContentItem> item = item(req);
        if (item.isEmpty()) {
            return gone();
        }
        Optional<String> campaignToken = req.param("c");
        if (campaignToken.isPresent() && req.param("t").isEmpty()) {
            return batched(req, item.get(), campaignToken.get());
        }
        Optional<String> token = req.param("t");
        Optional<LedgerEntry> e = entry(token, item.get());
        if (token.isPresent() && e.isEmpty()) {
            return gone();
        }
        e.ifPresent(x -> ledger.markRead(x.publicToken(), clock.instant()));
        return WebResponse.html(200, html(item.get(), e, e.flatMap(LedgerEntry::studiedAt).isPresent()));
    }

    /**
     * A batched message's link ({@code ?c=<campaign>-<run>-<secret>&ch=<channel>&acc=<account>}): one link for every
     * recipient of the batch. Where the channel's web login is configured, the first opening goes to the platform's
     * login and comes back with a {@code code}; the user it names is found in the run's ledger and their read is
     * recorded on their own row, exactly as their token would (the page then offers 已学 for them). Without a web
     * login, a refused login or a reader who is not in the ledger, the opening counts as an anonymous read of the
     * campaign. A token that is not the campaign's, or a campaign of another item, is 404.
     */
    private WebResponse batched(WebRequest req, ContentItem item, String c) {
        Optional<LedgerEntry.CampaignToken> t = LedgerEntry.parseCampaignToken(c);
        if (t.isEmpty() || !ledger.find(t.get().campaignId()).filter(x -> x.contentId() == item.id()).isPresent()
                || !ledger.linkSecret(t.get().campaignId()).filter(secret -> java.security.MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), t.get().secret().getBytes(StandardCharsets.UTF_8)))
                .isPresent()) {
            return gone();
        }
        String channel = req.param("ch").orElse("");
        String account = req.param("acc").orElse("");
        Optional<io.shaozi.adapters.channel.WebLogin> login = channel.isEmpty() ? Optional.empty()
                : readers.login(channel);
        Optional<String> code = req.param("code").filter(x -> !x.isBlank() && x.length() <= 512);
        String back = publicUrl + "/read/" + item.id() + "?c=" + enc(c) + "&ch=" + enc(channel) + "&acc="
                + enc(account);
        if (login.isPresent() && code.isEmpty() && req.param("state").isEmpty() && !publicUrl.isEmpty()) {
            Optional<java.net.URI> to = login.get().authorize(account, back, "read");
            if (to.isPresent()) {
                return new WebResponse(302, "text/plain; charset=utf-8", java.util.Map.of("Location",
                        to.get().toString(), "Cache-Control", "no-store"), new byte[0]);
            }
        }
        Optional<LedgerEntry> e = Optional.empty();
        if (login.isPresent() && code.isPresent()) {
            Optional<String> user = login.get().user(account, code.get(), back);
            if (user.isPresent()) {
                e = ledger.entryFor(t.get().campaignId(), t.get().run(),
                        new io.shaozi.core.audience.Recipient(channel, account, user.get()));
                if (e.isEmpty()) {
                    Optional<String> address = readers.address(channel, account, user.get());
                    if (address.isPresent()) {
                        e = ledger.entryFor(t.get().campaignId(), t.get().run(),
                                new io.shaozi.core.audience.Recipient(channel, account, address.get()));
                    }
                }
            }
        }
        if (e.isPresent()) {
            ledger.markRead(e.get().publicToken(), clock.instant());
        } else {
            ledger.anonymousRead(t.get().campaignId());
        }
        return WebResponse.html(200, html(item, e, e.flatMap(LedgerEntry::studiedAt).isPresent()));
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    WebResponse studied(WebRequest req) {
        Optional<ContentItem> item = item(req);
        if (item.isEmpty()) {
            return gone();
        }
        Optional<LedgerEntry> e = entry(formField(req.bodyText(), "t"), item.get());
        if (e.isEmpty()) {
            return gone();
        }
        java.time.Instant now = clock.instant();
        if (ledger.markStudied(e.get().publicToken(), now) || e.get().studiedAt().isPresent()) {
            onStudied.studied(e.get(), now); // idempotent: a repeat completes what a crash may have cut short
        }
        return WebResponse.html(200, html(item.get(), e, true));
    }

    private static byte[] css() {
        try (java.io.InputStream in = ReadPage.class.getResourceAsStream("/web/read/read.css")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("web/read/read.css missing from the jar", e);
        }
    }

    static Optional<String> formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException bad) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static WebResponse gone() {
        return WebResponse.html(404, page("内容不存在", "<p class=\"gone\">内容不存在或已下线。</p>"));
    }

    private static String html(ContentItem item, Optional<LedgerEntry> e, boolean studied) {
        var d = item.draft();
        StringBuilder b = new StringBuilder();
        b.append("<span class=\"kind ").append(d.kind().code()).append("\">").append(esc(d.kind().label()))
                .append("</span><h1>").append(esc(d.title())).append("</h1><div class=\"meta\">")
                .append(esc(d.source().isEmpty() ? "" : d.source() + " · ")).append(DATE.format(item.updatedAt()))
                .append("</div><article>").append(Markdown.toHtml(d.body())).append("</article>");
        d.link().ifPresent(l -> b.append("<p class=\"link\"><a href=\"").append(esc(l))
                .append("\" rel=\"noopener noreferrer\">查看原文</a></p>"));
        if (d.kind() == ContentKind.LEARNING && e.isPresent()) {
            if (studied) {
                b.append("<div class=\"done\">已记录学习，谢谢！</div>");
            } else {
                b.append("<form method=\"post\" action=\"/read/").append(item.id()).append("/studied\">")
                        .append("<input type=\"hidden\" name=\"t\" value=\"").append(esc(e.get().publicToken()))
                        .append("\"><button type=\"submit\">已学</button></form>");
            }
        }
        return page(d.title(), b.toString());
    }

    private static String page(String title, String main) {
        return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"/read/read.css\"></head>"
                + "<body><main>" + main + "</main></body></html>";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
