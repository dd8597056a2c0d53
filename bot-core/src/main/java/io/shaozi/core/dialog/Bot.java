package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import java.util.List;
import java.util.Optional;

/** Turns one inbound message into the replies to send back (possibly none). May block (store, NLP). */
@FunctionalInterface
public interface Bot {
    List<Outbound> reply(Inbound inbound);

    /**
     * The answer to a message that changes nothing a resident or cadre could see (the help menu, a greeting) and
     * may therefore be given again to a redelivery without having been recorded; empty when the message needs the
     * recorded path. Reads, never writes, the store; does not count the sender's rate ({@link Stateless#counted} does).
     */
    default Optional<Stateless> stateless(Inbound inbound) {
        return Optional.empty();
    }

    /**
     * A stateless answer: {@code answer} as is (for a redelivery), or {@code counted}, which counts the message
     * against the sender's rate as {@link #reply} does and answers "too fast" when it is over; it also tells the
     * campaigns that the resident wrote (their WeChat window opens, waiting notices go out), without writing the
     * residents' directory.
     */
    record Stateless(List<Outbound> answer, java.util.function.Supplier<List<Outbound>> counted) {
    }
}
