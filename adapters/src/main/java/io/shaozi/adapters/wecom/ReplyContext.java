package io.shaozi.adapters.wecom;

import java.util.Objects;

/**
 * What {@link WeComProtocol#render} needs to answer one request (plain strings, storable).
 *
 * @param app     configured app id
 * @param user    the member's UserID (reply {@code ToUserName}; also the app-message recipient)
 * @param corpId  CorpID (reply {@code FromUserName})
 * @param agentId the AgentID the message was for
 * @param json    the callback used the JSON variant (the reply is a JSON envelope)
 * @param nonce   nonce echoed into the encrypted reply
 * @param event   the request was an event
 */
public record ReplyContext(String app, String user, String corpId, String agentId, boolean json, String nonce,
                           boolean event) {
    public ReplyContext {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(corpId, "corpId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(nonce, "nonce");
    }
}
