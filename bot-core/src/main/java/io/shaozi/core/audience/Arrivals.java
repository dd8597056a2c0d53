package io.shaozi.core.audience;

/**
 * Told each time a resident writes to an account (any message, the greeting answered without a session too): for
 * WeChat this opens the 48 h customer-service window, so {@code campaign.Campaigns} sends the notices waiting for
 * the resident then. Implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface Arrivals {
    void wrote(String channel, String account, String user);

    Arrivals NONE = (channel, account, user) -> {
    };
}
