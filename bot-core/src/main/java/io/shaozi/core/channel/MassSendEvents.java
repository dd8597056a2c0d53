package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.tencent.WxInbound;
import io.shaozi.core.campaign.MassResult;
import io.shaozi.core.dialog.Bot;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's MASSSENDJOBFINISH events (the result of a 服务号 mass send) are recorded for the campaign reports
 * ({@link MassResult}) and answered with nothing; every other message goes to the bot it wraps.
 */
public final class MassSendEvents implements Bot {
    private static final Logger LOG = LoggerFactory.getLogger(MassSendEvents.class);
    private final Bot next;
    private final MassResult.Store store;
    private final Clock clock;

    public MassSendEvents(Bot next, MassResult.Store store, Clock clock) {
        this.next = Objects.requireNonNull(next, "next");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Outbound> reply(Inbound in) {
        if (in instanceof Inbound.Event e && "wechat".equals(e.origin().channel().id())
                && WxInbound.MASS_SEND_JOB_FINISH.equals(e.type())) {
            Optional<MassResult> r = MassResult.parse(e.origin().account(), e.key().orElse(""), clock.instant());
            if (r.isPresent()) {
                store.record(r.get());
                LOG.info("wechat mass send {} of {} finished: {} (total {}, filtered {}, sent {}, errors {})",
                        r.get().msgId(), r.get().account(), r.get().status(), r.get().total(), r.get().filtered(),
                        r.get().sent(), r.get().errors());
            } else {
                LOG.warn("wechat MASSSENDJOBFINISH of {} unreadable", e.origin().account());
            }
            return List.of();
        }
        return next.reply(in);
    }

    @Override
    public Optional<Stateless> stateless(Inbound in) {
        return next.stateless(in);
    }
}
