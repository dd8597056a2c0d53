package io.shaozi.core.campaign;

import java.util.Arrays;
import java.util.Optional;

/** Where a campaign stands. */
public enum CampaignStatus {
    /** Waiting for its time (or its next repetition). */
    SCHEDULED("scheduled", "待发送"),
    /** A run is resolving its audience or its messages are being sent. */
    SENDING("sending", "发送中"),
    /** Every message of its last run has an outcome; no repetition follows. */
    DONE("done", "已完成"),
    /** Cancelled before its time (or between repetitions). */
    CANCELLED("cancelled", "已取消"),
    /** Its content could no longer be sent (withdrawn or expired) when its time came. */
    STOPPED("stopped", "已停止");

    private final String code;
    private final String label;

    CampaignStatus(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<CampaignStatus> parse(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
