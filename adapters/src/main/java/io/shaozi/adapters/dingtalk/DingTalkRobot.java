package io.shaozi.adapters.dingtalk;

import java.util.Objects;
import java.util.Optional;

/**
 * One configured DingTalk robot ({@code channels.dingtalk.robots[]}).
 *
 * @param id        configured id, the {@code {robot}} path variable
 * @param appKey    the robot's AppKey (also its robotCode for internal robots)
 * @param appSecret the AppSecret that keys the callback {@code sign} header
 * @param aesKey    optional 43-character message-encryption key (validated, see README)
 */
public record DingTalkRobot(String id, String appKey, String appSecret, Optional<String> aesKey) {
    public DingTalkRobot {
        Config.requireText(id, "id");
        Config.requireText(appKey, "appKey");
        Config.requireText(appSecret, "appSecret");
        Objects.requireNonNull(aesKey, "aesKey");
        aesKey.ifPresent(k -> io.shaozi.adapters.crypto.MsgCrypt.decodeAesKey(k, "aesKey"));
    }

    @Override
    public String toString() {
        return "DingTalkRobot[id=" + id + ", appKey=" + appKey + ", appSecret=****, aesKey="
                + (aesKey.isPresent() ? "****" : "none") + "]";
    }
}
