package io.shaozi.core.ticket;

import io.shaozi.core.identity.Org;

/**
 * Whether an alert address can be sent to as the deployment is configured: an address on a channel account without
 * credentials (the sample org's WeCom app {@code gov} before its secret is set) cannot. Alerts leave such an address
 * out and the ticket's timeline names it as not sent, instead of queueing a message the outbox can only reject while
 * the timeline says "已通知".
 */
@FunctionalInterface
public interface AlertReach {
    /** Every address is reachable (tests, tools). */
    AlertReach ALL = address -> true;

    boolean reachable(Org.Notify address);

    /** What the timeline says of an address left out: {@code 企业微信应用 gov 未配置发送}. */
    static String why(Org.Notify n) {
        String channel = switch (n.channel()) {
            case "wechat" -> "微信公众号";
            case "wecom" -> "企业微信应用";
            case "dingtalk" -> "钉钉应用";
            case "feishu" -> "飞书应用";
            case "sms" -> "短信网关";
            default -> n.channel() + " 账号";
        };
        return channel + " " + n.account() + " 未配置发送";
    }
}
