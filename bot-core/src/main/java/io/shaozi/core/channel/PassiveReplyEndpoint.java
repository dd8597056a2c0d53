package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /<channel>/{account}} for platforms that take the reply in the HTTP response within a
 * deadline (WeChat MP: 5 s). The bot works on the dialog executor; when its answer is ready within the budget
 * it goes back as the passive reply (further messages of the same answer through the outbox), otherwise the
 * platform gets its empty answer at once and the whole answer is queued in the outbox (customer-service
 * messages). A redelivery is answered with the same reply, or empty when the reply went out late.
 *
 * @param <C> the platform's reply context
 */
public final class PassiveReplyEndpoint<C> {
    private static final Logger LOG = LoggerFactory.getLogger(PassiveReplyEndpoint.class);

    private final String prefix;
    private final Map<String, PlatformProtocol<C>> accounts;
    private final InboundPipeline pipeline;
    private final Executor dialog;
    private final Duration budget;

    PassiveReplyEndpoint(String prefix, Map<String, PlatformProtocol<C>> accounts, InboundPipeline pipeline,
                         Executor dialog, Duration budget) {
        this.prefix = prefix;
        this.accounts = Map.copyOf(accounts);
        this.pipeline = pipeline;
        this.dialog = dialog;
        this.budget = budget;
    }

    /** WeChat Official Accounts at {@code /wechat/{account}}. */
    public static PassiveReplyEndpoint<io.shaozi.adapters.wechat.ReplyContext> wechat(
            Map<String, io.shaozi.adapters.wechat.WeChatProtocol> accounts, InboundPipeline pipeline,
            Executor dialog, Duration budget) {
        Map<String, PlatformProtocol<io.shaozi.adapters.wechat.ReplyContext>> m = new HashMap<>();
        accounts.forEach((id, p) -> m.put(id, WeChatProtocols.wechat(p)));
        return new PassiveReplyEndpoint<>("/wechat", m, pipeline, dialog, budget);
    }

    /** WeCom apps at {@code /wecom/{app}}. */
    public static PassiveReplyEndpoint<io.shaozi.adapters.wecom.ReplyContext> wecom(
            Map<String, io.shaozi.adapters.wecom.WeComProtocol> apps, InboundPipeline pipeline,
            Executor dialog, Duration budget) {
        Map<String, PlatformProtocol<io.shaozi.adapters.wecom.ReplyContext>> m = new HashMap<>();
        apps.forEach((id, p) -> m.put(id, WeChatProtocols.wecom(p)));
        return new PassiveReplyEndpoint<>("/wecom", m, pipeline, dialog, budget);
    }

    /**
     * DingTalk robots at {@code /dingtalk/{robot}} (POST only). The sign covers only the timestamp, so every
     * message id is bound to its first sender before the pipeline sees it (see {@link DingTalkProtocols}).
     */
    public static PassiveReplyEndpoint<io.shaozi.adapters.dingtalk.ReplyContext> dingtalk(
            Map<String, io.shaozi.adapters.dingtalk.DingTalkRobotProtocol> robots,
            io.shaozi.core.store.InboundSenderJdbc senders, java.time.Clock clock, InboundPipeline pipeline,
            Executor dialog, Duration budget) {
        Map<String, PlatformProtocol<io.shaozi.adapters.dingtalk.ReplyContext>> m = new HashMap<>();
        robots.forEach((id, p) -> m.put(id, DingTalkProtocols.robot(p, senders, clock)));
        return new PassiveReplyEndpoint<>("/dingtalk", m, pipeline, dialog, budget);
    }

    public void routes(Router router) {
        router.get(prefix + "/{account}", this::verify);
        router.post(prefix + "/{account}", this::receive);
    }

    private PlatformProtocol<C> protocol(WebRequest req) {
        PlatformProtocol<C> p = accounts.get(req.pathVar("account"));
        if (p == null) {
            throw HttpError.notFound("no such account: " + req.pathVar("account"));
        }
        return p;
    }

