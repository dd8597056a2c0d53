package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.dingtalk.DingTalkEventProtocol;
import io.shaozi.adapters.dingtalk.EventOutcome;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code POST /dingtalk/{app}/events}: DingTalk event subscription (事件订阅) of an app. The URL check is
 * answered on the request thread; an event goes through the pipeline (dedupe on its event id, which survives
 * restarts) and only then answered with the encrypted {@code success}; the dialog executor processes it — anything else makes DingTalk push the event again. Bot replies
 * to an event with a user go to that user as work notices ({@code user:<userid>}) through the outbox.
 */
public final class DingTalkEventEndpoint {
    private final Map<String, DingTalkEventProtocol> apps;
    private final InboundPipeline pipeline;
    private final Executor dialog;

    public DingTalkEventEndpoint(Map<String, DingTalkEventProtocol> apps, InboundPipeline pipeline,
                                 Executor dialog) {
        this.apps = Map.copyOf(apps);
        this.pipeline = pipeline;
        this.dialog = dialog;
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
        String user = in.origin().user();
        InboundPipeline.Route route = user.isEmpty() || user.contains(",")
                ? new InboundPipeline.Route(Optional.empty(), 0)
                : InboundPipeline.Route.pushTo(new DingTalkRecipient.WorkNotice(List.of(user)).spec());
        pipeline.accept(in, route, dialog); // recorded before DingTalk hears "success"
        return json(e.encryptedSuccessBody());
    }

    private static WebResponse json(String body) {
        return new WebResponse(200, WebResponse.JSON, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
