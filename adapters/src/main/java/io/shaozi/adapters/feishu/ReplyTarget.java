package io.shaozi.adapters.feishu;

import java.util.Objects;

/** Where to answer an event: usually the chat ({@code chat_id}), for menu clicks the operator ({@code open_id}). */
public record ReplyTarget(ReceiveIdType type, String receiveId) {
    public ReplyTarget {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(receiveId, "receiveId");
    }
}
