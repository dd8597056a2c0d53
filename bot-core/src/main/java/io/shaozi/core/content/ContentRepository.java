package io.shaozi.core.content;

import java.util.List;
import java.util.Optional;

/** Where content items and their audit events are kept ({@code store.ContentJdbc}). */
public interface ContentRepository {
    /** A new, unused item id. */
    long nextId();

    /**
     * Stores {@code item} and appends {@code event} in one transaction, provided the stored item is still at
     * {@code event.seq() - 1} (0: not yet stored); false when another writer got there first.
     */
    boolean save(ContentItem item, ContentEvent event);

    Optional<ContentItem> find(long id);

    /** The audit trail of an item, oldest first. */
    List<ContentEvent> events(long id);

    /** Items, newest first, optionally only of one state and/or kind. */
    List<ContentItem> list(Optional<ContentState> state, Optional<ContentKind> kind, int limit);
}
