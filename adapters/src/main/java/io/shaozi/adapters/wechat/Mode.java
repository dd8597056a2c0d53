package io.shaozi.adapters.wechat;

import java.util.Locale;

/** 消息加解密方式 of an Official Account (docs/platform-notes.md section 2.1). */
public enum Mode {
    /** 明文: XML in the clear, only the query {@code signature}. */
    PLAIN,
    /** 兼容: plaintext or envelope, decided per request by {@code encrypt_type}; replies mirror the request. */
    COMPAT,
    /** 安全: the envelope is required; a request without {@code encrypt_type=aes} is refused (no downgrade). */
    SAFE;

    /** Parses the config value {@code plain | compat | safe} (case-insensitive). */
    public static Mode fromConfig(String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "plain":
                    return PLAIN;
                case "compat":
                    return COMPAT;
                case "safe":
                    return SAFE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("mode must be plain, compat or safe, not " + value);
    }
}
