package io.shaozi.core.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.push.OutboxMessage;
import io.shaozi.core.push.OutboxQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    private final OutboxQueue outbox;
    private final Executor dialog;
    private final Duration budget;

    PassiveReplyEndpoint(String prefix, Map<String, PlatformProtocol<C>> accounts, InboundPipeline pipeline,
                         OutboxQueue outbox, Executor dialog, Duration budget) {
        this.prefix = prefix;
        this.accounts = Map.copyOf(accounts);
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.dialog = dialog;
        this.budget = budget;
    }

    /** WeChat Official Accounts at {@code /wechat/{account}}. */
    public static PassiveReplyEndpoint<io.shaozi.adapters.wechat.ReplyContext> wechat(
            Map<String, io.shaozi.adapters.wechat.WeChatProtocol> accounts, InboundPipeline pipeline,
            OutboxQueue outbox, Executor dialog, Duration budget) {
        Map<String, PlatformProtocol<io.shaozi.adapters.wechat.ReplyContext>> m = new HashMap<>();
        accounts.forEach((id, p) -> m.put(id, WeChatProtocols.wechat(p)));
        return new PassiveReplyEndpoint<>("/wechat", m, pipeline, outbox, dialog, budget);
    }

    /** WeCom apps at {@code /wecom/{app}}. */
    public static PassiveReplyEndpoint<io.shaozi.adapters.wecom.ReplyContext> wecom(
            Map<String, io.shaozi.adapters.wecom.WeComProtocol> apps, InboundPipeline pipeline, OutboxQueue outbox,
            Executor dialog, Duration budget) {
        Map<String, PlatformProtocol<io.shaozi.adapters.wecom.ReplyContext>> m = new HashMap<>();
        apps.forEach((id, p) -> m.put(id, WeChatProtocols.wecom(p)));
        return new PassiveReplyEndpoint<>("/wecom", m, pipeline, outbox, dialog, budget);
    }

    /**
     * DingTalk robots at {@code /dingtalk/{robot}} (POST only). The sign covers only the timestamp, so every
     * message id is bound to its first sender before the pipeline sees it (see {@link DingTalkProtocols}).
     */
    public static PassiveReplyEndpoint<io.shaozi.adapters.dingtalk.ReplyContext> dingtalk(
            Map<String, io.shaozi.adapters.dingtalk.DingTalkRobotProtocol> robots,
            io.shaozi.core.store.InboundSenderJdbc senders, java.time.Clock clock, InboundPipeline pipeline,
            OutboxQueue outbox, Executor dialog, Duration budget) {
        Map<String, PlatformProtocol<io.shaozi.adapters.dingtalk.ReplyContext>> m = new HashMap<>();
        robots.forEach((id, p) -> m.put(id, DingTalkProtocols.robot(p, senders, clock)));
        return new PassiveReplyEndpoint<>("/dingtalk", m, pipeline, outbox, dialog, budget);
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
        CompletableFuture<InboundPipeline.Result> work;
        try {
            work = CompletableFuture.supplyAsync(() -> pipeline.handle(in), dialog);
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, "busy");
        }
        InboundPipeline.Result result;
        try {
            result = work.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            work.whenComplete((late, failure) -> {
                if (failure != null) {
                    LOG.error("late {} reply failed for {}", p.channel().id(), in.origin().dedupeKey(), failure);
                } else if (late instanceof InboundPipeline.Result.Processed processed) {
                    try {
                        pipeline.markLate(in); // first: a retry arriving now must answer empty, not repeat the reply
                        pushLate(p, in, ok.ctx(), processed.replies(), 0);
                    } catch (RuntimeException queueFailure) {
                        LOG.error("could not queue the late {} reply for {}", p.channel().id(),
                                in.origin().dedupeKey(), queueFailure);
                    }
                }
            });
            return answer(p, p.empty());
        } catch (ExecutionException e) {
            throw new IllegalStateException("dialog failed for " + in.origin().dedupeKey(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
        if (result instanceof InboundPipeline.Result.Redelivered again) {
            if (again.late() || again.replies().isEmpty()) {
                return answer(p, p.empty());
            }
            return answer(p, p.render(ok.ctx(), again.replies().get(0)));
        }
        List<Outbound> replies = result.replies();
        if (replies.isEmpty()) {
            return answer(p, p.empty());
        }
        if (replies.size() > 1) {
            pushLate(p, in, ok.ctx(), replies, 1);
        }
        return answer(p, p.render(ok.ctx(), replies.get(0)));
    }

    private void pushLate(PlatformProtocol<C> p, Inbound in, C ctx, List<Outbound> replies, int from) {
        List<OutboxMessage> rows = new ArrayList<>();
        String recipient = p.recipient(in, ctx);
        for (int i = from; i < replies.size(); i++) {
            rows.add(new OutboxMessage(p.channel(), in.origin().account(), recipient, replies.get(i),
                    Optional.of("reply:" + in.origin().dedupeKey() + ":" + in.origin().user() + ":" + i)));
        }
        outbox.enqueue(rows);
    }

    private static WebResponse answer(PlatformProtocol<?> p, String body) {
        return new WebResponse(200, body.equals("success") || body.isEmpty() ? WebResponse.TEXT : p.contentType(),
                Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
