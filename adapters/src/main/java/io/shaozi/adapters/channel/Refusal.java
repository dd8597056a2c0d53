package io.shaozi.adapters.channel;

/** A protocol's refusal of a request: the HTTP status to answer and why (nothing was recorded). */
public interface Refusal {
    int httpStatus();

    String reason();

    default Reception.Refused refused() {
        return new Reception.Refused(httpStatus(), reason());
    }
}
