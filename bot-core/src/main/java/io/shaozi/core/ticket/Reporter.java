package io.shaozi.core.ticket;

import java.util.Objects;

/**
 * The resident who reported a request, as reached on their channel.
 *
 * @param channel platform id (wechat, wecom, …; "phone" or "web" for other intakes)
 * @param account configured account id on that platform
 * @param user    platform user id (OpenID …)
 * @param name    display name, may be empty
 * @param phone   contact phone, may be empty; masked for roles that may not see it
 */
public record Reporter(String channel, String account, String user, String name, String phone) {
    public Reporter {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phone, "phone");
    }

    /** Stable identity of the reporter across tickets: {@code channel:account:user}. */
    public String key() {
        return channel + ":" + account + ":" + user;
    }

    /** {@code 138****5678}; short or empty numbers are fully masked. */
    public static String maskPhone(String phone) {
        if (phone.isEmpty()) {
            return "";
        }
        if (phone.length() < 7) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
