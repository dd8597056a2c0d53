package io.shaozi.core.content;

import io.shaozi.core.push.Outbox;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where content items and their audit events are kept ({@code store.ContentJdbc}). */
public interface ContentRepository {
    /** A new, unused item id. */
    long nextId();

    /**
     * Stores {@code item} and appends {@code event} in one transaction, provided the stored item is still at
     * {@code event.seq() - 1} (0: not yet stored); false when another writer got there first (nothing stored).
     * {@code notices} queues messages on an outbox that joins the same transaction: they commit with the step.
     */
    boolean save(ContentItem item, ContentEvent event, Consumer<Outbox> notices);

    /** {@link #save(ContentItem, ContentEvent, Consumer)} with no notices. */
    default boolean save(ContentItem item, ContentEvent event) {
        return save(item, event, outbox -> { });
    }

    Optional<ContentItem> find(long id);

    /** The audit trail of an item, oldest first. */
    List<ContentEvent> events(long id);

    /** Items, newest first, optionally only of one state and/or kind. */
    List<ContentItem> list(Optional<ContentState> state, Optional<ContentKind> kind, int limit);
}
