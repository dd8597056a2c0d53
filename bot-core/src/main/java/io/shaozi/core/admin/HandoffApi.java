package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.core.dialog.Conversations;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.store.HandoffJdbc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations a resident handed to a person (人工): {@code GET /api/handoffs} lists them;
 * {@code POST /api/handoffs/{key}/reply} with {@code {"text": "..."}} answers the resident on their channel
 * (through the outbox); {@code POST /api/handoffs/{key}/release} hands the conversation back to the bot.
 * While flagged, the bot stays silent for that resident.
 */
public final class HandoffApi {
    private final AdminAuth auth;
    private final HandoffJdbc handoffs;
    private final Outbox outbox;
    private final Conversations conversations;
    private final ChannelRegistry channels;

    public HandoffApi(AdminAuth auth, HandoffJdbc handoffs, Outbox outbox, Conversations conversations,
                      ChannelRegistry channels) {
        this.channels = channels;
        this.auth = auth;
        this.handoffs = handoffs;
        this.outbox = outbox;
        this.conversations = conversations;
    }

    public void routes(Router r) {
        r.get("/api/handoffs", this::list);
        r.post("/api/handoffs/{key}/reply", this::reply);
        r.post("/api/handoffs/{key}/release", this::release);
    }

    private void allowed(WebRequest req) {
        Principal p = auth.auth(req);
        if (!(p.street() || p.role() == Role.COMMUNITY_WORKER)) {
            throw new HttpError(403, "只有街道、社区工作人员可以处理人工会话");
        }
    }

    WebResponse list(WebRequest req) {
        allowed(req);
        return WebResponse.json(200, Map.of("items", handoffs.list()));
    }

    WebResponse reply(WebRequest req) {
        allowed(req);
        HandoffJdbc.Flagged f = flagged(req);
        JsonNode body = Json.parse(req.body());
        String text = InputGate.optionalText(body, "text", Fields.MAX_TEXT)
                .orElseThrow(() -> HttpError.badRequest("field text is required"));
        Channel channel = Channel.of(f.channel());
        String recipient = channels.userAddress(channel, f.account(), f.user()).orElse(f.user());
        outbox.enqueueAll(List.of(new OutboxMessage(channel, f.account(), recipient, new Outbound.Text(text),
                Optional.of("handoff:" + f.key() + ":" + UUID.randomUUID()))));
        return WebResponse.json(200, Map.of("queued", true));
    }

    WebResponse release(WebRequest req) {
        allowed(req);
        HandoffJdbc.Flagged f = flagged(req);
        handoffs.release(f.key());
        conversations.clear(f.key());
        return WebResponse.json(200, Map.of("released", true));
    }

    private HandoffJdbc.Flagged flagged(WebRequest req) {
        // the reporter key (channel:account:user) of handoff.reporter_key, VARCHAR(300)
        String key = InputGate.id("key", req.pathVar("key"), 300);
        return handoffs.find(key).orElseThrow(() -> HttpError.notFound("no handed-off conversation " + key));
    }
}
