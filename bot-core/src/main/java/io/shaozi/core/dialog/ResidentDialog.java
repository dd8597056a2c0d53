package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.core.ticket.TicketSummary;
import io.shaozi.nlp.Analysis;
import io.shaozi.nlp.Category;
import io.shaozi.nlp.Entities;
import io.shaozi.nlp.IntentKind;
import io.shaozi.nlp.Rating;
import io.shaozi.nlp.SimilarityIndex;
import io.shaozi.nlp.TextAnalyzer;
import io.shaozi.nlp.Urgency;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The resident's side of the conversation: report a request (classify, ask for the place, offer a photo,
 * open the ticket, answer with its number), follow and rate tickets, hand off to a person. One question at a
 * time; every state has a way out ("取消", "人工", "帮助").
 */
public final class ResidentDialog implements Bot {

    /** Tuning ({@code duplicateMinScore}: how similar an open ticket must be to be merged with; see {@link NearDuplicates}). */
    /**
     * Tuning ({@code duplicateMinScore}: how similar an open ticket must be to be merged with; see {@link NearDuplicates};
     * {@code unsubscribedGetEmergency}: config {@code push.unsubscribedGetEmergency}, said in the 退订 answer).
     */
    public record Settings(int maxInputChars, Duration sessionTtl, Duration humanTimeout, double duplicateMinScore,
                           boolean unsubscribedGetEmergency) {
        public static Settings defaults() {
            return new Settings(500, Duration.ofHours(2), Duration.ofMinutes(30), 0.55, true);
        }
    }

