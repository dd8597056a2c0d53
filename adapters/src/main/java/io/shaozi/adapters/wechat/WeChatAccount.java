package io.shaozi.adapters.wechat;

import io.shaozi.adapters.crypto.MsgCrypt;
import java.util.Objects;

/**
 * One entry of {@code channels.wechat.accounts[]}. Validated on construction; an
 * {@link IllegalArgumentException} names the offending field (e.g. "aesKey does not decode to 32 bytes").
 *
 * @param id        configured id, the {@code {account}} path segment
 * @param appId     the AppID ({@code wx…}); receive id of the envelope
 * @param token     callback Token (signature secret)
 * @param aesKey    43-character EncodingAESKey; required in {@code compat}/{@code safe} mode, may be empty in
 *                  {@code plain} mode (validated when given)
 * @param mode      plain | compat | safe
 * @param appSecret AppSecret for outbound calls; may be empty when the account only receives
 */
public record WeChatAccount(String id, String appId, String token, String aesKey, Mode mode, String appSecret) {
    public WeChatAccount {
        require(id, "id");
        require(appId, "appId");
        require(token, "token");
        Objects.requireNonNull(mode, "mode");
        aesKey = aesKey == null ? "" : aesKey.trim();
        appSecret = appSecret == null ? "" : appSecret;
        if (mode != Mode.PLAIN || !aesKey.isEmpty()) {
            try {
                MsgCrypt.decodeAesKey(aesKey, "aesKey");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " [wechat account " + id + "]", e);
            }
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }

    /** Token-store key of this account's access_token (one per AppID). */
    public String tokenKey() {
        return "wechat:" + appId;
    }

    @Override
    public String toString() {
        return "WeChatAccount[id=" + id + ", appId=" + appId + ", token=****, aesKey=****, mode=" + mode
                + ", appSecret=****]";
    }
}
