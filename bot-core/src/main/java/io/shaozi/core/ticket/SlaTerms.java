package io.shaozi.core.ticket;

import java.util.Objects;

/**
 * The three clocks of one category + urgency: sign for the ticket (签收/响应), contact the resident (联系), resolve
 * (办结). All start at dispatch (派单).
 */
public record SlaTerms(SlaSpan sign, SlaSpan contact, SlaSpan resolve) {
    public SlaTerms {
        Objects.requireNonNull(sign, "sign");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(resolve, "resolve");
    }

    SlaSpan span(DeadlineKind kind) {
        return switch (kind) {
            case SIGN -> sign;
            case CONTACT -> contact;
            case RESOLVE -> resolve;
        };
    }
}
