package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import java.util.List;

/** Turns one inbound message into the replies to send back (possibly none). May block (store, NLP). */
@FunctionalInterface
public interface Bot {
    List<Outbound> reply(Inbound inbound);
}
