package io.shaozi.core.channel;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.dingtalk.DingTalkEventProtocol;
import io.shaozi.adapters.dingtalk.EventOutcome;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.OutboxQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /dingtalk/{app}/events}: DingTalk event subscription (事件订阅) of an app. The URL check is
 * answered on the request thread; an event goes through the pipeline (dedupe on its event id, which survives
 * restarts) on the dialog executor, waited for at most the budget (never more than 1 s), and is always
 * answered with the encrypted {@code success} — anything else makes DingTalk push the event again. Bot replies
 * to an event with a user go to that user as work notices ({@code user:<userid>}) through the outbox.
 */
public final class DingTalkEventEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(DingTalkEventEndpoint.class);

    private final Map<String, DingTalkEventProtocol> apps;
    private final InboundPipeline pipeline;
    private final OutboxQueue outbox;
    private final Executor dialog;
    private final Duration budget;
    /** DingTalk gives an event callback 1.5 s; keep room for the network and the sealing of the answer. */
    static final Duration MAX_WAIT = Duration.ofMillis(1000);

    public DingTalkEventEndpoint(Map<String, DingTalkEventProtocol> apps, InboundPipeline pipeline, OutboxQueue outbox,
                                 Executor dialog, Duration budget) {
        this.apps = Map.copyOf(apps);
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.dialog = dialog;
        this.budget = budget.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : budget;
    }

    public void routes(Router router) {
        router.post("/dingtalk/{app}/events", this::receive);
    }

    WebResponse receive(WebRequest req) {
        DingTalkEventProtocol p = apps.get(req.pathVar("app"));
        if (p == null) {
            throw HttpError.notFound("no such app: " + req.pathVar("app"));
        }
        Map<String, String> query = new HashMap<>();
        req.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.put(k, v.get(0));
            }
        });
        EventOutcome o = p.handle(query, req.body());
        if (o instanceof EventOutcome.CheckUrl c) {
            return json(c.encryptedSuccessBody());
        }
        if (o instanceof EventOutcome.Rejected r) {
            throw new HttpError(r.httpStatus(), r.reason());
        }
        EventOutcome.Event e = (EventOutcome.Event) o;
        Inbound in = e.inbound();
        CompletableFuture<Void> work;
        try {
            work = CompletableFuture.supplyAsync(() -> pipeline.handle(in), dialog).thenAccept(result -> {
                if (result instanceof InboundPipeline.Result.Processed processed) {
                    push(in, processed.replies());
                }
            });
        } catch (RejectedExecutionException ex) {
            throw new HttpError(503, "busy");
        }
        try {
            work.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            work.whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("dingtalk event {} failed", in.origin().dedupeKey(), failure);
                }
            });
        } catch (ExecutionException ex) {
            throw new IllegalStateException("event failed: " + in.origin().dedupeKey(), ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
        return json(e.encryptedSuccessBody());
    }

    private void push(Inbound in, List<Outbound> replies) {
        String user = in.origin().user();
        if (replies.isEmpty() || user.isEmpty() || user.contains(",")) {
            return;
        }
        List<OutboxMessage> rows = new ArrayList<>();
        String recipient = new DingTalkRecipient.WorkNotice(List.of(user)).spec();
        for (int i = 0; i < replies.size(); i++) {
            rows.add(new OutboxMessage(Channel.DINGTALK, in.origin().account(), recipient, replies.get(i),
                    Optional.of("reply:" + in.origin().dedupeKey() + ":" + i)));
        }
        outbox.enqueue(rows);
    }

    private static WebResponse json(String body) {
        return new WebResponse(200, WebResponse.JSON, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
