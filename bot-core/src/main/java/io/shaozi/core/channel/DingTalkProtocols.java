package io.shaozi.core.channel;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.dingtalk.DingTalkRobotProtocol;
import io.shaozi.adapters.dingtalk.ParseOutcome;
import io.shaozi.adapters.dingtalk.ReplyContext;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.store.InboundSenderJdbc;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@link PlatformProtocol} view of the DingTalk robot adapter. */
final class DingTalkProtocols {
    private DingTalkProtocols() {
    }

    static PlatformProtocol<ReplyContext> robot(DingTalkRobotProtocol p, InboundSenderJdbc senders, Clock clock) {
        return new PlatformProtocol<>() {
            @Override
            public Channel channel() {
                return Channel.DINGTALK;
            }

            @Override
            public Verified verifyUrl(Map<String, String> query) {
                return new Verified(405, "DingTalk robots deliver by POST");
            }

            @Override
            public Parsed<ReplyContext> parse(Map<String, String> query, byte[] body) {
                return new Parsed.Refused<>(401, "missing timestamp/sign headers");
            }

            @Override
            public Parsed<ReplyContext> parse(Map<String, String> query, Map<String, String> headers, byte[] body) {
                ParseOutcome o = p.parse(headers, body);
                if (o instanceof ParseOutcome.Parsed ok) {
                    Inbound in = ok.inbound();
                    // The sign covers only the timestamp: a replay may carry the msgId with another sender.
                    if (!senders.claim(in.origin().dedupeKey(), in.origin().user(), clock.instant())) {
                        return new Parsed.Refused<>(409, "msgId already used by another sender");
                    }
                    return new Parsed.Ok<>(in, ok.ctx());
                }
                ParseOutcome.Rejected r = (ParseOutcome.Rejected) o;
                return new Parsed.Refused<>(r.httpStatus(), r.reason());
            }

            @Override
            public String render(ReplyContext ctx, Outbound reply) {
                return p.render(reply);
            }

            @Override
            public String empty() {
                return "";
            }

            @Override
            public String recipient(Inbound inbound) {
                return new DingTalkRecipient.RobotUsers(List.of(inbound.origin().user())).spec();
            }

            @Override
            public String recipient(Inbound inbound, ReplyContext ctx) {
                return DingTalkRecipient.forReply(ctx).spec();
            }

            @Override
            public String contentType() {
                return WebResponse.JSON;
            }
        };
    }
}
