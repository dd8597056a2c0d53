package io.shaozi.core.admin;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.Uploads;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.store.AttachmentJdbc;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;
import static io.shaozi.core.admin.AdminInput.limit;

/**
 * A ticket's files, kept in the database: {@code POST /api/tickets/{number}/attachments} (the file as the body, its
 * name in {@code X-File-Name}, URL-encoded; at most {@link Uploads#MAX_BYTES} and {@code server.maxBodyBytes}; the
 * type is sniffed from the bytes: images, PDF, audio — executables and anything else are refused with 400),
 * {@code GET .../attachments} (the list, photos the resident sent from the chat page included) and
 * {@code GET .../attachments/{id}} (the bytes). Whoever may see the ticket may see and add its files.
 */
public final class AttachmentsApi {
    private final AttachmentJdbc files;
    private final TicketService tickets;
    private final AdminAuth authn;
    private final Clock clock;
    private final java.util.function.Function<String, List<io.shaozi.core.store.MediaDownloads.Job>> downloads;

    public AttachmentsApi(AttachmentJdbc files, TicketService tickets, AdminAuth authn, Clock clock) {
        this(files, tickets, authn, clock, n -> List.of());
    }

    /** @param downloads a ticket's platform media not stored yet (being downloaded, or failed) */
    public AttachmentsApi(AttachmentJdbc files, TicketService tickets, AdminAuth authn, Clock clock,
                          java.util.function.Function<String, List<io.shaozi.core.store.MediaDownloads.Job>> downloads) {
        this.downloads = downloads;
        this.files = files;
        this.tickets = tickets;
        this.authn = authn;
        this.clock = clock;
    }

    public void routes(Router r) {
        r.get("/api/tickets/{number}/attachments", this::list);
        r.post("/api/tickets/{number}/attachments", this::upload);
        r.get("/api/tickets/{number}/attachments/{id}", this::download);
    }

    private Ticket visible(WebRequest req, Principal p) {
        String number = InputGate.id("number", req.pathVar("number"), limit("number").max());
        Ticket t = tickets.find(number).orElseThrow(() -> HttpError.notFound("no ticket " + number));
        if (!p.sees(t)) {
            throw new HttpError(403, "无权查看工单" + number);
        }
        return t;
    }

    /** Ids of stored files the ticket refers to ({@code image:att-<id>} from the chat page), besides its own. */
    private Set<Long> referenced(Ticket t) {
        Set<Long> ids = new LinkedHashSet<>();
        List<String> refs = new ArrayList<>(t.attachments());
        for (TicketEvent e : tickets.events(t.number())) {
            refs.addAll(e.attachments());
        }
        for (String a : refs) {
            int at = a.indexOf("att-");
            if (at >= 0) {
                try {
                    ids.add(Long.parseLong(a.substring(at + 4)));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return ids;
    }

    WebResponse list(WebRequest req) {
        Principal p = authn.auth(req);
        require(p, STAFF);
        Ticket t = visible(req, p);
        List<AttachmentJdbc.Meta> all = new ArrayList<>(files.of(t.number()));
        for (long id : referenced(t)) {
            files.get(id).ifPresent(f -> {
                if (all.stream().noneMatch(m -> m.id() == id)) {
                    all.add(f.meta());
                }
            });
        }
        List<Object> out = new ArrayList<>();
        for (AttachmentJdbc.Meta m : all) {
            out.add(view(t.number(), m));
        }
        // photos and voice from WeChat / WeCom not stored yet: 下载中 while the outbox retries, 下载失败 once it gave up
        for (io.shaozi.core.store.MediaDownloads.Job j : downloads.apply(t.number())) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", j.ref().startsWith("voice:") ? "居民语音" : "居民照片");
            x.put("ref", j.ref());
            x.put("status", j.state().equals("FAILED") ? "failed" : "downloading");
            x.put("statusText", j.state().equals("FAILED") ? "下载失败" : "下载中");
            j.error().ifPresent(e -> x.put("error", e.length() > 200 ? e.substring(0, 200) : e));
            out.add(x);
        }
        return WebResponse.json(200, Map.of("items", out));
    }

    private static Map<String, Object> view(String number, AttachmentJdbc.Meta m) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", m.id());
        x.put("name", m.name());
        x.put("contentType", m.contentType());
        x.put("size", m.size());
        x.put("uploadedBy", m.uploadedBy().startsWith("web-") ? "居民（体验页）" : m.uploadedBy());
        x.put("at", m.at().toString());
        x.put("url", "/api/tickets/" + number + "/attachments/" + m.id());
        x.put("status", "stored");
        return x;
    }

    WebResponse upload(WebRequest req) {
        Principal p = authn.auth(req);
        require(p, STAFF);
        Ticket t = visible(req, p);
        byte[] b = req.body();
        String type = Uploads.check("file", b);
        String name = Uploads.name(req.header("x-file-name")
                .map(n -> URLDecoder.decode(n, StandardCharsets.UTF_8)).orElse(""), type);
        long id = files.put(Optional.of(t.number()), type, name, b, p.actor().name(), clock.instant());
        return WebResponse.json(201, view(t.number(), files.get(id).orElseThrow().meta()));
    }

    WebResponse download(WebRequest req) {
        Principal p = authn.auth(req);
        require(p, STAFF);
        Ticket t = visible(req, p);
        long id;
        try {
            id = Long.parseLong(req.pathVar("id"));
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("id must be a number");
        }
        AttachmentJdbc.File f = files.get(id)
                .filter(x -> x.meta().ticket().map(t.number()::equals).orElse(false) || referenced(t).contains(id))
                .orElseThrow(() -> HttpError.notFound("no attachment " + id + " on ticket " + t.number()));
        String disposition = f.meta().contentType().startsWith("image/") ? "inline" : "attachment";
        return new WebResponse(200, f.meta().contentType(), Map.of("Content-Disposition", disposition
                + "; filename*=UTF-8''" + java.net.URLEncoder.encode(f.meta().name(), StandardCharsets.UTF_8)
                .replace("+", "%20"), "X-Content-Type-Options", "nosniff", "Cache-Control", "private, max-age=300"),
                f.content());
    }
}
