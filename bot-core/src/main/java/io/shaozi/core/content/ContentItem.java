package io.shaozi.core.content;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A content item as its events leave it.
 *
 * @param author    who created it
 * @param submitter who submitted it last (empty while never submitted)
 * @param approver  who approved it, or who sent it as an emergency
 * @param rejection the reason of the last rejection (cleared on submit)
 * @param version   number of events so far (the last event's seq)
 */
public record ContentItem(long id, Draft draft, ContentState state, String author, Optional<String> submitter,
                          Optional<String> approver, Optional<String> rejection, int version, Instant createdAt,
                          Instant updatedAt) {
    public ContentItem {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The item after {@code e} (the replay rule: the stored item equals the fold of its events). */
    public static ContentItem apply(Optional<ContentItem> before, ContentEvent e) {
        if (before.isEmpty()) {
            if (e.action() != ContentAction.CREATE) {
                throw new IllegalArgumentException("the first event of an item must be create, not " + e.action());
            }
            return new ContentItem(e.item(), e.draft().orElseThrow(), e.to(), e.actor(), Optional.empty(),
                    Optional.empty(), Optional.empty(), e.seq(), e.at(), e.at());
        }
        ContentItem b = before.get();
        if (e.seq() != b.version + 1 || e.from() != b.state) {
            throw new IllegalArgumentException("event " + e.seq() + " does not follow version " + b.version);
        }
        Draft d = e.draft().orElse(b.draft);
        Optional<String> submitter = b.submitter;
        Optional<String> approver = b.approver;
        Optional<String> rejection = b.rejection;
        switch (e.action()) {
            case SUBMIT -> {
                submitter = Optional.of(e.actor());
                rejection = Optional.empty();
            }
            case APPROVE, SEND_EMERGENCY -> approver = Optional.of(e.actor());
            case REJECT -> rejection = Optional.of(e.note());
            default -> {
            }
        }
        return new ContentItem(b.id, d, e.to(), b.author, submitter, approver, rejection, e.seq(), b.createdAt, e.at());
    }

    /** The fold of {@code events} (which must start with the create event). */
    public static ContentItem replay(List<ContentEvent> events) {
        Optional<ContentItem> item = Optional.empty();
        for (ContentEvent e : events) {
            item = Optional.of(apply(item, e));
        }
        return item.orElseThrow(() -> new IllegalArgumentException("no events"));
    }
}
