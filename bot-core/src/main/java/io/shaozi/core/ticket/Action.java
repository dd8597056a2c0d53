package io.shaozi.core.ticket;

import io.shaozi.nlp.Rating;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What someone asks to do with a ticket. {@link TicketMachine} accepts or refuses it with a reason. */
public sealed interface Action {

    /** The action name used by the admin API ({@code "dispatch"}, {@code "accept"} …). */
    String name();

    /**
     * 派单 / 改派 / 审定: to {@code department} (empty: route by category and place). {@code wrongfulReturn}: the
     * street judges the last return wrongful; the time lost is charged to the returning department. {@code category}:
     * 改派 with a corrected category — when it differs from the ticket's, a {@link EventType#RECATEGORIZED} event comes
     * first (same rules as {@link Recategorize}, the subcategory is cleared) and the dispatch routes and times by the
     * new category; both events are one change of the ticket.
     */
    record Dispatch(Optional<String> department, Optional<String> community, String note, boolean wrongfulReturn,
                    Optional<String> category) implements Action {
        public Dispatch {
            Objects.requireNonNull(department, "department");
            Objects.requireNonNull(community, "community");
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(category, "category");
        }

        /** A dispatch that keeps the ticket's category. */
        public Dispatch(Optional<String> department, Optional<String> community, String note, boolean wrongfulReturn) {
            this(department, community, note, wrongfulReturn, Optional.empty());
        }

        public static Dispatch auto() {
            return new Dispatch(Optional.empty(), Optional.empty(), "", false);
        }

        public static Dispatch to(String department) {
            return new Dispatch(Optional.of(department), Optional.empty(), "", false);
        }

        @Override
        public String name() {
            return "dispatch";
        }
    }

    /**
     * 类别更正: the ticket's category becomes {@code category} (one of the category model's), its subcategory
     * {@code subcategory} (empty: none). Street roles; any state but MERGED (a closed ticket's category still counts in
     * the statistics). Department, deadlines and status stay as they are; to send it to the new category's department
     * use {@link Dispatch} with the category.
     */
    record Recategorize(String category, Optional<String> subcategory, String note) implements Action {
        public Recategorize {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(subcategory, "subcategory");
            Objects.requireNonNull(note, "note");
        }

        public Recategorize(String category, String note) {
            this(category, Optional.empty(), note);
        }

        @Override
        public String name() {
            return "correct";
        }
    }

    /** 签收. */
    record Accept(String note) implements Action {
        @Override
        public String name() {
            return "accept";
        }
    }

    /** 办理进展; {@code contacted}: the resident was contacted (the contact clock stops). */
    record Progress(String note, boolean contacted, List<String> attachments) implements Action {
        public Progress {
            attachments = List.copyOf(attachments);
        }

        @Override
        public String name() {
            return "progress";
        }
    }

    /** 待居民补充: the department waits for the resident (clocks pause when configured). */
    record Wait(String note) implements Action {
        @Override
        public String name() {
            return "wait";
        }
    }

    /** 补充诉求: more detail or photos from the resident (ends a wait). */
    record AddDetail(String note, List<String> attachments) implements Action {
        public AddDetail {
            attachments = List.copyOf(attachments);
        }

        @Override
        public String name() {
            return "detail";
        }
    }

    /** 办结 with the result. */
    record Resolve(String note, List<String> attachments) implements Action {
        public Resolve {
            attachments = List.copyOf(attachments);
        }

        @Override
        public String name() {
            return "resolve";
        }
    }

    /** 退单 with a coded reason. */
    record Return(ReturnReason reason, String note) implements Action {
        public Return {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String name() {
            return "return";
        }
    }

    /**
     * 吹哨: summon departments, each must 报到 within its own time: {@code reportWithin} per department, else the
     * policy's 报到 time for the urgency. {@code lead} (default: the current department) handles the ticket.
     */
    record Whistle(List<String> departments, Optional<String> lead, String note, java.util.Map<String, SlaSpan> reportWithin)
            implements Action {
        public Whistle {
            departments = List.copyOf(departments);
            Objects.requireNonNull(lead, "lead");
            reportWithin = java.util.Map.copyOf(reportWithin);
        }

        public Whistle(List<String> departments, Optional<String> lead, String note) {
            this(departments, lead, note, java.util.Map.of());
        }

        @Override
        public String name() {
            return "whistle";
        }
    }

    /** 报到 of a summoned department, optionally with where and a photo reference. */
    record Report(String department, Optional<String> location, Optional<String> photo, String note) implements Action {
        public Report {
            Objects.requireNonNull(department, "department");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(photo, "photo");
        }

        @Override
        public String name() {
            return "report";
        }
    }

    /** 合并: this ticket is a duplicate of {@code master}. */
    record Merge(String master, String note) implements Action {
        public Merge {
            Objects.requireNonNull(master, "master");
        }

        @Override
        public String name() {
            return "merge";
        }
    }

    /** 重办 ordered by the street. */
    record Reopen(String reason) implements Action {
        @Override
        public String name() {
            return "reopen";
        }
    }

    /** 申请延期 by the department ({@code decision} empty), or the street's decision on a pending request. */
    record Extend(int workingDays, String reason, Optional<Boolean> decision) implements Action {
        public Extend {
            Objects.requireNonNull(decision, "decision");
        }

        @Override
        public String name() {
            return "extend";
        }
    }

    /** 撤销. */
    record Withdraw(String reason) implements Action {
        @Override
        public String name() {
            return "withdraw";
        }
    }

    /** 评价 after 办结; 不满意 reopens. */
    record Rate(Rating rating, String comment) implements Action {
        public Rate {
            Objects.requireNonNull(rating, "rating");
        }

        @Override
        public String name() {
            return "rate";
        }
    }

    /** 催办. */
    record Urge(String note) implements Action {
        @Override
        public String name() {
            return "urge";
        }
    }

    /**
     * One step of the alert ladder, written by the system ({@code AlertLadder}): an {@link EventType#ALERTED} event
     * whose {@code data} names the ladder, the step and the recipients (the alert notifier queues the sends).
     */
    record Alert(String note, java.util.Map<String, String> data) implements Action {
        public Alert {
            Objects.requireNonNull(note, "note");
            data = java.util.Map.copyOf(data);
        }

        @Override
        public String name() {
            return "alert";
        }
    }

    /**
     * A resident's platform media ({@code ref}: {@code image:<mediaId>} / {@code voice:<mediaId>}) failed to
     * download, written by the system (the media download job): a {@link EventType#MEDIA_FAILED} event on the
     * timeline. {@code retrying}: the outbox tries again; false when the download is given up.
     */
    record MediaFailed(String ref, String reason, boolean retrying) implements Action {
        public MediaFailed {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String name() {
            return "mediaFailed";
        }
    }

    /** 收到: the alert of the ticket is acknowledged; its ladder stops. {@code via}: chat, console, api. */
    record AckAlert(String via) implements Action {
        public AckAlert {
            Objects.requireNonNull(via, "via");
        }

        @Override
        public String name() {
            return "ack";
        }
    }

    /**
     * The place of the request, given after the ticket was opened (the emergency flow asks for it after the safety
     * hint): place and community are updated, and a ticket not yet signed for is routed again by the new place.
     */
    record Locate(String place) implements Action {
        public Locate {
            Objects.requireNonNull(place, "place");
        }

        @Override
        public String name() {
            return "locate";
        }
    }
}
