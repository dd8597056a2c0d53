package io.shaozi.adapters.wecom;

import io.shaozi.adapters.crypto.MsgCrypt;

/**
 * One entry of {@code channels.wecom.apps[]}. Validated on construction; an {@link IllegalArgumentException}
 * names the offending field (e.g. "aesKey does not decode to 32 bytes").
 *
 * @param id      configured id, the {@code {app}} path segment
 * @param corpId  CorpID ({@code ww…}); receive id of the envelope
 * @param agentId the app's AgentID (digits)
 * @param token   callback Token
 * @param aesKey  43-character EncodingAESKey (always required: WeCom callbacks are always encrypted)
 * @param secret  the app's Secret for outbound calls; may be empty when the app only receives
 */
public record WeComApp(String id, String corpId, String agentId, String token, String aesKey, String secret) {
    public WeComApp {
        require(id, "id");
        require(corpId, "corpId");
        require(agentId, "agentId");
        require(token, "token");
        if (!agentId.matches("[0-9]{1,12}")) {
            throw new IllegalArgumentException("agentId must be a number");
        }
        aesKey = aesKey == null ? "" : aesKey.trim();
        try {
            MsgCrypt.decodeAesKey(aesKey, "aesKey");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " [wecom app " + id + "]", e);
        }
        secret = secret == null ? "" : secret;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }

    /** Token-store key: one access_token per (CorpID, app). */
    public String tokenKey() {
        return "wecom:" + corpId + ":" + agentId;
    }

    @Override
    public String toString() {
        return "WeComApp[id=" + id + ", corpId=" + corpId + ", agentId=" + agentId + ", token=****, aesKey=****, secret=****]";
    }
}
