package io.shaozi.core.campaign;

import io.shaozi.adapters.common.Outbound;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.Draft;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-recipient quota rules a campaign message passes before it is queued, so that nothing is sent that the
 * platform would refuse or silently drop (rate limits per account and recipient are the outbox sender's business):
 * <ul>
 *   <li>every channel: the same item reaches an address at most once a calendar day (DingTalk work notices drop
 *       identical content to the same user within a day without an error; elsewhere it is simply a repeat) —
 *       {@code duplicate_today}; emergencies are exempt;</li>
 *   <li>WeChat: customer-service messages only within {@code windowHours} (48) of the user's last message and at
 *       most {@code windowMessages} (5) per window (else errcode 45015 / 45047); outside it the fallback is the
 *       configured template message ({@code push.wechatTemplateId}); without one the message is dropped as
 *       {@code window_closed} or {@code window_full}.</li>
 * </ul>
 */
public final class DeliveryPolicy {
    /** @param wechatTemplateId template (or subscription) message id for WeChat recipients outside the window */
    public record Settings(int windowHours, int windowMessages, Optional<String> wechatTemplateId) {
        public Settings {
            Objects.requireNonNull(wechatTemplateId, "wechatTemplateId");
        }

        public static Settings defaults() {
            return new Settings(48, 5, Optional.empty());
        }

        Duration window() {
            return Duration.ofHours(windowHours);
        }
    }

    /** What to do for one recipient. */
    public sealed interface Plan {
        /** Queue {@code payload}. */
        record Send(Outbound payload) implements Plan {
        }

        /** Do not send; {@code code} says why. */
        record Drop(String code) implements Plan {
        }
    }

    private final Settings settings;

    public DeliveryPolicy(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether the rules for {@code channel} need {@link CampaignRepository#facts} (the WeChat window). */
    public boolean needsFacts(String channel) {
        return "wechat".equals(channel);
    }

    /** How far back {@link CampaignRepository#facts} must look for pushes. */
    public Duration lookBack() {
        return settings.window();
    }

    public Plan decide(String channel, CampaignRepository.Facts f, Draft d, String readUrl, Instant now) {
        boolean emergency = d.kind() == ContentKind.EMERGENCY;
        if (f.gotContentToday() && !emergency) {
            return new Plan.Drop("duplicate_today");
        }
        if ("wechat".equals(channel)) {
            Optional<Instant> opened = f.lastSeen().filter(seen -> seen.plus(settings.window()).isAfter(now));
            if (opened.isPresent()) {
                long used = f.pushedSince().stream().filter(t -> !t.isBefore(opened.get())).count();
                if (used < settings.windowMessages()) {
                    return new Plan.Send(ContentRender.render(d, channel, readUrl));
                }
            }
            if (settings.wechatTemplateId().isPresent()) {
                return new Plan.Send(ContentRender.template(d, settings.wechatTemplateId().get(), readUrl, now));
            }
            return new Plan.Drop(opened.isPresent() ? "window_full" : "window_closed");
        }
        return new Plan.Send(ContentRender.render(d, channel, readUrl));
    }
}
