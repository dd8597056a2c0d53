package io.shaozi.core.audience;

import java.time.Instant;

/** One 订阅 or 退订 of a resident, in the order given. */
public record ConsentEvent(int seq, boolean subscribed, Instant at) {
}
