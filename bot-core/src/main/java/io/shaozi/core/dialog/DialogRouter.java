package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.TicketService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends each message to the right conversation: staff (a person of the organisation whose alert address is
 * this channel, account and user) get the cadre commands; everyone else is a resident. A Party member who is
 * nothing else is recognised as that person ({@link #person}): quiz commands and answers go to the quiz, the rest to
 * the resident dialog. Deactivated people are not recognised.
 */
public final class DialogRouter implements Bot {
    private final Bot residents;
    private final TicketService tickets;
    private final Supplier<Org> org;
    private final Clock clock;
    private final boolean chatPageStaff;
    private final boolean genericSigned;
    private final io.shaozi.adapters.channel.ChannelRegistry channels;
    private final Optional<io.shaozi.core.campaign.PushChat> push;
    private final Optional<io.shaozi.core.quiz.QuizChat> quiz;

    /**
     * @param chatPageStaff whether staff may be recognised on the /chat/ page, whose server-issued sessions are
     *                      anonymous (not tied to a person: demos and tests only); platform channels authenticate
     *                      their users
     * @param genericSigned whether the generic webhook requires a signature; unsigned, it never acts as staff
     */
    public DialogRouter(Bot residents, TicketService tickets, Supplier<Org> org, Clock clock, boolean chatPageStaff,
                        boolean genericSigned, io.shaozi.adapters.channel.ChannelRegistry channels) {
        this(residents, tickets, org, clock, chatPageStaff, genericSigned, channels, Optional.empty());
    }

    /** @param push answers 通知, 学习 and 已学 for everyone (residents, members, staff) */
    public DialogRouter(Bot residents, TicketService tickets, Supplier<Org> org, Clock clock, boolean chatPageStaff,
                        boolean genericSigned, io.shaozi.adapters.channel.ChannelRegistry channels,
                        Optional<io.shaozi.core.campaign.PushChat> push) {
        this(residents, tickets, org, clock, chatPageStaff, genericSigned, channels, push, Optional.empty());
    }

    /**
     * @param quiz answers the quiz commands (答题, 挑战, 积分, 排行, 订阅答题 …) for everyone (members take quizzes,
     *             others are told it is for Party members) and a member's letters while a question waits for them
     */
    public DialogRouter(Bot residents, TicketService tickets, Supplier<Org> org, Clock clock, boolean chatPageStaff,
                        boolean genericSigned, io.shaozi.adapters.channel.ChannelRegistry channels,
                        Optional<io.shaozi.core.campaign.PushChat> push, Optional<io.shaozi.core.quiz.QuizChat> quiz) {
        this.quiz = quiz;
        this.push = push;
        this.channels = channels;
        this.residents = residents;
        this.tickets = tickets;
        this.org = org;
        this.clock = clock;
        this.chatPageStaff = chatPageStaff;
        this.genericSigned = genericSigned;
    }

    @Override
    public List<Outbound> reply(Inbound in) {
        if (push.isPresent() && in instanceof Inbound.Text t && io.shaozi.core.campaign.PushChat.handles(t.text())) {
            Optional<Org.Person> p = recognised(in) ? person(org.get(), channels, in.origin().channel(),
                    in.origin().account(), in.origin().user()) : Optional.empty();
            io.shaozi.core.audience.Recipient to = p.flatMap(Org.Person::alerts)
                    .map(n -> new io.shaozi.core.audience.Recipient(n.channel(), n.account(), n.recipient()))
                    .orElse(new io.shaozi.core.audience.Recipient(in.origin().channel().id(), in.origin().account(),
                            in.origin().user()));
            return List.of(new Outbound.Text(push.get().answer(t.text(), to).orElseThrow()));
        }
        Optional<List<Outbound>> quizReply = quiz(in);
        if (quizReply.isPresent()) {
            return quizReply.get();
        }
        Optional<Org.Person> staff = staffOf(in);
        if (staff.isPresent()) {
            return new CadreDialog(tickets, org, staff.get(), clock).reply(in);
        }
        return residents.reply(in);
    }

    /** Residents' commands that change nothing; staff always take the recorded path. */
    @Override
    public Optional<Stateless> stateless(Inbound in) {
        if (quiz.isPresent() && in instanceof Inbound.Text t && (io.shaozi.core.quiz.QuizChat.handles(t.text())
                || io.shaozi.core.quiz.Answers.looksLikeAnswer(t.text()) && recognised(in) && person(org.get(), channels,
                in.origin().channel(), in.origin().account(), in.origin().user())
                .filter(io.shaozi.core.quiz.QuizChat::member).isPresent())) {
            return Optional.empty(); // quiz commands and members' answers are recorded
        }
        return staffOf(in).isPresent() ? Optional.empty() : residents.stateless(in);
    }

    /** A quiz command from anyone, or a member's answer to the question waiting for them. */
    private Optional<List<Outbound>> quiz(Inbound in) {
        if (quiz.isEmpty() || !(in instanceof Inbound.Text t)) {
            return Optional.empty();
        }
        boolean command = io.shaozi.core.quiz.QuizChat.handles(t.text());
        if (!command && !io.shaozi.core.quiz.Answers.looksLikeAnswer(t.text())) {
            return Optional.empty();
        }
        Org current = org.get();
        Optional<Org.Person> p = recognised(in) ? person(current, channels, in.origin().channel(),
                in.origin().account(), in.origin().user()) : Optional.empty();
        if (command || p.isPresent() && quiz.get().awaitsAnswer(p.get(), t.text())) {
            return Optional.of(quiz.get().reply(p, t.text(), current).stream()
                    .map(x -> (Outbound) new Outbound.Text(x)).toList());
        }
        return Optional.empty();
    }

    private Optional<Org.Person> staffOf(Inbound in) {
        return !recognised(in) ? Optional.empty()
                : staff(org.get(), channels, in.origin().channel(), in.origin().account(), in.origin().user());
    }

    /** Whether a person of the organisation may be recognised from this message's sender (not anonymous). */
    private boolean recognised(Inbound in) {
        boolean generic = in.origin().channel().equals(io.shaozi.adapters.common.Channel.GENERIC);
        boolean chatPage = generic && io.shaozi.adapters.generic.GenericChannel.CHAT_PAGE.equals(in.origin().account());
        boolean unsignedWebhook = generic && !chatPage && !genericSigned;
        // chat-page sessions bound to a person by a console link (web-staff-<id>) are authenticated; others anonymous
        boolean boundStaff = chatPage && in.origin().user().startsWith("web-staff-");
        return !(chatPage && !chatPageStaff && !boundStaff || unsignedWebhook);
    }

    /**
     * The staff member reached at this address, if any (residents are not in the organisation): a person whose
     * alert address on this channel and account is the address of this user, in any form the channel has.
     */
    static Optional<Org.Person> staff(Org org, io.shaozi.adapters.channel.ChannelRegistry channels,
                                      io.shaozi.adapters.common.Channel channel, String account, String user) {
        return person(org, channels, channel, account, user).filter(p -> p.role().staff());
    }

    /**
     * The person of the organisation (staff or Party member, active) reached at this address, if any: a person whose
     * alert address on this channel and account is the address of this user, in any form the channel has.
     */
    static Optional<Org.Person> person(Org org, io.shaozi.adapters.channel.ChannelRegistry channels,
                                       io.shaozi.adapters.common.Channel channel, String account, String user) {
        java.util.function.Predicate<String> reaches = channels.find(channel)
                .<java.util.function.Predicate<String>>map(t -> r -> t.addresses().reaches(account, r, user))
                .orElse(user::equals);
        return org.people().stream()
                .filter(p -> p.active() && p.role() != Role.RESIDENT && p.alerts().isPresent())
                .filter(p -> {
                    Org.Notify n = p.alerts().get();
                    return n.channel().equals(channel.id()) && n.account().equals(account) && reaches.test(n.recipient());
                })
                .findFirst();
    }
}
