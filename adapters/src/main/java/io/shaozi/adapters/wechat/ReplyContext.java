package io.shaozi.adapters.wechat;

import java.util.Objects;

/**
 * What {@link WeChatProtocol#render} needs to answer one request. Plain strings: bot-core may keep it with
 * the dedupe entry.
 *
 * @param account   configured account id
 * @param user      the user's OpenID (reply {@code ToUserName}; also the customer-service recipient)
 * @param accountId the account's original id {@code gh_…} (reply {@code FromUserName})
 * @param encrypted whether the reply must be an encrypted envelope (the request was)
 * @param nonce     nonce echoed into the encrypted reply
 * @param event     the request was an event (allows up to 8 news articles instead of 1)
 */
public record ReplyContext(String account, String user, String accountId, boolean encrypted, String nonce,
                           boolean event) {
    public ReplyContext {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(nonce, "nonce");
    }
}
