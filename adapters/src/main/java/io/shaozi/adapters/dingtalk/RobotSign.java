package io.shaozi.adapters.dingtalk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's robot signature: Base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret)). The same
 * computation signs custom group robot webhooks ("加签", then URL-encoded) and authenticates robot callbacks.
 */
final class RobotSign {
    private RobotSign() {
    }

    static String sign(String secret, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean verify(String secret, String timestamp, String received) {
        byte[] expected = sign(secret, timestamp).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, received.getBytes(StandardCharsets.UTF_8));
    }
}