    private static Map<String, String> firstValues(WebRequest req) {
        Map<String, String> q = new HashMap<>();
        req.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                q.put(k, v.get(0));
            }
        });
        return q;
    }

    WebResponse verify(WebRequest req) {
        PlatformProtocol.Verified v = protocol(req).verifyUrl(firstValues(req));
        if (v.status() != 200) {
            throw new HttpError(v.status(), v.body());
        }
        return WebResponse.text(200, v.body());
    }

    WebResponse receive(WebRequest req) {
        PlatformProtocol<C> p = protocol(req);
        PlatformProtocol.Parsed<C> parsed = p.parse(firstValues(req), req.headers(), req.body());
        if (parsed instanceof PlatformProtocol.Parsed.Refused<C> r) {
            throw new HttpError(r.status(), r.reason());
        }
        PlatformProtocol.Parsed.Ok<C> ok = (PlatformProtocol.Parsed.Ok<C>) parsed;
        Inbound in = ok.inbound();
        InboundPipeline.Route route = new InboundPipeline.Route(Optional.of(p.recipient(in, ok.ctx())), 1);
        CompletableFuture<InboundPipeline.Admission> admitted = new CompletableFuture<>();
        CompletableFuture<InboundPipeline.Result> work;
        try {
            work = CompletableFuture.supplyAsync(() -> {
                InboundPipeline.Admission a;
                try {
                    a = pipeline.admit(in, route);
                } catch (RuntimeException | Error e) {
                    admitted.completeExceptionally(e);
                    throw e;
                }
                admitted.complete(a);
                return a instanceof InboundPipeline.Admission.Claimed c ? pipeline.process(c)
                        : ((InboundPipeline.Admission.Settled) a).result();
            }, dialog);
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, "busy");
        }
        InboundPipeline.Result result;
        try {
            result = work.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return overBudget(p, ok, admitted, work);
        } catch (ExecutionException e) {
            throw InboundPipeline.failure(p.channel().id(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
        return answer(p, ok.ctx(), result);
    }

    /**
     * The answer is not ready within the platform's deadline. Recorded: the platform gets its empty answer and the
     * whole reply goes out through the outbox when ready (the recovery sweep finishes it should this instance die).
     * Not even recorded yet (the store is slow or down): a retryable failure, so that the platform tries again.
     */
    private WebResponse overBudget(PlatformProtocol<C> p, PlatformProtocol.Parsed.Ok<C> ok,
                                   CompletableFuture<InboundPipeline.Admission> admitted,
                                   CompletableFuture<InboundPipeline.Result> work) {
        InboundPipeline.Admission a = admitted.getNow(null);
        if (a == null) {
            LOG.warn("{} delivery not recorded within {} ms: asking the platform to retry", p.channel().id(),
                    budget.toMillis());
            throw new HttpError(503, "store slow, retry");
        }
        if (a instanceof InboundPipeline.Admission.Claimed c) {
            try {
                if (pipeline.defer(c.id())) {
                    return answer(p, p.empty());
                }
                // stored just now: it can still go back in this response
                return answer(p, ok.ctx(), work.get(1, TimeUnit.SECONDS));
            } catch (TimeoutException | ExecutionException | RuntimeException e) {
                throw new HttpError(503, "retry");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpError(503, "interrupted");
            }
        }
        return answer(p, p.empty());
    }

    private WebResponse answer(PlatformProtocol<C> p, C ctx, InboundPipeline.Result result) {
        if (result instanceof InboundPipeline.Result.InProgress busy) {
            // Recorded, another holder works on it: all of its reply goes through the outbox and this retry gets
            // the empty answer (the recovery sweep finishes it should the holder have died).
            pipeline.defer(busy.id());
            return answer(p, p.empty());
        }
        boolean late = result instanceof InboundPipeline.Result.Redelivered r && r.late()
                || result instanceof InboundPipeline.Result.Processed pr && pr.deferred();
        if (late || result.replies().isEmpty()) {
            return answer(p, p.empty());
        }
        return answer(p, p.render(ctx, result.replies().get(0)));
    }

    private static WebResponse answer(PlatformProtocol<?> p, String body) {
        return new WebResponse(200, body.equals("success") || body.isEmpty() ? WebResponse.TEXT : p.contentType(),
                Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
