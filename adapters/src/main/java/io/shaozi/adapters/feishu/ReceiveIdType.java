package io.shaozi.adapters.feishu;

import java.util.Locale;

/** The {@code receive_id_type} of the send API. */
public enum ReceiveIdType {
    OPEN_ID, USER_ID, UNION_ID, EMAIL, CHAT_ID;

    /** The wire name ({@code open_id}, {@code chat_id} …). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
