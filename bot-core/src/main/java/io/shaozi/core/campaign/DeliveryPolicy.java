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
 *       configured template message ({@code push.wechatTemplateId}); without one, with {@code push.wechatMassSend}
 *       a 服务号 mass send while the user has one of their 4 a calendar month left (counted from the ledger);
 *       otherwise the row waits ({@code waiting}, code {@code window}) for the next digest: one customer-service
 *       message listing the resident's waiting notices as soon as they next write (see {@link Campaigns#digests}).</li>
 * </ul>
 */
public final class DeliveryPolicy {
    /** @param wechatTemplateId template (or subscription) message id for WeChat recipients outside the window */
    /** @param massSend whether WeChat residents outside the window may get a 服务号 mass send (4 a month per user) */
    public record Settings(int windowHours, int windowMessages, Optional<String> wechatTemplateId, boolean massSend) {
        /** Mass sends a WeChat user receives per calendar month. */
        public static final int MASS_PER_MONTH = 4;

        public Settings {
            Objects.requireNonNull(wechatTemplateId, "wechatTemplateId");
        }

        public Settings(int windowHours, int windowMessages, Optional<String> wechatTemplateId) {
            this(windowHours, windowMessages, wechatTemplateId, false);
        }

        public static Settings defaults() {
            return new Settings(48, 5, Optional.empty(), false);
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

        /** Not now: wait for the resident's next digest ({@code code} says why). */
        record Wait(String code) implements Plan {
        }
    }

    /** The code of rows waiting for the next digest. */
    public static final String WAIT_CODE = "window";

    /** What a campaign message's final outbox outcome means for its ledger row: status and code. */
    public record Settled(DeliveryStatus status, Optional<String> code) {
    }

    /**
     * The ledger's outcome of a campaign message the outbox finished with {@code status} / {@code code}: as given,
     * except a WeChat template the platform refused (not one given up after retries), whose notice waits for the
     * resident's next digest instead of failing.
     */
    public static Settled settled(String channel, Outbound payload, DeliveryStatus status,
                                  Optional<String> code) {
        if (status == DeliveryStatus.FAILED && "wechat".equals(channel) && payload instanceof Outbound.Template
                && !code.equals(Optional.of("retries_exhausted"))) {
            return new Settled(DeliveryStatus.WAITING, Optional.of(WAIT_CODE));
        }
        return new Settled(status, code);
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
            if (settings.massSend() && f.massThisMonth() < Settings.MASS_PER_MONTH) {
                return new Plan.Send(ContentRender.mass(d, readUrl));
            }
            return new Plan.Wait(WAIT_CODE);
        }
        return new Plan.Send(ContentRender.render(d, channel, readUrl));
    }
}
