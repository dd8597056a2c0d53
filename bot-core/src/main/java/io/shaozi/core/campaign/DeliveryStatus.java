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
    DROPPED("dropped"),
    /**
     * Not reachable now (a WeChat resident outside the customer-service window, no template or it was refused, no
     * mass send left): sent in the next digest when the resident next writes (code {@code window}).
     */
    WAITING("waiting");

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
