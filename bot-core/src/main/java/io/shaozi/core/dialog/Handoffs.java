package io.shaozi.core.dialog;

import io.shaozi.core.ticket.Reporter;
import java.time.Instant;

/** Conversations handed to a person (人工): flagged for the console, answered through the API. */
public interface Handoffs {
    /** Flags (or refreshes) the conversation of {@code reporter}, with the latest message. */
    void flag(Reporter reporter, String lastText, Instant at);

    /** Clears the flag when the resident returns to the bot or the person hands back. */
    void release(Reporter reporter);
}
