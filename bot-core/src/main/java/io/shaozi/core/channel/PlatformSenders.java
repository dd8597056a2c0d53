package io.shaozi.core.channel;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.adapters.wechat.WeChatClient;
import io.shaozi.adapters.wecom.Recipients;
import io.shaozi.adapters.wecom.WeComClient;
import io.shaozi.core.push.ChannelSender;
import io.shaozi.core.push.SendResult;
import java.util.Map;

/** Outbox senders over the platform clients: platform outcomes mapped to {@link SendResult}. */
public final class PlatformSenders {
    private PlatformSenders() {
    }

    /** WeChat MP: templates as template messages, everything else as customer-service messages. */
    public static ChannelSender wechat(Map<String, WeChatClient> clients) {
        return m -> {
            WeChatClient c = clients.get(m.account());
            if (c == null) {
                return new SendResult.Rejected("no outbound client for wechat account " + m.account()
                        + " (is appSecret configured?)");
            }
            io.shaozi.adapters.wechat.SendOutcome o = m.payload() instanceof Outbound.Template t
                    ? c.sendTemplate(m.recipient(), t) : c.sendCustomerService(m.recipient(), m.payload());
            if (o instanceof io.shaozi.adapters.wechat.SendOutcome.Sent) {
                return new SendResult.Sent();
            }
            if (o instanceof io.shaozi.adapters.wechat.SendOutcome.RetryLater r) {
                return new SendResult.RetryLater(r.notBefore(), r.reason());
            }
            io.shaozi.adapters.wechat.SendOutcome.Rejected r = (io.shaozi.adapters.wechat.SendOutcome.Rejected) o;
            return new SendResult.Rejected(r.api() + " errcode " + r.errcode() + ": " + r.errmsg());
        };
    }

    /** WeCom app messages; the recipient column is a {@link Recipients#spec()}. */
    public static ChannelSender wecom(Map<String, WeComClient> clients) {
        return m -> {
            WeComClient c = clients.get(m.account());
            if (c == null) {
                return new SendResult.Rejected("no outbound client for wecom app " + m.account()
                        + " (is secret configured?)");
            }
            io.shaozi.adapters.wecom.SendOutcome o = c.sendAppMessage(Recipients.parse(m.recipient()), m.payload());
            if (o instanceof io.shaozi.adapters.wecom.SendOutcome.Sent
                    || o instanceof io.shaozi.adapters.wecom.SendOutcome.PartiallySent) {
                return new SendResult.Sent();
            }
            if (o instanceof io.shaozi.adapters.wecom.SendOutcome.RetryLater r) {
                return new SendResult.RetryLater(r.notBefore(), r.reason());
            }
            io.shaozi.adapters.wecom.SendOutcome.Rejected r = (io.shaozi.adapters.wecom.SendOutcome.Rejected) o;
            return new SendResult.Rejected(r.api() + " errcode " + r.errcode() + ": " + r.errmsg());
        };
    }
}
