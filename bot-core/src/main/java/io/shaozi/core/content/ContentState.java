package io.shaozi.core.content;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a content item stands. {@code APPROVED} and {@code SENT_EMERGENCY} are final here: the campaign code takes an
 * approved item from {@link ContentService#approvedForCampaign} (scheduling and sending are its own records).
 */
public enum ContentState {
    DRAFT("draft", "草稿"),
    SUBMITTED("submitted", "待审核"),
    APPROVED("approved", "已审核通过"),
    SENT_EMERGENCY("sent_emergency", "已紧急发布");

    private final String code;
    private final String label;

    ContentState(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == APPROVED || this == SENT_EMERGENCY;
    }

    public static Optional<ContentState> parse(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(ContentState::code).toList();
    }
}
