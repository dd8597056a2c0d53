package io.shaozi.core.channel;

import io.shaozi.adapters.channel.BatchSending;
import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.Delivery;
import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.channel.RateLimit;
import io.shaozi.adapters.channel.SendOutcome;
import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.OutboxMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox senders: each row goes to its channel's {@link ChatChannel#send}, after the channel's rate limits
 * that apply to it ({@link ChatChannel#limits}) said yes. Over a limit the row is {@link SendOutcome.Throttled}:
 * held, not counted as an attempt, still in order. The limits are counted by the one {@link Limiter} (in memory, or
 * in Redis shared by every instance); a count that starts afresh (a new process, an expired key) starts from what
 * the outbox delivered within the limit's period, so that a restart does not send a second burst.
 */
public final class ChannelSenders {
    private ChannelSenders() {
    }

    /** Delivered outbox rows of a channel and account (and recipient, when given) after {@code since}. */
    @FunctionalInterface
    public interface History {
        int delivered(Channel channel, String account, Optional<String> recipient, Instant since);

        /** {@link #delivered} of each of {@code recipients} (a batch's members: one query where the store can). */
        default Map<String, Integer> deliveredEach(Channel channel, String account, List<String> recipients,
                                                   Instant since) {
            Map<String, Integer> out = new HashMap<>();
            recipients.forEach(r -> out.put(r, delivered(channel, account, Optional.of(r), since)));
            return out;
        }
    }

    /** One sender per channel, with {@code limits} (the effective limits of each channel, by channel). */
    public static Map<Channel, ChannelSender> of(List<ChatChannel> channels, Map<Channel, List<RateLimit>> limits,
                                                 Limiter limiter, History history, Clock clock) {
        Map<Channel, ChannelSender> senders = new HashMap<>();
        for (ChatChannel c : channels) {
            Channel id = c.type().channel();
            Map<String, RateLimit> byName = new HashMap<>();
            limits.getOrDefault(id, c.type().limits()).forEach(l -> byName.put(l.name(), l));
            senders.put(id, new ChannelSender() {
                @Override
                public SendOutcome send(OutboxMessage m) {
                    return ChannelSenders.send(c, byName, m, limiter, history, clock);
                }

                @Override
                public BatchSending.Result sendBatch(OutboxMessage m, List<String> members, Runnable beforeCall) {
                    return ChannelSenders.sendBatch(c, byName, m, members, beforeCall, limiter, history, clock);
                }
            });
        }
        return senders;
    }

    /**
     * One batch: the account's limits are taken once (one API call), every member's own limits once per member, all
     * or none ({@link Limiter#tryAcquireAll}); when one of them says wait, the whole batch waits (Throttled), so that
     * no member gets more than the platform allows (WeCom drops what is over a member's 30 a minute silently).
     */
    private static BatchSending.Result sendBatch(ChatChannel c, Map<String, RateLimit> limits, OutboxMessage m,
                                                 List<String> ledgerMembers, Runnable beforeCall, Limiter limiter,
                                                 History history, Clock clock) {
        Optional<BatchSending> batching = c.batching();
        List<String> members = ledgerMembers;
        if (batching.isEmpty() || members.isEmpty()) {
            return BatchSending.Result.of(new SendOutcome.Rejected("config", "channel " + m.channel().id()
                    + " cannot send batches"));
        }
        // the ledger names a resident by their user id and a person by their alert address: both become the address
        // that reaches that one user (the form per-recipient sends and their rate limits use)
        Map<String, String> ledgerOf = new java.util.LinkedHashMap<>();
        for (String x : members) {
            String address = batching.get().isMember(x) ? x : c.userAddress(m.account(), x).orElse(x);
            ledgerOf.putIfAbsent(address, x);
        }
        members = List.copyOf(ledgerOf.keySet());
        List<Limiter.Use> uses = new ArrayList<>();
        List<String> names = c.limits(new Delivery(m.account(), members.get(0), m.payload(), m.dedupeKey()));
        for (String name : names) {
            RateLimit l = limits.get(name);
            if (l == null) {
                continue;
            }
            if (l.scope() != RateLimit.Scope.RECIPIENT) {
                String key = "send:" + Fields.hashedKey(m.channel().id(), m.account(), "");
                uses.add(new Limiter.Use(key, l, () -> history.delivered(m.channel(), m.account(), Optional.empty(),
                        clock.instant().minus(l.per()))));
                continue;
            }
            // a member's count created now starts from their delivered rows: asked once for the whole batch, when
            // the first count is created
            List<String> all = members;
            java.util.concurrent.atomic.AtomicReference<Map<String, Integer>> used =
                    new java.util.concurrent.atomic.AtomicReference<>();
            for (String member : members) {
                String key = "send:" + Fields.hashedKey(m.channel().id(), m.account(), member);
                uses.add(new Limiter.Use(key, l, () -> {
                    if (used.get() == null) {
                        used.set(history.deliveredEach(m.channel(), m.account(), all, clock.instant().minus(l.per())));
                    }
                    return used.get().getOrDefault(member, 0);
                }));
            }
        }
        if (!uses.isEmpty() && limiter.tryAcquireAll(uses) instanceof Limiter.Decision.Wait w) {
            return BatchSending.Result.of(new SendOutcome.Throttled(w.until(), "rate limit " + m.channel().id() + " "
                    + String.join("/", names) + " (batch of " + members.size() + ")"));
        }
        beforeCall.run();
        BatchSending.Result r = batching.get().send(m.account(), members, m.payload(), m.dedupeKey());
        Map<String, String> notReached = new HashMap<>();
        r.notReached().forEach((address, code) -> notReached.put(ledgerOf.getOrDefault(address, address), code));
        return new BatchSending.Result(r.outcome(), notReached);
    }

    private static SendOutcome send(ChatChannel c, Map<String, RateLimit> limits, OutboxMessage m, Limiter limiter,
                                    History history, Clock clock) {
        Delivery d = new Delivery(m.account(), m.recipient(), m.payload(), m.dedupeKey());
        List<Limiter.Use> uses = new ArrayList<>();
        List<String> names = c.limits(d);
        for (String name : names) {
            RateLimit l = limits.get(name);
            if (l == null) {
                continue;
            }
            Optional<String> recipient = l.scope() == RateLimit.Scope.RECIPIENT ? Optional.of(m.recipient())
                    : Optional.empty();
            // recipients can be long and carry webhook URLs: the key holds their hash
            String key = "send:" + Fields.hashedKey(m.channel().id(), m.account(), recipient.orElse(""));
            uses.add(new Limiter.Use(key, l,
                    () -> history.delivered(m.channel(), m.account(), recipient, clock.instant().minus(l.per()))));
        }
        if (!uses.isEmpty() && limiter.tryAcquireAll(uses) instanceof Limiter.Decision.Wait w) {
            return new SendOutcome.Throttled(w.until(), "rate limit " + m.channel().id() + " "
                    + String.join("/", names));
        }
        return c.send(d);
    }
}
