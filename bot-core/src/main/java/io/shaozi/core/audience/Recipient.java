package io.shaozi.core.audience;

/** Where one push goes: a channel, its account (app) and the recipient's address there. */
public record Recipient(String channel, String account, String address) {
}
