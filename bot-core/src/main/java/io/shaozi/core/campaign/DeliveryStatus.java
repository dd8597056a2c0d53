package io.shaozi.core.campaign;

import java.util.Arrays;
import java.util.Optional;

/** What became of one recipient's message of a campaign run. */
public enum DeliveryStatus {
    /** In the outbox, waiting for the platform. */
    QUEUED("queued"),
    /** Acknowledged by the platform. */
    SENT("sent"),
    /** Refused by the platform, or given up after retries (code). */
    FAILED("failed"),
    /** Not sent: a quota or window the platform would have refused or silently dropped (code). */
    DROPPED("dropped");

    private final String code;

    DeliveryStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DeliveryStatus> parse(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
