package io.shaozi.core.content;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a content item is: 社区通知, 党建学习 or 紧急通知. */
public enum ContentKind {
    NOTICE("notice", "社区通知"),
    LEARNING("learning", "党建学习"),
    EMERGENCY("emergency", "紧急通知");

    private final String code;
    private final String label;

    ContentKind(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The kind named by {@code code} ({@code notice}, {@code learning}, {@code emergency}). */
    public static Optional<ContentKind> parse(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(ContentKind::code).toList();
    }
}
