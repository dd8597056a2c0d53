package io.shaozi.adapters.dingtalk;

import java.util.Objects;
import java.util.Optional;

/**
 * One configured DingTalk internal app ({@code channels.dingtalk.apps[]}).
 *
 * @param id        configured id, the {@code {app}} path variable
 * @param appKey    AppKey (access token, and the usual receive id of the event subscription)
 * @param appSecret AppSecret (access token)
 * @param token     event-subscription signature token
 * @param aesKey    event-subscription 43-character aes_key
 * @param receiveId id bound into every ciphertext: AppKey (event subscription), CorpId (legacy), suiteKey (ISV)
 * @param agentId   AgentId, required only for work notifications ({@code agent_id})
 */
public record DingTalkApp(String id, String appKey, String appSecret, String token, String aesKey, String receiveId,
                          Optional<String> agentId) {
    public DingTalkApp {
        Config.requireText(id, "id");
        Config.requireText(appKey, "appKey");
        Config.requireText(appSecret, "appSecret");
        Config.requireText(token, "token");
        Config.requireText(aesKey, "aesKey");
        io.shaozi.adapters.crypto.MsgCrypt.decodeAesKey(aesKey, "aesKey");
        Config.requireText(receiveId, "receiveId");
        Objects.requireNonNull(agentId, "agentId");
        agentId.ifPresent(a -> {
            if (!a.matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("agentId must be a number");
            }
        });
    }

    /** An app without an AgentId (no work notifications). */
    public DingTalkApp(String id, String appKey, String appSecret, String token, String aesKey, String receiveId) {
        this(id, appKey, appSecret, token, aesKey, receiveId, Optional.empty());
    }

    @Override
    public String toString() {
        return "DingTalkApp[id=" + id + ", appKey=" + appKey + ", appSecret=****, token=****, aesKey=****, receiveId="
                + receiveId + ", agentId=" + agentId.orElse("none") + "]";
    }
}
