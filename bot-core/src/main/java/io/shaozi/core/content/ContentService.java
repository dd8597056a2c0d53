package io.shaozi.core.content;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.push.Outbox;
import io.shaozi.core.push.OutboxMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Content items and their approval: runs a command through the {@link ContentMachine} and stores the item with its
 * audit event. An emergency send also queues a notice to the street leaders' alert address (org {@code street.notify})
 * on the outbox, in the same transaction as the step, so a second person learns of it at once.
 */
public final class ContentService {
    private final ContentRepository repo;
    private final ContentMachine machine;
    private final Supplier<Org> org;
    private final Clock clock;

    public ContentService(ContentRepository repo, ContentMachine machine, Supplier<Org> org, Clock clock) {
        this.repo = repo;
        this.machine = machine;
        this.org = org;
        this.clock = clock;
    }

    /** Creates a draft. */
    public ContentDecision create(Draft draft, ContentActor actor) {
        Instant now = now();
        ContentDecision d = machine.decide(Optional.empty(), new ContentCommand.Create(0, draft), actor, now);
        if (d instanceof ContentDecision.Refused) {
            return d; // no id spent on a refused draft
        }
        return apply(Optional.empty(), new ContentCommand.Create(repo.nextId(), draft), actor, now);
    }

    /** Edits, submits, approves, rejects or sends item {@code id}; a refusal when it does not exist. */
    public ContentDecision act(long id, ContentCommand cmd, ContentActor actor) {
        Optional<ContentItem> current = repo.find(id);
        if (current.isEmpty()) {
            return new ContentDecision.Refused(ContentDecision.Why.WRONG_STATE, "内容 " + id + " 不存在", List.of());
        }
        return apply(current, cmd, actor, now());
    }

    /** The clock's time to the microsecond, as both databases store it (the stored item equals the one returned). */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private ContentDecision apply(Optional<ContentItem> current, ContentCommand cmd, ContentActor actor, Instant now) {
        ContentDecision d = machine.decide(current, cmd, actor, now);
        if (d instanceof ContentDecision.Accepted a) {
            boolean emergency = a.event().action() == ContentAction.SEND_EMERGENCY;
            if (!repo.save(a.item(), a.event(), outbox -> {
                if (emergency) {
                    notifyStreet(outbox, a.item(), a.event());
                }
            })) {
                return new ContentDecision.Refused(ContentDecision.Why.WRONG_STATE,
                        "内容刚被他人修改，请刷新后重试", List.of());
            }
        }
        return d;
    }

    private void notifyStreet(Outbox outbox, ContentItem item, ContentEvent e) {
        Optional<Org.Notify> target = org.get().street().alerts();
        if (target.isEmpty()) {
            return;
        }
        Org.Notify n = target.get();
        String text = "【紧急通知已发布】" + item.draft().title() + "\n发布人：" + e.actorName() + "（" + e.actorRole().label()
                + "）\n理由：" + e.note() + "\n请复核。";
        outbox.enqueue(new OutboxMessage(Channel.of(n.channel()), n.account(), n.recipient(), new Outbound.Text(text),
                Optional.of("content:" + item.id() + ":emergency")));
    }

    public Optional<ContentItem> find(long id) {
        return repo.find(id);
    }

    public List<ContentEvent> events(long id) {
        return repo.events(id);
    }

    public List<ContentItem> list(Optional<ContentState> state, Optional<ContentKind> kind, int limit) {
        return repo.list(state, kind, limit);
    }

    public SensitiveWords words() {
        return machine.words();
    }

    /** What the campaign code gets for an item id. */
    public sealed interface ForCampaign {
        record Ready(ContentItem item) implements ForCampaign {
        }

        record NotReady(String reason) implements ForCampaign {
        }
    }

    /**
     * The item a campaign may send: approved (or already sent as an emergency), not expired at {@code at}. The
     * campaign code calls this when a campaign is created and again before each send.
     */
    public ForCampaign approvedForCampaign(long id, Instant at) {
        Optional<ContentItem> item = repo.find(id);
        if (item.isEmpty()) {
            return new ForCampaign.NotReady("内容 " + id + " 不存在");
        }
        ContentItem i = item.get();
        if (i.state() != ContentState.APPROVED && i.state() != ContentState.SENT_EMERGENCY) {
            return new ForCampaign.NotReady("内容" + i.state().label() + "，未经审核通过");
        }
        if (i.draft().validUntil().filter(v -> !v.isAfter(at)).isPresent()) {
            return new ForCampaign.NotReady("内容已过有效期");
        }
        return new ForCampaign.Ready(i);
    }
}
