package io.shaozi.adapters.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Replies as JSON, the form the generic channel answers and the inbound log stores: {@code [{"type": "text", ...}]}. */
public final class OutboundJson {
    private OutboundJson() {
    }

    /** The kind of a reply: the record's simple name in lower case (text, news, template, markdown, card). */
    public static String kind(Outbound o) {
        return o.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Each reply as an object with its {@code type} first, then its fields. */
    public static List<ObjectNode> toJson(List<Outbound> replies) {
        List<ObjectNode> out = new ArrayList<>();
        for (Outbound o : replies) {
            ObjectNode n = JsonFields.MAPPER.valueToTree(o);
            ObjectNode typed = JsonFields.MAPPER.createObjectNode().put("type", kind(o));
            typed.setAll(n);
            out.add(typed);
        }
        return out;
    }
}
