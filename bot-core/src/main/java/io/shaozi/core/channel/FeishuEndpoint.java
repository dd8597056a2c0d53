package io.shaozi.core.channel;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.feishu.EventOutcome;
import io.shaozi.adapters.feishu.FeishuProtocol;
import io.shaozi.adapters.feishu.ReplyTarget;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.OutboxQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /feishu/{app}}: Feishu / Lark event webhook. Feishu has no passive reply: a verified event is
 * acknowledged at once with {@code {}} and handed to the pipeline (dedupe on {@code header.event_id}, which
 * survives restarts) on the dialog executor; the bot's replies go through the outbox to the chat (or the
 * operator) named by the event, recipient {@code <receive_id_type>:<id>} such as {@code chat_id:oc_…}.
 */
public final class FeishuEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuEndpoint.class);
    private static final byte[] ACK = "{}".getBytes(StandardCharsets.UTF_8);

    private final Map<String, FeishuProtocol> apps;
    private final InboundPipeline pipeline;
    private final OutboxQueue outbox;
    private final Executor dialog;

    public FeishuEndpoint(Map<String, FeishuProtocol> apps, InboundPipeline pipeline, OutboxQueue outbox,
                          Executor dialog) {
        this.apps = Map.copyOf(apps);
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.dialog = dialog;
    }

    public void routes(Router router) {
        router.post("/feishu/{app}", this::receive);
    }

    WebResponse receive(WebRequest req) {
        FeishuProtocol p = apps.get(req.pathVar("app"));
        if (p == null) {
            throw HttpError.notFound("no such app: " + req.pathVar("app"));
        }
        EventOutcome o = p.handle(req.headers(), req.body());
        if (o instanceof EventOutcome.Challenge c) {
            return new WebResponse(200, WebResponse.JSON, Map.of(), c.jsonBody().getBytes(StandardCharsets.UTF_8));
        }
        if (o instanceof EventOutcome.Rejected r) {
            throw new HttpError(r.httpStatus(), r.reason());
        }
        if (o instanceof EventOutcome.Event e) {
            Inbound in = e.inbound();
            try {
                CompletableFuture.supplyAsync(() -> pipeline.handle(in), dialog).whenComplete((result, failure) -> {
                    if (failure != null) {
                        LOG.error("feishu event {} failed", in.origin().dedupeKey(), failure);
                    } else if (result instanceof InboundPipeline.Result.Processed processed) {
                        e.replyTo().ifPresent(to -> push(in, to, processed.replies()));
                    }
                });
            } catch (RejectedExecutionException ex) {
                // Feishu re-delivers an event that was not acknowledged: let it try again later
                throw new HttpError(503, "busy");
            }
        }
        return new WebResponse(200, WebResponse.JSON, Map.of(), ACK);
    }

    private void push(Inbound in, ReplyTarget to, List<Outbound> replies) {
        List<OutboxMessage> rows = new ArrayList<>();
        String recipient = to.type().wire() + ":" + to.receiveId();
        for (int i = 0; i < replies.size(); i++) {
            rows.add(new OutboxMessage(Channel.FEISHU, in.origin().account(), recipient, replies.get(i),
                    Optional.of("reply:" + in.origin().dedupeKey() + ":" + i)));
        }
        if (!rows.isEmpty()) {
            outbox.enqueue(rows);
        }
    }
}
