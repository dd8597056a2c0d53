package io.shaozi.core.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Origin;
import io.shaozi.core.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The parsed message as stored with its claim ({@code inbound_message.payload}), so that the recovery sweep can
 * process it on any instance after the one that received it died. The origin is not stored here: it is the
 * row's key.
 */
final class InboundCodec {
    private InboundCodec() {
    }

    static String encode(Inbound in) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (in instanceof Inbound.Text t) {
            n.put("type", "text").put("text", t.text());
        } else if (in instanceof Inbound.Image i) {
            n.put("type", "image").put("mediaId", i.mediaId());
            i.url().ifPresent(u -> n.put("url", u));
        } else if (in instanceof Inbound.Voice v) {
            n.put("type", "voice").put("mediaId", v.mediaId());
            v.recognition().ifPresent(r -> n.put("recognition", r));
        } else if (in instanceof Inbound.Location l) {
            n.put("type", "location").put("latitude", l.latitude()).put("longitude", l.longitude())
                    .put("scale", l.scale()).put("label", l.label());
        } else if (in instanceof Inbound.Link l) {
            n.put("type", "link").put("title", l.title()).put("description", l.description()).put("url", l.url());
        } else if (in instanceof Inbound.Event e) {
            n.put("type", "event").put("event", e.type());
            e.key().ifPresent(k -> n.put("key", k));
        } else {
            n.put("type", "unknown").put("rawType", ((Inbound.Unknown) in).rawType());
        }
        return Json.text(n);
    }

    static Inbound decode(Origin origin, String json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt inbound payload", e);
        }
        return switch (n.path("type").asText()) {
            case "text" -> new Inbound.Text(origin, n.path("text").asText());
            case "image" -> new Inbound.Image(origin, n.path("mediaId").asText(), opt(n, "url"));
            case "voice" -> new Inbound.Voice(origin, n.path("mediaId").asText(), opt(n, "recognition"));
            case "location" -> new Inbound.Location(origin, n.path("latitude").asDouble(),
                    n.path("longitude").asDouble(), n.path("scale").asInt(), n.path("label").asText());
            case "link" -> new Inbound.Link(origin, n.path("title").asText(), n.path("description").asText(),
                    n.path("url").asText());
            case "event" -> new Inbound.Event(origin, n.path("event").asText(), opt(n, "key"));
            case "unknown" -> new Inbound.Unknown(origin, n.path("rawType").asText());
            default -> throw new IllegalArgumentException("unknown inbound payload type");
        };
    }

    private static Optional<String> opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
