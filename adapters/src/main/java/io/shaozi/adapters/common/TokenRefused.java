package io.shaozi.adapters.common;

import java.io.IOException;

/**
 * The platform's token endpoint answered with an error (wrong app key or secret …): permanent, unlike a transport
 * failure. Clients turn it into a rejected send instead of retrying.
 */
public final class TokenRefused extends IOException {
    private static final long serialVersionUID = 1L;
    private final String errcode;

    public TokenRefused(String errcode, String errmsg) {
        super(errmsg);
        this.errcode = errcode;
    }

    /** The platform's error code, as text. */
    public String errcode() {
        return errcode;
    }
}
