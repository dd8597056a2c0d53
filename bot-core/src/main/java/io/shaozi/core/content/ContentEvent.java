package io.shaozi.core.content;

import io.shaozi.core.identity.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit event of a content item: who, when, from → to, a note (reason, matched words, approval remark).
 *
 * @param from  the state before ({@code DRAFT} for the create event, whose {@code to} is also draft)
 * @param draft the full draft after create and edit events; empty for the others
 */
public record ContentEvent(long item, int seq, ContentAction action, String actor, String actorName, Role actorRole,
                           Instant at, ContentState from, ContentState to, String note, Optional<Draft> draft) {
    public ContentEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorName, "actorName");
        Objects.requireNonNull(actorRole, "actorRole");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(draft, "draft");
    }
}
