package io.shaozi.core.content;

import io.shaozi.core.identity.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The approval workflow as a pure function: given the item (empty before creation), a command, the actor and the
 * time, the next item and its audit event, or a refusal in Chinese.
 * <pre>
 *   create → draft ⇄ edit
 *   draft --submit (author, no sensitive word)--> submitted
 *   submitted --approve (ADMIN/LEADER/STREET_CADRE, not the submitter, no sensitive word)--> approved (final)
 *   submitted --reject (approving role, reason)--> draft
 *   draft|submitted --send_emergency (emergency kind, approving role, reason, no sensitive word)--> sent_emergency (final)
 * </pre>
 * Editing a submitted item is refused (reject it first). Sensitive words refuse submit, approve and emergency sends,
 * naming the words: the item stays (or goes back to) an editable draft until changed.
 */
public final class ContentMachine {
    private final SensitiveWords words;

    public ContentMachine(SensitiveWords words) {
        this.words = words;
    }

    public SensitiveWords words() {
        return words;
    }

    public ContentDecision decide(Optional<ContentItem> current, ContentCommand cmd, ContentActor actor, Instant at) {
        if (actor.role() == Role.RESIDENT || actor.role() == Role.SYSTEM) {
            return refuse(ContentDecision.Why.FORBIDDEN, "角色「" + actor.role().label() + "」无权编辑通知与学习内容");
        }
        if (cmd instanceof ContentCommand.Create c) {
            if (current.isPresent()) {
                return refuse(ContentDecision.Why.WRONG_STATE, "内容已存在");
            }
            return problems(c.draft(), at).orElseGet(() -> accept(Optional.empty(), c.id(), cmd, actor, at,
                    ContentState.DRAFT, ContentState.DRAFT, "", Optional.of(c.draft())));
        }
        if (current.isEmpty()) {
            return refuse(ContentDecision.Why.WRONG_STATE, "内容不存在");
        }
        ContentItem item = current.get();
        ContentState s = item.state();
        if (s.isFinal()) {
            return refuse(ContentDecision.Why.WRONG_STATE, "内容已" + s.label() + "，不能再变更");
        }
        if (cmd instanceof ContentCommand.Edit e) {
            if (s != ContentState.DRAFT) {
                return refuse(ContentDecision.Why.WRONG_STATE, "内容" + s.label() + "，不能修改；请审核人先驳回");
            }
            if (!mayEdit(item, actor)) {
                return refuse(ContentDecision.Why.FORBIDDEN, "只有起草人可以修改草稿");
            }
            return problems(e.draft(), at).orElseGet(() -> accept(current, item.id(), cmd, actor, at, s,
                    ContentState.DRAFT, "", Optional.of(e.draft())));
        }
        if (cmd instanceof ContentCommand.Submit sub) {
            if (s != ContentState.DRAFT) {
                return refuse(ContentDecision.Why.WRONG_STATE, "内容" + s.label() + "，不能重复提交");
            }
            if (!mayEdit(item, actor)) {
                return refuse(ContentDecision.Why.FORBIDDEN, "只有起草人可以提交审核");
            }
            return checked(item, at).orElseGet(() -> accept(current, item.id(), cmd, actor, at, s,
                    ContentState.SUBMITTED, "", Optional.empty()));
        }
        if (cmd instanceof ContentCommand.Approve a) {
            if (s != ContentState.SUBMITTED) {
                return refuse(ContentDecision.Why.WRONG_STATE, "内容" + s.label() + "，只有待审核的内容可以审核通过");
            }
            if (!actor.approver()) {
                return refuse(ContentDecision.Why.FORBIDDEN, "角色「" + actor.role().label() + "」无权审核");
            }
            if (item.submitter().filter(actor.id()::equals).isPresent() || item.author().equals(actor.id())) {
                return refuse(ContentDecision.Why.SAME_PERSON, "不能审核自己起草或提交的内容，须由另一人审核");
            }
            return checked(item, at).orElseGet(() -> accept(current, item.id(), cmd, actor, at, s,
                    ContentState.APPROVED, a.note(), Optional.empty()));
        }
        if (cmd instanceof ContentCommand.Reject r) {
            if (s != ContentState.SUBMITTED) {
                return refuse(ContentDecision.Why.WRONG_STATE, "内容" + s.label() + "，只有待审核的内容可以驳回");
            }
            if (!actor.approver()) {
                return refuse(ContentDecision.Why.FORBIDDEN, "角色「" + actor.role().label() + "」无权驳回");
            }
            if (r.reason().isBlank()) {
                return refuse(ContentDecision.Why.INVALID, "reason: 驳回须填写理由");
            }
            return accept(current, item.id(), cmd, actor, at, s, ContentState.DRAFT, r.reason(), Optional.empty());
        }
        if (cmd instanceof ContentCommand.SendEmergency em) {
            if (item.draft().kind() != ContentKind.EMERGENCY) {
                return refuse(ContentDecision.Why.WRONG_STATE, "只有紧急通知可以立即发布，其他内容须经审核");
            }
            if (!actor.approver()) {
                return refuse(ContentDecision.Why.FORBIDDEN, "只有街道级角色（管理员、领导、街道干部）可以紧急发布");
            }
            if (em.reason().isBlank()) {
                return refuse(ContentDecision.Why.INVALID, "reason: 紧急发布须填写理由");
            }
            return checked(item, at).orElseGet(() -> accept(current, item.id(), cmd, actor, at, s,
                    ContentState.SENT_EMERGENCY, em.reason(), Optional.empty()));
        }
        throw new AssertionError("unknown command " + cmd);
    }

    private static boolean mayEdit(ContentItem item, ContentActor actor) {
        return item.author().equals(actor.id()) || actor.role() == Role.ADMIN;
    }

    /** Sensitive words and expiry at a step that leads towards sending. */
    private Optional<ContentDecision> checked(ContentItem item, Instant at) {
        List<String> found = words.find(item.draft().title(), item.draft().body(), item.draft().source());
        if (!found.isEmpty()) {
            return Optional.of(new ContentDecision.Refused(ContentDecision.Why.SENSITIVE,
                    "内容含敏感词：" + String.join("、", found) + "，请修改后再提交", found));
        }
        if (item.draft().validUntil().filter(v -> !v.isAfter(at)).isPresent()) {
            return Optional.of(refuse(ContentDecision.Why.INVALID, "validUntil: 内容已过有效期，请修改有效期"));
        }
        return Optional.empty();
    }

    private static Optional<ContentDecision> problems(Draft d, Instant at) {
        List<Draft.Problem> p = d.problems(at);
        return p.isEmpty() ? Optional.empty() : Optional.of(refuse(ContentDecision.Why.INVALID, p.get(0).toString()));
    }

    private static ContentDecision.Refused refuse(ContentDecision.Why why, String message) {
        return new ContentDecision.Refused(why, message, List.of());
    }

    private static ContentDecision accept(Optional<ContentItem> before, long id, ContentCommand cmd, ContentActor actor,
                                          Instant at, ContentState from, ContentState to, String note,
                                          Optional<Draft> draft) {
        int seq = before.map(ContentItem::version).orElse(0) + 1;
        ContentEvent e = new ContentEvent(id, seq, cmd.action(), actor.id(), actor.name(), actor.role(), at, from, to,
                note, draft);
        return new ContentDecision.Accepted(ContentItem.apply(before, e), e);
    }
}
