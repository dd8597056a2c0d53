package io.shaozi.adapters.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.common.Fields;
import io.shaozi.adapters.common.Inbound;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** WeChat / WeCom fields through the input gate: ids refused by name, free text cleaned, long event keys hashed. */
class WxInboundGateTest {
    static Map<String, String> text(String user, String msgId, String content) {
        return Map.of("FromUserName", user, "MsgType", "text", "CreateTime", "1732780800", "MsgId", msgId,
                "Content", content);
    }

    @Test
    void overLongMsgIdOrUser_orAControlCharacterInThem_isMalformedNamingTheField() {
        assertThat(WxInbound.map(Channel.WECHAT, "a", text("oU", "9".repeat(400), "hi"), "", Set.of()))
                .isEqualTo(new WxInbound.Malformed("MsgId is longer than 64 characters"));
        assertThat(WxInbound.map(Channel.WECHAT, "a", text("o".repeat(129), "1", "hi"), "", Set.of()))
                .isEqualTo(new WxInbound.Malformed("FromUserName is longer than 128 characters"));
        assertThat(WxInbound.map(Channel.WECOM, "a", text("o\u0000U", "1", "hi"), "1000002:", Set.of()))
                .isInstanceOfSatisfying(WxInbound.Malformed.class, m -> assertThat(m.reason()).contains("FromUserName"));
    }

    @Test
    void controlCharactersInTheContent_areDropped_andTheMessageKept() {
        WxInbound.Ok ok = (WxInbound.Ok) WxInbound.map(Channel.WECHAT, "a", text("oU", "42", "路灯\u0000不亮\u0007\n"),
                "", Set.of());
        assertThat(((Inbound.Text) ok.inbound()).text()).isEqualTo("路灯不亮\n");
        assertThat(ok.inbound().origin().messageId()).isEqualTo("42");
    }

    @Test
    void anEventWithAHugeKey_getsAHashedDedupeIdThatFitsTheColumn_stableAcrossRetries() {
        Map<String, String> f = Map.of("FromUserName", "o".repeat(128), "MsgType", "event", "CreateTime", "1732780800",
                "Event", "CLICK", "EventKey", "k".repeat(5000));
        WxInbound.Ok a = (WxInbound.Ok) WxInbound.map(Channel.WECOM, "a", f, "1000002:", Set.of("click"));
        WxInbound.Ok b = (WxInbound.Ok) WxInbound.map(Channel.WECOM, "a", f, "1000002:", Set.of("click"));
        assertThat(a.inbound().origin().messageId()).hasSizeLessThanOrEqualTo(Fields.MAX_MESSAGE_ID).startsWith("h:")
                .isEqualTo(b.inbound().origin().messageId());
    }
}
