package io.shaozi.core.channel;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import java.util.Map;

/**
 * What {@link PassiveReplyEndpoint} needs of a platform that answers in the HTTP response within a deadline
 * (WeChat MP, WeCom, DingTalk robots): verify the URL, parse a delivery, render a reply, and name the push recipient.
 *
 * @param <C> the platform's reply context
 */
interface PlatformProtocol<C> {

    /** Outcome of parsing, platform-neutral. */
    sealed interface Parsed<C> {
        record Ok<C>(Inbound inbound, C ctx) implements Parsed<C> {
        }

        record Refused<C>(int status, String reason) implements Parsed<C> {
        }
    }

    /** Outcome of URL verification: 200 with {@code body}, or a refusal. */
    record Verified(int status, String body) {
    }

    Channel channel();

    Verified verifyUrl(Map<String, String> query);

    Parsed<C> parse(Map<String, String> query, byte[] body);

    /** Parses a delivery whose authentication travels in headers (DingTalk); by default the query alone. */
    default Parsed<C> parse(Map<String, String> query, Map<String, String> headers, byte[] body) {
        return parse(query, body);
    }

    String render(C ctx, Outbound reply);

    String empty();

    /** The outbox recipient for pushes to the sender of {@code inbound}. */
    String recipient(Inbound inbound);

    /** The outbox recipient for late replies to this delivery; by default {@link #recipient(Inbound)}. */
    default String recipient(Inbound inbound, C ctx) {
        return recipient(inbound);
    }

    /** Content type of rendered replies. */
    String contentType();
}
