package io.shaozi.core.channel;

import io.shaozi.adapters.channel.ChatChannel;
import io.shaozi.adapters.channel.Endpoint;
import io.shaozi.adapters.channel.HttpCall;
import io.shaozi.adapters.channel.Reception;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every channel's {@link Endpoint}s: the channel verifies and parses a request, and a message goes through
 * the {@link InboundPipeline} — recorded durably before the platform hears anything — answered as its reply path
 * says:
 *
 * <ul>
 *   <li>{@link Reception.Passive}: the bot works on the dialog executor; when its answer is ready within the budget
 *       the first reply goes back as the passive reply (further ones through the outbox), otherwise the platform
 *       gets its empty answer at once and the whole answer is queued in the outbox. A redelivery is answered with
 *       the same reply, or empty when the reply went out late.</li>
 *   <li>{@link Reception.Acknowledge}: recorded, acknowledged, processed on the dialog executor; replies pushed.
 *       Should processing fail or this instance die, the recovery sweep finishes it.</li>
 *   <li>{@link Reception.InResponse}: processed while the caller waits, every reply in the response; work still in
 *       progress elsewhere, or a store outage, is a 503 to retry.</li>
 * </ul>
 */
public final class ChannelEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelEndpoints.class);

    private final List<ChatChannel> channels;
    private final InboundPipeline pipeline;
    private final Executor dialog;

    public ChannelEndpoints(List<ChatChannel> channels, InboundPipeline pipeline, Executor dialog) {
        this.channels = List.copyOf(channels);
        this.pipeline = pipeline;
        this.dialog = dialog;
    }

    public void routes(Router router) {
        for (ChatChannel c : channels) {
            for (Endpoint e : c.endpoints()) {
                router.add(e.method(), e.path(), req -> handle(c, e, req));
            }
        }
    }

    WebResponse handle(ChatChannel c, Endpoint e, WebRequest req) {
        Map<String, String> query = new HashMap<>();
        req.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.put(k, v.get(0));
            }
        });
        String account = e.path().contains("{account}") ? req.pathVar("account") : "";
        Reception r = e.handler().apply(new HttpCall(account, query, req.headers(), req.body()));
        if (r instanceof Reception.Refused refused) {
            throw new HttpError(refused.status(), refused.reason());
        }
        if (r instanceof Reception.Answer a) {
            return response(a);
        }
        Reception.Message m = (Reception.Message) r;
        String channel = c.type().channel().id();
        if (m.reply() instanceof Reception.Acknowledge ack) {
            pipeline.accept(m.inbound(), new InboundPipeline.Route(ack.pushTo(), 0), dialog);
            return response(ack.ack()); // recorded before the platform hears "received"
        }
        if (m.reply() instanceof Reception.InResponse all) {
            return inResponse(pipeline, channel, m.inbound(), all);
        }
        return passive(channel, m.inbound(), (Reception.Passive) m.reply());
    }

    /**
     * Runs a message through the pipeline while the caller waits; every reply in the response. The chat page polls
     * the outbox for replies that come late (after a crash, from the recovery sweep); the webhook's caller gets them
     * by retrying. Work still in progress elsewhere, or a store outage, is a 503 to retry.
     */
    static WebResponse inResponse(InboundPipeline pipeline, String channel, Inbound in, Reception.InResponse all) {
        InboundPipeline.Result result;
        try {
            result = pipeline.handle(in, new InboundPipeline.Route(all.pushTo(), Integer.MAX_VALUE));
        } catch (RuntimeException ex) {
            throw InboundPipeline.failure(channel, ex);
        }
        if (result instanceof InboundPipeline.Result.InProgress) {
            throw HttpError.retryLater("this message is still being processed; retry shortly");
        }
        return response(all.render().render(result.replies(), result instanceof InboundPipeline.Result.Redelivered));
    }

    private WebResponse passive(String channel, Inbound in, Reception.Passive p) {
        InboundPipeline.Route route = new InboundPipeline.Route(p.pushTo(), 1);
        CompletableFuture<InboundPipeline.Admission> admitted = new CompletableFuture<>();
        CompletableFuture<InboundPipeline.Result> work;
        try {
            work = CompletableFuture.supplyAsync(() -> {
                InboundPipeline.Admission a;
                try {
                    a = pipeline.admit(in, route);
                } catch (RuntimeException | Error ex) {
                    admitted.completeExceptionally(ex);
                    throw ex;
                }
                admitted.complete(a);
                return a instanceof InboundPipeline.Admission.Claimed c ? pipeline.process(c)
                        : ((InboundPipeline.Admission.Settled) a).result();
            }, dialog);
        } catch (RejectedExecutionException ex) {
            throw new HttpError(503, "busy");
        }
        InboundPipeline.Result result;
        Duration budget = p.budget();
        try {
            result = work.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            return overBudget(channel, p, budget, admitted, work);
        } catch (ExecutionException ex) {
            throw InboundPipeline.failure(channel, ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
        return answer(p, result);
    }

    /**
     * The answer is not ready within the platform's deadline. Recorded: the platform gets its empty answer and the
     * whole reply goes out through the outbox when ready (the recovery sweep finishes it should this instance die).
     * Not even recorded yet (the store is slow or down): a retryable failure, so that the platform tries again.
     */
    private WebResponse overBudget(String channel, Reception.Passive p, Duration budget,
                                   CompletableFuture<InboundPipeline.Admission> admitted,
                                   CompletableFuture<InboundPipeline.Result> work) {
        InboundPipeline.Admission a = admitted.getNow(null);
        if (a == null) {
            LOG.warn("{} delivery not recorded within {} ms: asking the platform to retry", channel, budget.toMillis());
            throw new HttpError(503, "store slow, retry");
        }
        if (a instanceof InboundPipeline.Admission.Claimed c) {
            try {
                if (pipeline.defer(c.id())) {
                    return response(p.render().empty());
                }
                // stored just now: it can still go back in this response
                return answer(p, work.get(1, TimeUnit.SECONDS));
            } catch (TimeoutException | ExecutionException | RuntimeException ex) {
                throw new HttpError(503, "retry");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new HttpError(503, "interrupted");
            }
        }
        return response(p.render().empty());
    }

    private WebResponse answer(Reception.Passive p, InboundPipeline.Result result) {
        if (result instanceof InboundPipeline.Result.InProgress busy) {
            // Recorded, another holder works on it: all of its reply goes through the outbox and this retry gets
            // the empty answer (the recovery sweep finishes it should the holder have died).
            pipeline.defer(busy.id());
            return response(p.render().empty());
        }
        boolean late = result instanceof InboundPipeline.Result.Redelivered r && r.late()
                || result instanceof InboundPipeline.Result.Processed pr && pr.deferred();
        if (late || result.replies().isEmpty()) {
            return response(p.render().empty());
        }
        return response(p.render().reply(result.replies().get(0)));
    }

    static WebResponse response(Reception.Answer a) {
        return new WebResponse(a.status(), a.contentType(), Map.of(), a.body());
    }
}
