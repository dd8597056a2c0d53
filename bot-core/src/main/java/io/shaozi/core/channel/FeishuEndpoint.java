package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.feishu.EventOutcome;
import io.shaozi.adapters.feishu.FeishuProtocol;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code POST /feishu/{app}}: Feishu / Lark event webhook. Feishu has no passive reply: a verified event is
 * recorded in the inbound log (dedupe on {@code header.event_id}, which survives restarts) and only then
 * acknowledged with {@code {}}; the dialog executor processes it, and the bot's replies go through the outbox to
 * the chat (or the operator) named by the event, recipient {@code <receive_id_type>:<id>} such as
 * {@code chat_id:oc_…}. Should processing fail or this instance die, the recovery sweep finishes it.
 */
public final class FeishuEndpoint {
    private static final byte[] ACK = "{}".getBytes(StandardCharsets.UTF_8);

    private final Map<String, FeishuProtocol> apps;
    private final InboundPipeline pipeline;
    private final Executor dialog;

    public FeishuEndpoint(Map<String, FeishuProtocol> apps, InboundPipeline pipeline, Executor dialog) {
        this.apps = Map.copyOf(apps);
        this.pipeline = pipeline;
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
            InboundPipeline.Route route = e.replyTo()
                    .map(to -> InboundPipeline.Route.pushTo(to.type().wire() + ":" + to.receiveId()))
                    .orElse(new InboundPipeline.Route(Optional.empty(), 0));
            pipeline.accept(in, route, dialog); // recorded before Feishu hears "received"
        }
        return new WebResponse(200, WebResponse.JSON, Map.of(), ACK);
    }
}