    private static final Set<String> PLACE_OPTIONAL = Set.of("劳动和社会保障");
    /** Photos and voice kept for one request (WeChat sends at most 9 pictures at once). */
    static final int MAX_PENDING = 9;
    /** Categories where a photo of the scene helps the department; others open without the offer. */
    private static final Set<String> PHOTO_HELPS = Set.of("城乡建设", "环境保护", "交通运输", "商贸旅游");
    /** Longer texts are never a bare command (the intent rules' command limit is 24 characters). */
    private static final int STATELESS_MAX_CHARS = 64;
    private static final Pattern BARE_COMMAND = Pattern.compile("^(查询|查|查工单|催办|催一下|撤销|撤单)[。.!！?？]*$");
    private static final Pattern SKIP = Pattern.compile("^(跳过|没有|没|不用|不需要|无|算了|不了|否|no|skip)[。.!！]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CANCEL = Pattern.compile("^(取消|不报了|算了吧|撤回)[。.!！]*$");
    private static final Pattern END_HUMAN = Pattern.compile("^(结束人工|返回|回到机器人|退出人工)[。.!！]*$");
    private static final Pattern DIGIT = Pattern.compile("^[0-9０-９]$");
    private static final Pattern YES = Pattern.compile("^(是|是的|对|对的|嗯|嗯嗯|好|好的|确认|关闭|关了吧|可以|行|1|yes|y|ok)[。.!！]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NO = Pattern.compile("^(不是|不对|没有|否|不|不用|不要|别|2|no|n)[。.!！]*$", Pattern.CASE_INSENSITIVE);

    private final TextAnalyzer nlp;
    private final TicketService tickets;
    private final Conversations conversations;
    private final Throttle throttle;
    private final Handoffs handoffs;
    private final NearDuplicates similar;
    private final UnaryOperator<String> names;
    private final Clock clock;
    private final Settings settings;
    private final io.shaozi.core.audience.ResidentBook residents;
    private final java.util.function.Function<String, Optional<String>> communityOf;
    private final KnowledgeTurns knowledge;
    private final java.util.function.Function<String, Optional<String>> praised;

    /**
     * @param residents   the residents' directory, touched when a resident writes (at most once a day) and on 订阅 / 退订
     * @param communityOf the community whose area contains a place a resident gave ({@code ticket.Directory#communityOf})
     */
    /** Without praise routing: a 表扬 goes to its category's owner. */
    public ResidentDialog(TextAnalyzer nlp, TicketService tickets, Conversations conversations, Throttle throttle,
                          Handoffs handoffs, NearDuplicates similar, UnaryOperator<String> names, Clock clock,
                          Settings settings, io.shaozi.core.audience.ResidentBook residents,
                          java.util.function.Function<String, Optional<String>> communityOf) {
        this(nlp, tickets, conversations, throttle, handoffs, similar, names, clock, settings, residents, communityOf,
                text -> Optional.empty(), Optional.empty());
    }

    /**
     * @param praised   the department a praise letter names ({@code ticket.Directory#departmentNamedIn})
     * @param knowledge answers residents' questions ({@link KnowledgeTurns}); empty: every message is a request
     */
    public ResidentDialog(TextAnalyzer nlp, TicketService tickets, Conversations conversations, Throttle throttle,
                          Handoffs handoffs, NearDuplicates similar, UnaryOperator<String> names, Clock clock,
                          Settings settings, io.shaozi.core.audience.ResidentBook residents,
                          java.util.function.Function<String, Optional<String>> communityOf,
                          java.util.function.Function<String, Optional<String>> praised,
                          Optional<io.shaozi.nlp.knowledge.KnowledgeBase> knowledge) {
        this.knowledge = new KnowledgeTurns(knowledge);
        this.residents = residents;
        this.communityOf = communityOf;
        this.praised = praised;
        this.nlp = nlp;
        this.tickets = tickets;
        this.conversations = conversations;
        this.throttle = throttle;
        this.handoffs = handoffs;
        this.similar = similar;
        this.names = names;
        this.clock = clock;
        this.settings = settings;
    }

    static Reporter reporter(Inbound in) {
        return new Reporter(in.origin().channel().id(), in.origin().account(), in.origin().user(), "", "");
    }

    /** Striped locks: a resident's messages are handled one at a time, so their conversation state is not lost. */
    private final java.util.concurrent.locks.ReentrantLock[] stripes = new java.util.concurrent.locks.ReentrantLock[256];

    {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new java.util.concurrent.locks.ReentrantLock();
        }
    }

    @Override
    public List<Outbound> reply(Inbound in) {
        java.util.concurrent.locks.ReentrantLock lock =
                stripes[Math.floorMod(reporter(in).key().hashCode(), stripes.length)];
        lock.lock();
        try {
            return replyLocked(in);
        } finally {
            lock.unlock();
        }
    }

    /**
     * 帮助 and greetings from a resident with no conversation in progress: the same answer {@link #reply} gives,
     * without analysing the text further, storing a session or anything else. Counts the message rate.
     */
    @Override
    public Optional<Stateless> stateless(Inbound in) {
        if (!(in instanceof Inbound.Text t) || t.text().length() > Math.min(STATELESS_MAX_CHARS, settings.maxInputChars())) {
            return Optional.empty();
        }
        String text = t.text().trim();
        if (text.isEmpty() || BARE_COMMAND.matcher(text).matches()) {
            return Optional.empty();
        }
        String answer = switch (nlp.intent(text).kind()) {
            case HELP -> Texts.MENU;
            case GREETING -> Texts.GREETING;
            case THANKS -> Texts.THANKS;
            case GOODBYE -> Texts.GOODBYE;
            case PRAISE -> Texts.PRAISE;
            case ACK -> Texts.ACK;
            case NEVER_MIND -> Texts.NEVER_MIND;
            case FOREIGN -> Texts.FOREIGN;
            default -> "";
        };
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Reporter who = reporter(in);
        java.util.concurrent.locks.ReentrantLock lock = stripes[Math.floorMod(who.key().hashCode(), stripes.length)];
        lock.lock();
        try {
            if (conversations.load(who.key()).isPresent()) {
                return Optional.empty(); // a conversation (or a person) has this resident: the recorded path decides
            }
            List<Outbound> replies = List.of(new Outbound.Text(answer));
            return Optional.of(new Stateless(replies, () -> {
                // the greeting opens a WeChat window as any message does: waiting notices go out now (the directory
                // is not written on this path)
                residents.arrived(who.channel(), who.account(), who.user());
                return throttle.allow(who.key()) ? replies : List.of(new Outbound.Text(Texts.TOO_FAST));
            }));
        } finally {
            lock.unlock();
        }
    }

    private List<Outbound> replyLocked(Inbound in) {
        Reporter who = reporter(in);
        Optional<String> stored = conversations.load(who.key());
        DialogState st = stored.map(DialogState::parse).orElseGet(DialogState::new);
        List<String> out = new ArrayList<>();
        boolean silent = handle(in, who, st, out);
        // after the turn: a place or a ticket in it has recorded the community already (one write, not two)
        residents.wrote(who.channel(), who.account(), who.user());
        if (st.stage == DialogState.Stage.IDLE && st.humanUntil == 0 && st.attachments.isEmpty()) {
            if (stored.isPresent()) {
                conversations.clear(who.key()); // nothing stored, nothing to clear: no write for a stateless turn
            }
        } else {
            conversations.save(who.key(), st.json(), settings.sessionTtl());
        }
        if (silent) {
            return List.of();
        }
        return out.stream().filter(s -> !s.isBlank()).map(s -> (Outbound) new Outbound.Text(s)).toList();
    }

    /** Returns true when the bot must stay silent (a person has the conversation). */
    private boolean handle(Inbound in, Reporter who, DialogState st, List<String> out) {
        Instant now = clock.instant();
        if (st.stage == DialogState.Stage.HUMAN) {
            String text = textOf(in).trim();
            if (END_HUMAN.matcher(text).matches() || now.toEpochMilli() > st.humanUntil) {
                st.reset();
                st.humanUntil = 0;
                handoffs.release(who);
                if (END_HUMAN.matcher(text).matches()) {
                    out.add(Texts.HUMAN_OFF);
                    return false;
                }
            } else {
                st.humanUntil = now.plus(settings.humanTimeout()).toEpochMilli();
                handoffs.flag(who, Texts.shortText(text, 200), now);
                return true;
            }
        }
        if (!throttle.allow(who.key())) {
            out.add(Texts.TOO_FAST);
            return false;
        }
        if (in instanceof Inbound.Event e) {
            onEvent(e, who, st, out);
            return false;
        }
        if (in instanceof Inbound.Location loc) {
            String place = loc.label().isBlank()
                    ? String.format(Locale.ROOT, "位置(%.5f,%.5f)", loc.latitude(), loc.longitude()) : loc.label();
            onPlace(place, who, st, out, in);
            return false;
        }
        if (in instanceof Inbound.Image img) {
            onImage("image:" + img.mediaId(), who, st, out, in);
            return false;
        }
        if (in instanceof Inbound.Voice v && v.recognition().isEmpty() && !v.mediaId().isBlank()
                && onVoice("voice:" + v.mediaId(), who, st, out)) {
            return false;
        }
        if (in instanceof Inbound.Link || in instanceof Inbound.Unknown
                || in instanceof Inbound.Voice v && v.recognition().isEmpty()) {
            out.add(Texts.NOT_SUPPORTED);
            return false;
        }
        String raw = textOf(in);
        if (raw.length() > settings.maxInputChars()) {
            raw = raw.substring(0, settings.maxInputChars());
            out.add(Texts.truncated(settings.maxInputChars()));
        }
        onText(raw.trim(), who, st, out, in);
        return false;
    }

    private static String textOf(Inbound in) {
        if (in instanceof Inbound.Text t) {
            return t.text();
        }
        if (in instanceof Inbound.Voice v) {
            return v.recognition().orElse("");
        }
        return "";
    }

    private void onEvent(Inbound.Event e, Reporter who, DialogState st, List<String> out) {
        switch (e.type()) {
            case "subscribe", "enter_agent", "bot_p2p_chat_entered" -> out.add(Texts.WELCOME + "\n" + Texts.MENU);
            case "click" -> {
                String key = e.key().orElse("").toUpperCase(Locale.ROOT);
                if (key.contains("TICKET")) {
                    myTickets(who, out);
                } else if (key.contains("HUMAN")) {
                    toHuman(who, st, "（菜单）转人工", out);
                } else {
                    out.add(Texts.MENU);
                }
            }
            case "unsubscribe" -> {
                // unfollowed the account: no push can reach them any more (WeChat answers 43004), so it counts as 退订;
                // following again and replying 订阅 brings them back
                residents.unsubscribe(who.channel(), who.account(), who.user());
            }
            default -> {
                // view, scan …: nothing to say
            }
        }
    }

    private void onText(String text, Reporter who, DialogState st, List<String> out, Inbound in) {
        if (text.isEmpty()) {
            out.add(Texts.EMPTY_REQUEST);
            return;
        }
        if (st.stage != DialogState.Stage.IDLE && CANCEL.matcher(text).matches()) {
            st.reset();
            out.add(Texts.CANCELLED);
            return;
        }
        switch (st.stage) {
            case KB_CHOICE, KB_OFFER -> {
                KnowledgeTurns.Pending p = knowledge.pending(text, st, out);
                if (p == KnowledgeTurns.Pending.DONE) {
                    return;
                }
                if (p == KnowledgeTurns.Pending.REGISTER) {
                    String question = st.text;
                    st.resetKeepingAttachments();
                    newRequest(question, nlp.analyze(question), who, st, out, in);
                    return;
                }
            }
            case CONFIRM_SOLVED -> {
                String number = st.ticket;
                if (YES.matcher(text).matches()) {
                    st.reset();
                    act(tickets.withdraw(number, "居民告知问题已解决", Actor.resident(who)), number, out,
                            t -> Texts.solvedClosed(number));
                    return;
                }
                st.reset();
                if (NO.matcher(text).matches()) {
                    out.add(Texts.NOT_SOLVED);
                    return;
                }
                // anything else: a new turn
            }
            case ASK_CATEGORY -> {
                if (chooseCategory(text, who, st, out, in)) {
                    return;
                }
            }
            case ASK_PLACE -> {
                Analysis a = nlp.analyze(text);
                if (a.intent().kind() == IntentKind.REQUEST || a.intent().kind() == IntentKind.ADD_DETAIL) {
                    onPlace(text, who, st, out, in);
                    return;
                }
            }
            case ASK_EMERGENCY_PLACE -> {
                Analysis a = nlp.analyze(text);
                if (a.intent().kind() == IntentKind.REQUEST || a.intent().kind() == IntentKind.ADD_DETAIL) {
                    locate(st.ticket, text, who, out);
                    st.reset();
                    return;
                }
            }
            case ASK_PHOTO -> {
                if (SKIP.matcher(text).matches()) {
                    openDraft(who, st, out, in);
                    return;
                }
                Analysis a = nlp.analyze(text);
                if (a.intent().kind() == IntentKind.REQUEST || a.intent().kind() == IntentKind.ADD_DETAIL) {
                    st.text = st.text + "；" + text;
                    openDraft(who, st, out, in);
                    return;
                }
            }
            case ASK_RATING_REASON -> {
                Analysis a = nlp.analyze(text);
                if (a.intent().kind() == IntentKind.REQUEST || a.intent().kind() == IntentKind.ADD_DETAIL) {
                    String number = st.ticket;
                    st.reset();
                    rate(number, Rating.UNSATISFIED, text, who, st, out);
                    return;
                }
            }
            default -> {
                // IDLE: fall through to intents
            }
        }
        if (BARE_COMMAND.matcher(text).matches()) {
            out.add(Texts.NEED_NUMBER);
            return;
        }
        Analysis a = nlp.analyze(text);
        switch (a.intent().kind()) {
            case HELP -> out.add(Texts.MENU);
            case GREETING -> out.add(Texts.GREETING);
            case THANKS -> out.add(Texts.THANKS);
            case GOODBYE -> out.add(Texts.GOODBYE);
            case PRAISE -> out.add(Texts.PRAISE);
            case ACK -> out.add(Texts.ACK);
            case FOREIGN -> out.add(Texts.FOREIGN);
            case NEVER_MIND -> {
                boolean drafting = st.stage != DialogState.Stage.IDLE && st.stage != DialogState.Stage.HUMAN;
                st.reset();
                out.add(drafting ? Texts.CANCELLED : Texts.NEVER_MIND);
            }
            case SOLVED -> solved(a, text, who, st, out);
            case MY_TICKETS -> myTickets(who, out);
            case QUERY_TICKET -> withNumber(a, who, out, n -> query(n, who, out));
            case URGE -> withNumber(a, who, out, n -> act(tickets.urge(n, "居民催办", Actor.resident(who)), n, out,
                    t -> "已为您催办工单 " + n + "（" + t.status().label() + "），我们会尽快处理。"));
            case WITHDRAW -> {
                if (a.intent().ticketNumber().isEmpty() && !tickets.listForReporter(who, 10).isEmpty()) {
                    solved(a, text, who, st, out); // 不用处理了: which ticket? the same question as for 已经修好了
                } else {
                    withNumber(a, who, out, n -> act(tickets.withdraw(n, "居民撤销", Actor.resident(who)), n, out,
                            t -> "已撤销工单 " + n + "。如还有问题，随时告诉我们。"));
                }
            }
            case ADD_DETAIL -> {
                String detail = a.intent().text().orElse("").trim();
                Optional<String> number = a.intent().ticketNumber().or(() -> latestOpen(who));
                if (number.isEmpty()) {
                    out.add(Texts.NO_TICKETS);
                } else if (detail.isEmpty()) {
                    out.add("请在“补充”后面写上要补充的内容。");
                } else {
                    addDetail(number.get(), detail, List.of(), who, out, "已补充到工单 " + number.get() + "。");
                }
            }
            case RATE -> {
                Optional<String> number = a.intent().ticketNumber().or(() -> awaitingRating(who));
                if (number.isEmpty()) {
                    out.add("您目前没有待评价的工单。");
                } else {
                    Rating r = a.intent().rating().orElse(Rating.SATISFIED);
                    if (r == Rating.UNSATISFIED) {
                        st.reset();
                        st.stage = DialogState.Stage.ASK_RATING_REASON;
                        st.ticket = number.get();
                        out.add(Texts.ASK_RATING_REASON);
                    } else {
                        rate(number.get(), r, "", who, st, out);
                    }
                }
            }
            case HUMAN -> toHuman(who, st, text, out);
            case SUBSCRIBE -> {
                residents.subscribe(who.channel(), who.account(), who.user());
                out.add(Texts.SUBSCRIBED);
            }
            case UNSUBSCRIBE -> {
                residents.unsubscribe(who.channel(), who.account(), who.user());
                out.add(settings.unsubscribedGetEmergency() ? Texts.UNSUBSCRIBED_EMERGENCY : Texts.UNSUBSCRIBED);
            }
            case LEARN -> out.add(Texts.LEARN_HINT);
            case QUIZ, QUIZ_ANSWER, POINTS, LEADERBOARD -> out.add(Texts.QUIZ_HINT);
            default -> {
                if (!knowledge.answer(text, a, st, out)) {
                    newRequest(text, a, who, st, out, in);
                }
            }
        }
    }

    /**
     * "It's fixed now": the ticket it is about is the one the resident names, else their open ticket whose text shares
     * the most with the message, else their most recent open one. Resolved and awaiting a rating: rated 满意 (closed).
     * Still being handled: asked to confirm, then withdrawn as solved. No open ticket: a short answer. Never a ticket.
     */
    private void solved(Analysis a, String text, Reporter who, DialogState st, List<String> out) {
        List<TicketSummary> open = tickets.listForReporter(who, 10).stream().filter(s -> !s.status().terminal()).toList();
        int best = open.stream().mapToInt(s -> shared(s.text(), text)).max().orElse(0);
        Optional<TicketSummary> target = a.intent().ticketNumber().isPresent()
                ? open.stream().filter(s -> s.number().equals(a.intent().ticketNumber().get())).findFirst()
                // newest first: with no shared words (or a tie) the most recent open ticket
                : open.stream().filter(s -> shared(s.text(), text) == best).findFirst();
        if (target.isEmpty()) {
            st.reset();
            out.add(Texts.SOLVED_NO_TICKET);
            return;
        }
        TicketSummary t = target.get();
        if (t.status() == TicketStatus.RESOLVED) {
            st.reset();
            Outcome o = tickets.rate(t.number(), Rating.SATISFIED, Texts.shortText(text, 200), Actor.resident(who));
            act(o, t.number(), out, x -> Texts.solvedRated(t.number()));
            return;
        }
        st.reset();
        st.stage = DialogState.Stage.CONFIRM_SOLVED;
        st.ticket = t.number();
        out.add(Texts.confirmSolved(t.number(), Texts.shortText(summaryText(t), 12)));
    }

    /** Character bigrams two texts share (how much a message is about a ticket). */
    private static int shared(String a, String b) {
        Set<String> grams = new java.util.HashSet<>();
        for (int i = 0; i + 1 < a.length(); i++) {
            grams.add(a.substring(i, i + 2));
        }
        int n = 0;
        for (int i = 0; i + 1 < b.length(); i++) {
            if (grams.remove(b.substring(i, i + 2))) {
                n++;
            }
        }
        return n;
    }

    private void withNumber(Analysis a, Reporter who, List<String> out, java.util.function.Consumer<String> action) {
        Optional<String> n = a.intent().ticketNumber();
        if (n.isEmpty()) {
            out.add(Texts.NEED_NUMBER);
            return;
        }
        Optional<Ticket> t = tickets.find(n.get());
        if (t.isEmpty() || !t.get().reportedBy(who.key())) {
            out.add("没有找到您的工单 " + n.get() + "，请核对工单号。回复“我的工单”可查看。");
            return;
        }
        action.accept(n.get());
    }

    private void act(Outcome o, String number, List<String> out, java.util.function.Function<Ticket, String> ok) {
        if (o instanceof Outcome.Done d) {
            out.add(ok.apply(d.ticket()));
        } else if (o instanceof Outcome.Refused r) {
            out.add("工单 " + number + " 现在不能这样操作：" + r.reason());
        } else if (o instanceof Outcome.Conflict) {
            out.add("工单 " + number + " 刚刚有了新进展，请稍后再试。");
        } else {
            out.add("没有找到您的工单 " + number + "。");
        }
    }

    private void query(String number, Reporter who, List<String> out) {
        Ticket t = tickets.find(number).orElseThrow();
        StringBuilder sb = new StringBuilder("工单 ").append(number).append("：").append(t.status().label());
        t.department().ifPresent(d -> sb.append("｜").append(names.apply(d)));
        if (t.status() == TicketStatus.MERGED && t.master().isPresent()) {
            sb.append("\n已与工单 ").append(t.master().get()).append(" 合并办理");
        } else if (t.status() == TicketStatus.RESOLVED) {
            sb.append("\n请评价：回复 1 满意，2 基本满意，3 不满意");
        } else {
            t.resolveDue().ifPresent(d -> sb.append("\n预计 ").append(Texts.when(d, clock.instant())).append(" 前办结"));
        }
        out.add(sb.toString());
    }

    private void myTickets(Reporter who, List<String> out) {
        List<TicketSummary> mine = tickets.listForReporter(who, 5);
        if (mine.isEmpty()) {
            out.add(Texts.NO_TICKETS);
            return;
        }
        out.add("您最近的工单：\n" + mine.stream()
                .map(s -> s.number() + " " + s.status().label() + " " + Texts.shortText(summaryText(s), 12))
                .collect(Collectors.joining("\n")) + "\n回复“查询 工单号”看详情");
    }

    private static String summaryText(TicketSummary s) {
        return s.text().isBlank() ? s.category() : s.text();
    }

    private Optional<String> latestOpen(Reporter who) {
        return tickets.listForReporter(who, 10).stream()
                .filter(s -> !s.status().terminal())
                .map(TicketSummary::number).findFirst();
    }

    private Optional<String> awaitingRating(Reporter who) {
        return tickets.listForReporter(who, 10).stream().filter(s -> s.status() == TicketStatus.RESOLVED)
                .map(TicketSummary::number).findFirst();
    }

    private void rate(String number, Rating r, String comment, Reporter who, DialogState st, List<String> out) {
        Outcome o = tickets.rate(number, r, comment, Actor.resident(who));
        act(o, number, out, t -> r == Rating.UNSATISFIED
                ? "已收到您的意见，工单 " + number + " 将重新办理，进展会及时告诉您。"
                : "感谢您的评价！工单 " + number + " 已完成回访。");
    }

    /** The emergency's place: the ticket's place, community and routing follow it (not only a 补充诉求 note). */
    private void locate(String number, String place, Reporter who, List<String> out) {
        act(tickets.act(number, new io.shaozi.core.ticket.Action.Locate(place), Actor.resident(who),
                java.util.OptionalInt.empty()), number, out, t -> "已记录位置" + t.community().map(c -> "（"
                + names.apply(c) + "）").orElse("") + "，已通知" + t.department().map(d -> names.apply(d))
                .orElse("街道值班人员") + "处置，请注意安全。");
    }

    private void addDetail(String number, String detail, List<String> attachments, Reporter who, List<String> out,
                           String ok) {
        act(tickets.addDetail(number, detail, attachments, Actor.resident(who)), number, out, t -> ok);
    }

    private void toHuman(Reporter who, DialogState st, String text, List<String> out) {
        st.reset();
        st.stage = DialogState.Stage.HUMAN;
        st.humanUntil = clock.instant().plus(settings.humanTimeout()).toEpochMilli();
        handoffs.flag(who, Texts.shortText(text, 200), clock.instant());
        out.add(Texts.HUMAN_ON);
    }

    private void newRequest(String text, Analysis a, Reporter who, DialogState st, List<String> out, Inbound in) {
        // photos or voice sent before the problem was described go with it
        List<String> pending = st.stage == DialogState.Stage.IDLE ? st.attachments : List.of();
        st.reset();
        st.attachments = new ArrayList<>(pending);
        if (a.normalized().replaceAll("[\\p{P}\\p{S}\\s]", "").length() < 4
                && a.urgency().level() != Urgency.EMERGENCY) {
            out.add(Texts.EMPTY_REQUEST);
            return;
        }
        st.text = text;
        st.dedupeKey = in.origin().dedupeKey() + ":" + in.origin().user();
        st.urgency = a.urgency().level().name();
        st.place = places(a.entities());
        Category c = a.category();
        st.category = c.label();
        st.subcategory = c.subcategory().orElse("");
        st.requestType = a.requestType().label();
        if (a.urgency().level() == Urgency.EMERGENCY) {
            a.urgency().safetyHint().ifPresent(out::add);
            Ticket t = open(who, st);
            out.add(Texts.opened(t, t.department().map(names).orElse(""), clock.instant()));
            if (st.place.isEmpty()) {
                st.reset();
                st.stage = DialogState.Stage.ASK_EMERGENCY_PLACE;
                st.ticket = t.number();
                out.add(Texts.ASK_EMERGENCY_PLACE);
            } else {
                st.reset();
            }
            return;
        }
        if (c.unsure() && c.subcategory().isEmpty()) {
            st.stage = DialogState.Stage.ASK_CATEGORY;
            st.choices = c.top().stream().map(Category.LabelProbability::label).limit(3).toList();
            StringBuilder sb = new StringBuilder("请问您反映的是哪方面的问题？回复数字：");
            for (int i = 0; i < st.choices.size(); i++) {
                sb.append("\n").append(i + 1).append(" ").append(st.choices.get(i));
            }
            sb.append("\n0 转人工");
            out.add(sb.toString());
            return;
        }
        nextStep(who, st, out, in);
    }

    private boolean chooseCategory(String text, Reporter who, DialogState st, List<String> out, Inbound in) {
        String t = text.trim();
        if (!DIGIT.matcher(t).matches()) {
            for (String c : st.choices) {
                if (t.contains(c)) {
                    st.category = c;
                    nextStep(who, st, out, in);
                    return true;
                }
            }
            return false;
        }
        int n = Character.getNumericValue(t.charAt(0));
        if (n == 0) {
            toHuman(who, st, st.text, out);
            return true;
        }
        if (n < 1 || n > st.choices.size()) {
            out.add("请回复 1 到 " + st.choices.size() + " 的数字，或回复 0 转人工。");
            return true;
        }
        st.category = st.choices.get(n - 1);
        nextStep(who, st, out, in);
        return true;
    }

    /** After the category is known: ask for the place, offer a photo, then open. */
    private void nextStep(Reporter who, DialogState st, List<String> out, Inbound in) {
        if (st.place.isEmpty() && !PLACE_OPTIONAL.contains(st.category)) {
            st.stage = DialogState.Stage.ASK_PLACE;
            out.add(Texts.ASK_PLACE);
            return;
        }
        if (st.attachments.stream().noneMatch(a -> a.startsWith("image:")) && PHOTO_HELPS.contains(st.category)) {
            st.stage = DialogState.Stage.ASK_PHOTO;
            out.add(Texts.ASK_PHOTO);
            return;
        }
        openDraft(who, st, out, in);
    }

    private void onPlace(String place, Reporter who, DialogState st, List<String> out, Inbound in) {
        communityOf.apply(place).ifPresent(c -> residents.seen(who.channel(), who.account(), who.user(), Optional.of(c)));
        if (st.stage == DialogState.Stage.ASK_PLACE) {
            st.place = place;
            nextStep(who, st, out, in);
        } else if (st.stage == DialogState.Stage.ASK_EMERGENCY_PLACE) {
            locate(st.ticket, place, who, out);
            st.reset();
        } else {
            Optional<String> open = latestOpen(who);
            if (open.isPresent()) {
                addDetail(open.get(), "位置：" + place, List.of(), who, out, "已把位置补充到工单 " + open.get() + "。");
            } else {
                out.add("收到位置。请再用一句话说明遇到了什么问题。");
            }
        }
    }

    /**
     * A voice note without the platform's recognition, kept like a photo (downloaded from the platform through the
     * outbox): on the request being drafted (the question asked stays open: the bot cannot hear what was said), on the
     * emergency ticket whose place is awaited, else on the resident's open ticket. False when there is nothing to keep
     * it on (the resident is asked to write instead).
     */
    private boolean onVoice(String ref, Reporter who, DialogState st, List<String> out) {
        switch (st.stage) {
            case ASK_PHOTO, ASK_PLACE, ASK_CATEGORY -> {
                out.add((keepPending(ref, st) ? Texts.VOICE_KEPT : Texts.ATTACHMENTS_FULL) + (st.stage == DialogState.Stage.ASK_PHOTO ? Texts.ASK_PHOTO
                        : st.stage == DialogState.Stage.ASK_PLACE ? Texts.ASK_PLACE
                        : "请回复数字选择问题类别。"));
                return true;
            }
            case ASK_EMERGENCY_PLACE -> {
                addDetail(st.ticket, "居民补充语音", List.of(ref), who, out, "语音已补充到工单 " + st.ticket + "。"
                        + Texts.ASK_EMERGENCY_PLACE_TEXT);
                return true;
            }
            case IDLE -> {
                Optional<String> open = latestOpen(who);
                if (open.isPresent()) {
                    addDetail(open.get(), "居民补充语音", List.of(ref), who, out, "语音已补充到工单 " + open.get() + "。");
                    return true;
                }
                if (!keepPending(ref, st)) {
                    return false;
                }
                out.add(Texts.ASK_TEXT_FOR_VOICE);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void onImage(String ref, Reporter who, DialogState st, List<String> out, Inbound in) {
        if (st.stage == DialogState.Stage.ASK_PHOTO) {
            keepPending(ref, st); // when full, the request opens with the ones it has
            openDraft(who, st, out, in);
            return;
        }
        if (st.stage == DialogState.Stage.ASK_PLACE || st.stage == DialogState.Stage.ASK_CATEGORY) {
            out.add((keepPending(ref, st) ? "照片已收到。" : Texts.ATTACHMENTS_FULL) + (st.stage == DialogState.Stage.ASK_PLACE ? Texts.ASK_PLACE : "请回复数字选择问题类别。"));
            return;
        }
        Optional<String> open = latestOpen(who);
        if (open.isPresent()) {
            addDetail(open.get(), "居民补充照片", List.of(ref), who, out, "照片已补充到工单 " + open.get() + "。");
        } else if (st.stage == DialogState.Stage.IDLE && keepPending(ref, st)) {
            out.add(Texts.ASK_TEXT_FOR_PHOTO);
        } else if ((st.stage == DialogState.Stage.KB_OFFER || st.stage == DialogState.Stage.KB_CHOICE)
                && keepPending(ref, st)) {
            out.add(Texts.PHOTO_KEPT_FOR_REGISTER);
        } else {
            out.add(Texts.ASK_TEXT_FOR_PHOTO_AGAIN);
        }
    }

    /**
     * Keeps a photo or voice for the request being drafted, or sent before the problem was described (nothing open,
     * no draft): the conversation is stored while it holds them ({@code dialog.sessionTtlMinutes}) and the request
     * described next carries them. At most {@link #MAX_PENDING}; false when full.
     */
    private static boolean keepPending(String ref, DialogState st) {
        if (st.attachments.size() >= MAX_PENDING) {
            return false;
        }
        st.attachments = new ArrayList<>(st.attachments);
        st.attachments.add(ref);
        return true;
    }

    private void openDraft(Reporter who, DialogState st, List<String> out, Inbound in) {
        Instant now = clock.instant();
        Optional<SimilarityIndex.Match> dup = similar.similar(st.text + " " + st.place,
                st.place.isEmpty() ? Optional.empty() : Optional.of(st.place), settings.duplicateMinScore())
                .stream().findFirst();
        Ticket t = open(who, st);
        st.reset();
        if (dup.isPresent() && !dup.get().id().equals(t.number())) {
            Outcome merged = tickets.act(t.number(), new io.shaozi.core.ticket.Action.Merge(dup.get().id(),
                    "与居民反映的同一问题合并"), Actor.system(), java.util.OptionalInt.empty());
            if (merged instanceof Outcome.Done) {
                similar.closed(t.number());
                Ticket master = tickets.find(dup.get().id()).orElseThrow();
                out.add("附近已有相同问题的工单 " + master.number() + "（" + master.status().label()
                        + "），已将您的反映并入该工单，进展会同步告诉您。\n您的工单号 " + t.number() + "。");
                return;
            }
        }
        out.add(Texts.opened(t, t.department().map(names).orElse(""), now));
    }

    private Ticket open(Reporter who, DialogState st) {
        Urgency urgency = Urgency.valueOf(st.urgency);
        OpenRequest req = new OpenRequest(who, st.text, st.category,
                st.subcategory.isEmpty() ? Optional.empty() : Optional.of(st.subcategory), urgency,
                st.place, Optional.empty(), st.attachments,
                st.dedupeKey.isEmpty() ? Optional.empty() : Optional.of(st.dedupeKey), st.requestType,
                "表扬".equals(st.requestType) ? praised.apply(st.text) : Optional.empty(), nlp.modelVersion());
        Ticket t = tickets.open(req, Actor.resident(who));
        t.community().ifPresent(c -> residents.seen(who.channel(), who.account(), who.user(), Optional.of(c)));
        similar.opened(t.number(), st.text + " " + st.place,
                st.place.isEmpty() ? Optional.empty() : Optional.of(st.place), t.createdAt());
        return t;
    }

    private static String places(Entities e) {
        return e.places().stream().map(Entities.Place::text).distinct().collect(Collectors.joining("，"));
    }
}
