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
     * recorded path. Reads, never writes, the store.
     *
     * @param countRate count this message against the sender's rate, as {@link #reply} does (the answer may then
     *                  be "too fast"); false for a redelivery or to ask whether the message is stateless at all
     */
    default Optional<List<Outbound>> stateless(Inbound inbound, boolean countRate) {
        return Optional.empty();
    }
}
