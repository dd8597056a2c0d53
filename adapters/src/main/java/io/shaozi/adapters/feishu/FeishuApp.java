package io.shaozi.adapters.feishu;

import java.util.Objects;
import java.util.Optional;

/**
 * One configured Feishu/Lark app ({@code channels.feishu.apps[]}).
 *
 * @param id                configured id, the {@code {app}} path variable
 * @param appId             App ID ({@code cli_…})
 * @param appSecret         App Secret (tenant_access_token)
 * @param verificationToken event subscription Verification Token
 * @param encryptKey        event subscription Encrypt Key; when present, bodies must be encrypted and events signed
 */
public record FeishuApp(String id, String appId, String appSecret, String verificationToken,
                        Optional<String> encryptKey) {
    public FeishuApp {
        requireText(id, "id");
        requireText(appId, "appId");
        requireText(appSecret, "appSecret");
        requireText(verificationToken, "verificationToken");
        Objects.requireNonNull(encryptKey, "encryptKey");
        encryptKey.ifPresent(k -> requireText(k, "encryptKey"));
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "FeishuApp[id=" + id + ", appId=" + appId + ", appSecret=****, verificationToken=****, encryptKey="
                + (encryptKey.isPresent() ? "****" : "none") + "]";
    }
}
