package io.shaozi.core.campaign;

import static io.shaozi.core.testing.MutableClock.beijing;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.Draft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-recipient quota rules: WeChat's customer-service window and template fallback, once a day per item. */
class DeliveryPolicyTest {
    static final Instant NOW = beijing("2026-12-01T10:00");
    static final String URL = "https://shaozi.example/read/7?t=tok123";
    static final DeliveryPolicy NO_TEMPLATE = new DeliveryPolicy(DeliveryPolicy.Settings.defaults());
    static final DeliveryPolicy WITH_TEMPLATE = new DeliveryPolicy(new DeliveryPolicy.Settings(48, 5,
            Optional.of("tmpl-notice-1")));

    static Draft draft(ContentKind kind, String title) {
        return new Draft(kind, title, "**明天**上午9点停水，请提前储水。", Optional.empty(),
                Optional.of("https://gov.example/c.png"), "东华门街道", Optional.empty());
    }

    static final Draft NOTICE = draft(ContentKind.NOTICE, "停水通知");

    /** Facts of a WeChat user who last wrote {@code seenAgo} ago and got pushes at these offsets from then. */
    static CampaignRepository.Facts seen(Duration seenAgo, Duration... pushedAfterSeen) {
        Instant seen = NOW.minus(seenAgo);
        List<Instant> pushed = new ArrayList<>();
        for (Duration d : pushedAfterSeen) {
            pushed.add(seen.plus(d));
        }
        return new CampaignRepository.Facts(Optional.of(seen), pushed, false);
    }

    static Duration[] minutes(int n, int startMinute) {
        Duration[] out = new Duration[n];
        for (int i = 0; i < n; i++) {
            out[i] = Duration.ofMinutes(startMinute + i);
        }
        return out;
    }

    static Outbound sent(DeliveryPolicy.Plan p) {
        assertThat(p).as(p.toString()).isInstanceOf(DeliveryPolicy.Plan.Send.class);
        return ((DeliveryPolicy.Plan.Send) p).payload();
    }

    @Test
    void wechat_windowOpen_sendsNewsCardWithTheReadUrl() {
        DeliveryPolicy.Plan p = NO_TEMPLATE.decide("wechat", seen(Duration.ofHours(47), minutes(4, 1)), NOTICE, URL,
                NOW);
        Outbound.News news = (Outbound.News) sent(p);
        assertThat(news.articles()).singleElement().satisfies(a -> {
            assertThat(a.url()).isEqualTo(URL);
            assertThat(a.title()).isEqualTo("【社区通知】停水通知");
            assertThat(a.description()).contains("明天上午9点停水").doesNotContain("**");
            assertThat(a.picUrl()).isEqualTo("https://gov.example/c.png");
        });
    }

    @Test
    void wechat_windowFull_usesTheTemplate_orWaitsForTheNextDigest() {
        CampaignRepository.Facts full = seen(Duration.ofHours(3), minutes(5, 1));
        Outbound.Template t = (Outbound.Template) sent(WITH_TEMPLATE.decide("wechat", full, NOTICE, URL, NOW));
        assertThat(t.templateId()).isEqualTo("tmpl-notice-1");
        assertThat(t.url()).isEqualTo(URL);
        assertThat(NO_TEMPLATE.decide("wechat", full, NOTICE, URL, NOW))
                .isEqualTo(new DeliveryPolicy.Plan.Wait("window"));
    }

    @Test
    void wechat_windowClosed_usesTheTemplate_orWaitsForTheNextDigest() {
        CampaignRepository.Facts old = seen(Duration.ofHours(48));
        CampaignRepository.Facts never = CampaignRepository.Facts.none();
        for (CampaignRepository.Facts f : List.of(old, never)) {
            assertThat(sent(WITH_TEMPLATE.decide("wechat", f, NOTICE, URL, NOW))).isInstanceOf(Outbound.Template.class);
            assertThat(NO_TEMPLATE.decide("wechat", f, NOTICE, URL, NOW))
                    .isEqualTo(new DeliveryPolicy.Plan.Wait("window"));
        }
        // one minute inside the 48 hours is still open
        assertThat(sent(NO_TEMPLATE.decide("wechat", seen(Duration.ofHours(48).minusMinutes(1)), NOTICE, URL, NOW)))
                .isInstanceOf(Outbound.News.class);
    }

