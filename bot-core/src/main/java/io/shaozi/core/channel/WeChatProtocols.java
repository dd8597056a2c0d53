package io.shaozi.core.channel;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.wechat.ParseOutcome;
import io.shaozi.adapters.wechat.ReplyContext;
import io.shaozi.adapters.wechat.VerifyOutcome;
import io.shaozi.adapters.wechat.WeChatProtocol;
import io.shaozi.adapters.wecom.WeComProtocol;
import io.shaozi.adapters.wecom.Recipients;
import io.shaozi.core.http.WebResponse;
import java.util.Map;

/** {@link PlatformProtocol} views of the WeChat MP and WeCom adapters. */
final class WeChatProtocols {
    private WeChatProtocols() {
    }

    static PlatformProtocol<ReplyContext> wechat(WeChatProtocol p) {
        return new PlatformProtocol<>() {
            @Override
            public Channel channel() {
                return Channel.WECHAT;
            }

            @Override
            public Verified verifyUrl(Map<String, String> query) {
                VerifyOutcome v = p.verifyUrl(query);
                if (v instanceof VerifyOutcome.Echo e) {
                    return new Verified(200, e.body());
                }
                VerifyOutcome.Rejected r = (VerifyOutcome.Rejected) v;
                return new Verified(r.httpStatus(), r.reason());
            }

            @Override
            public Parsed<ReplyContext> parse(Map<String, String> query, byte[] body) {
                ParseOutcome o = p.parse(query, body);
                if (o instanceof ParseOutcome.Parsed ok) {
                    return new Parsed.Ok<>(ok.inbound(), ok.ctx());
                }
                ParseOutcome.Rejected r = (ParseOutcome.Rejected) o;
                return new Parsed.Refused<>(r.httpStatus(), r.reason());
            }

            @Override
            public String render(ReplyContext ctx, Outbound reply) {
                return p.render(ctx, reply);
            }

            @Override
            public String empty() {
                return p.empty();
            }

            @Override
            public String recipient(Inbound inbound) {
                return inbound.origin().user();
            }

            @Override
            public String contentType() {
                return WebResponse.XML;
            }
        };
    }

    static PlatformProtocol<io.shaozi.adapters.wecom.ReplyContext> wecom(WeComProtocol p) {
        return new PlatformProtocol<>() {
            @Override
            public Channel channel() {
                return Channel.WECOM;
            }

            @Override
            public Verified verifyUrl(Map<String, String> query) {
                io.shaozi.adapters.wecom.VerifyOutcome v = p.verifyUrl(query);
                if (v instanceof io.shaozi.adapters.wecom.VerifyOutcome.Echo e) {
                    return new Verified(200, e.body());
                }
                io.shaozi.adapters.wecom.VerifyOutcome.Rejected r = (io.shaozi.adapters.wecom.VerifyOutcome.Rejected) v;
                return new Verified(r.httpStatus(), r.reason());
            }

            @Override
            public Parsed<io.shaozi.adapters.wecom.ReplyContext> parse(Map<String, String> query, byte[] body) {
                io.shaozi.adapters.wecom.ParseOutcome o = p.parse(query, body);
                if (o instanceof io.shaozi.adapters.wecom.ParseOutcome.Parsed ok) {
                    return new Parsed.Ok<>(ok.inbound(), ok.ctx());
                }
                io.shaozi.adapters.wecom.ParseOutcome.Rejected r = (io.shaozi.adapters.wecom.ParseOutcome.Rejected) o;
                return new Parsed.Refused<>(r.httpStatus(), r.reason());
            }

            @Override
            public String render(io.shaozi.adapters.wecom.ReplyContext ctx, Outbound reply) {
                return p.render(ctx, reply);
            }

            @Override
            public String empty() {
                return p.empty();
            }

            @Override
            public String recipient(Inbound inbound) {
                return Recipients.users(inbound.origin().user()).spec();
            }

            @Override
            public String contentType() {
                return WebResponse.XML;
            }
        };
    }
}
