package io.shaozi.adapters.common;

/** The chat platforms Shaozi speaks. The lower-case {@link #id()} is used in routes, keys and tables. */
public enum Channel {
    WECHAT, WECOM, DINGTALK, FEISHU, GENERIC;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