    @Test
    void wechat_pushesBeforeTheLastMessage_doNotCount() {
        Instant seen = NOW.minus(Duration.ofHours(2));
        List<Instant> pushed = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            pushed.add(seen.minus(Duration.ofMinutes(i))); // the previous window's five
        }
        for (int i = 0; i < 4; i++) {
            pushed.add(seen.plus(Duration.ofMinutes(i))); // four in this one (one at the very moment counts)
        }
        CampaignRepository.Facts f = new CampaignRepository.Facts(Optional.of(seen), pushed, false);
        assertThat(sent(NO_TEMPLATE.decide("wechat", f, NOTICE, URL, NOW))).isInstanceOf(Outbound.News.class);
        pushed.add(seen.plus(Duration.ofMinutes(30)));
        f = new CampaignRepository.Facts(Optional.of(seen), pushed, false);
        assertThat(NO_TEMPLATE.decide("wechat", f, NOTICE, URL, NOW))
                .isEqualTo(new DeliveryPolicy.Plan.Wait("window"));
    }

    @Test
    void sameItemToday_isDroppedAsDuplicate_onEveryChannel_exceptEmergencies() {
        CampaignRepository.Facts got = new CampaignRepository.Facts(Optional.of(NOW.minus(Duration.ofHours(1))),
                List.of(), true);
        for (String channel : List.of("wechat", "wecom", "dingtalk", "feishu", "generic")) {
            assertThat(WITH_TEMPLATE.decide(channel, got, NOTICE, URL, NOW)).as(channel)
                    .isEqualTo(new DeliveryPolicy.Plan.Drop("duplicate_today"));
            assertThat(WITH_TEMPLATE.decide(channel, got, draft(ContentKind.EMERGENCY, "燃气泄漏"), URL, NOW))
                    .as(channel).isInstanceOf(DeliveryPolicy.Plan.Send.class);
        }
    }

    @Test
    void dingtalkAndFeishu_getACardWithAReadButton() {
        for (String channel : List.of("dingtalk", "feishu")) {
            Outbound.Card card = (Outbound.Card) sent(NO_TEMPLATE.decide(channel, CampaignRepository.Facts.none(),
                    NOTICE, URL, NOW));
            assertThat(card.title()).isEqualTo("【社区通知】停水通知");
            assertThat(card.text()).contains("明天上午9点停水").doesNotContain("已学");
            assertThat(card.buttons()).containsExactly(new Outbound.Button("阅读全文", URL));
        }
    }

    @Test
    void wecom_getsANewsCard_evenWithoutAWindow() {
        assertThat(sent(NO_TEMPLATE.decide("wecom", CampaignRepository.Facts.none(), NOTICE, URL, NOW)))
                .isInstanceOf(Outbound.News.class);
    }

    @Test
    void generic_getsTextWithTheLink() {
        Outbound.Text t = (Outbound.Text) sent(NO_TEMPLATE.decide("generic", CampaignRepository.Facts.none(), NOTICE,
                URL, NOW));
        assertThat(t.text()).startsWith("【社区通知】停水通知\n").contains("明天上午9点停水").contains("阅读全文：" + URL)
                .doesNotContain("已学");
    }

    @Test
    void learningItems_askForStudied_onEveryRendering() {
        Draft learning = draft(ContentKind.LEARNING, "学习二十大报告");
        CampaignRepository.Facts open = seen(Duration.ofHours(1));
        Outbound.News news = (Outbound.News) sent(NO_TEMPLATE.decide("wechat", open, learning, URL, NOW));
        assertThat(news.articles().get(0).description()).contains("已学");
        assertThat(((Outbound.Card) sent(NO_TEMPLATE.decide("dingtalk", open, learning, URL, NOW))).text())
                .contains("已学");
        assertThat(((Outbound.Text) sent(NO_TEMPLATE.decide("generic", open, learning, URL, NOW))).text())
                .contains("已学").contains(URL);
    }

    @Test
    void template_fitsTheFieldLengths() {
        String longTitle = "关于开展二〇二六年度冬季供暖设施安全检查及居民入户走访工作的通知"; // > 20 characters
        assertThat(longTitle.codePointCount(0, longTitle.length())).isGreaterThan(20);
        Outbound.Template t = (Outbound.Template) sent(WITH_TEMPLATE.decide("wechat", CampaignRepository.Facts.none(),
                draft(ContentKind.NOTICE, longTitle), URL, NOW));
        String thing1 = t.data().get("thing1");
        assertThat(thing1.codePointCount(0, thing1.length())).isEqualTo(20);
        assertThat(thing1).endsWith("…").startsWith(longTitle.substring(0, 19));
        assertThat(t.data()).containsEntry("thing2", "社区通知").containsEntry("time3", "2026年12月1日 10:00");
        assertThat(t.data().values()).allSatisfy(v -> assertThat(v.codePointCount(0, v.length())).isLessThanOrEqualTo(20));
        // a short title is kept whole; a title of surrogate pairs is cut by code points, never mid-character
        Outbound.Template shortOne = (Outbound.Template) sent(WITH_TEMPLATE.decide("wechat",
                CampaignRepository.Facts.none(), NOTICE, URL, NOW));
        assertThat(shortOne.data()).containsEntry("thing1", "停水通知");
        String emoji = "🏠".repeat(25);
        Outbound.Template e = (Outbound.Template) sent(WITH_TEMPLATE.decide("wechat", CampaignRepository.Facts.none(),
                draft(ContentKind.NOTICE, emoji), URL, NOW));
        assertThat(e.data().get("thing1")).isEqualTo("🏠".repeat(19) + "…");
    }

    static final DeliveryPolicy MASS = new DeliveryPolicy(new DeliveryPolicy.Settings(48, 5, Optional.empty(), true));

    @Test
    void wechat_fallbackChain_custom_template_mass_thenWait() {
        CampaignRepository.Facts open = seen(Duration.ofHours(2));
        CampaignRepository.Facts closed = seen(Duration.ofHours(49));
        // window open: the customer-service news card, whatever the fallbacks
        assertThat(sent(MASS.decide("wechat", open, NOTICE, URL, NOW))).isInstanceOf(Outbound.News.class);
        assertThat(sent(WITH_TEMPLATE.decide("wechat", open, NOTICE, URL, NOW))).isInstanceOf(Outbound.News.class);
        // closed with a template: the template
        assertThat(sent(WITH_TEMPLATE.decide("wechat", closed, NOTICE, URL, NOW)))
                .isInstanceOf(Outbound.Template.class);
        // closed, no template, mass send on and quota left: a mass send of text with the read link
        CampaignRepository.Facts threeThisMonth = new CampaignRepository.Facts(closed.lastSeen(), List.of(), false, 3);
        Outbound.Mass mass = (Outbound.Mass) sent(MASS.decide("wechat", threeThisMonth, NOTICE, URL, NOW));
        assertThat(mass.text()).contains("【社区通知】停水通知").contains(URL);
        // the month's 4 used: wait for the next digest; mass send off: wait too
        CampaignRepository.Facts fourThisMonth = new CampaignRepository.Facts(closed.lastSeen(), List.of(), false, 4);
        assertThat(MASS.decide("wechat", fourThisMonth, NOTICE, URL, NOW))
                .isEqualTo(new DeliveryPolicy.Plan.Wait("window"));
        assertThat(NO_TEMPLATE.decide("wechat", threeThisMonth, NOTICE, URL, NOW))
                .isEqualTo(new DeliveryPolicy.Plan.Wait("window"));
    }

    @Test
    void settled_refusedWeChatTemplate_waitsForTheDigest_otherOutcomesStayAsTheyAre() {
        Outbound template = new Outbound.Template("tpl", java.util.Map.of(), "https://x/read");
        Outbound news = new Outbound.Text("通知");
        assertThat(DeliveryPolicy.settled("wechat", template, DeliveryStatus.FAILED, Optional.of("43101")))
                .isEqualTo(new DeliveryPolicy.Settled(DeliveryStatus.WAITING, Optional.of(DeliveryPolicy.WAIT_CODE)));
        assertThat(DeliveryPolicy.settled("wechat", template, DeliveryStatus.FAILED, Optional.of("retries_exhausted")))
                .isEqualTo(new DeliveryPolicy.Settled(DeliveryStatus.FAILED, Optional.of("retries_exhausted")));
        assertThat(DeliveryPolicy.settled("wechat", news, DeliveryStatus.FAILED, Optional.of("45015")))
                .isEqualTo(new DeliveryPolicy.Settled(DeliveryStatus.FAILED, Optional.of("45015")));
        assertThat(DeliveryPolicy.settled("wecom", template, DeliveryStatus.FAILED, Optional.of("81013")))
                .isEqualTo(new DeliveryPolicy.Settled(DeliveryStatus.FAILED, Optional.of("81013")));
        assertThat(DeliveryPolicy.settled("wechat", template, DeliveryStatus.SENT, Optional.empty()))
                .isEqualTo(new DeliveryPolicy.Settled(DeliveryStatus.SENT, Optional.empty()));
    }
}
