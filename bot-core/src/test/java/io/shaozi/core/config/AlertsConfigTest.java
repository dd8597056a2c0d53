package io.shaozi.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.config.ConfigException;
import io.shaozi.core.ticket.AlertPolicy;
import io.shaozi.nlp.Urgency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code alerts.*}: typed, defaults as in config/shaozi.yaml, environment overrides, errors naming the key. */
class AlertsConfigTest {
    private static ShaoziConfig.Alerts load(Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), Optional.empty(), env, Map.of()).config().alerts();
    }

    @Test
    void defaults_matchTheShippedFile_andEnvironmentOverrides() {
        ShaoziConfig.Alerts shipped = ConfigLoader.load(Optional.empty(), Optional.of(Path.of("..", "config",
                "shaozi.yaml")), Map.of(), Map.of()).config().alerts();
        assertThat(shipped).isEqualTo(load(Map.of()));
        assertThat(shipped.policy()).isEqualTo(AlertPolicy.defaults());
        ShaoziConfig.Alerts a = load(Map.of("SHAOZI_ALERTS_EMERGENCY_STEPS", "notice,sms",
                "SHAOZI_ALERTS_EMERGENCY_ACKMINUTES", "3", "SHAOZI_ALERTS_SMS_CONSENT", "13800100011,13800100012",
                "SHAOZI_ALERTS_SMS_PERNUMBERPERDAY", "2"));
        AlertPolicy.Ladder l = a.policy().ladder(Urgency.EMERGENCY).orElseThrow();
        assertThat(l.steps()).containsExactly(AlertPolicy.Step.NOTICE, AlertPolicy.Step.SMS);
        assertThat(l.after()).isEqualTo(Duration.ofMinutes(3));
        assertThat(a.policy().smsConsent()).containsExactlyInAnyOrder("13800100011", "13800100012");
        assertThat(a.policy().smsPerNumberPerDay()).isEqualTo(2);
        assertThat(a.policy().ladder(Urgency.NORMAL)).isEmpty();
        assertThat(load(Map.of("SHAOZI_ALERTS_ENABLED", "false")).policy().ladder(Urgency.EMERGENCY)).isEmpty();
    }

    @Test
    void badValues_nameTheKey() {
        for (Map.Entry<Map<String, String>, String> c : List.of(
                Map.entry(Map.of("SHAOZI_ALERTS_EMERGENCY_STEPS", "sms,notice"), "alerts.emergency.steps"),
                Map.entry(Map.of("SHAOZI_ALERTS_URGENT_STEPS", "notice,call"), "alerts.urgent.steps[1]"),
                Map.entry(Map.of("SHAOZI_ALERTS_URGENT_ACKMINUTES", "0"), "alerts.urgent.ackMinutes"),
                Map.entry(Map.of("SHAOZI_ALERTS_EMERGENCY_REPEATS", "11"), "alerts.emergency.repeats"),
                Map.entry(Map.of("SHAOZI_ALERTS_QUIETFROM", "25:00"), "alerts.quietFrom"),
                Map.entry(Map.of("SHAOZI_ALERTS_SMS_URL", "http://127.0.0.1:9/sms"), "alerts.sms.secret"),
                Map.entry(Map.of("SHAOZI_ALERTS_SMS_URL", "ftp://x/sms", "SHAOZI_ALERTS_SMS_SECRET",
                        "0123456789abcdef"), "alerts.sms.url"),
                Map.entry(Map.of("SHAOZI_ALERTS_SMS_CONSENT", "13800100011,call-me"), "alerts.sms.consent[1]"))) {
            assertThatThrownBy(() -> load(c.getKey())).as(c.getValue()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c.getValue());
        }
    }
}
