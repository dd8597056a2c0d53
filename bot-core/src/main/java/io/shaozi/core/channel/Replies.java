package io.shaozi.core.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.http.Json;
import io.shaozi.core.store.OutboxJdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Replies as stored in the inbound log and shown by the generic channel: {@code [{"type": "text", ...}]}. */
public final class Replies {
    private Replies() {
    }

    public static List<ObjectNode> toJson(List<Outbound> replies) {
        return io.shaozi.adapters.common.OutboundJson.toJson(replies);
    }

    public static String encode(List<Outbound> replies) {
        return Json.text(toJson(replies));
    }

    public static List<Outbound> decode(String json) {
        try {
            List<JsonNode> nodes = Json.MAPPER.readValue(json, new TypeReference<List<JsonNode>>() { });
            List<Outbound> out = new ArrayList<>();
            for (JsonNode n : nodes) {
                ObjectNode copy = ((ObjectNode) n).deepCopy();
                String kind = copy.remove("type").asText();
                out.add(OutboxJdbc.payload(kind, copy.toString()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
