package io.shaozi.adapters.tencent;

import java.io.IOException;

/** A platform API answered with a non-zero {@code errcode}; carries the code, message and API path (never a token). */
public final class ApiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errcode;
    private final String errmsg;
    private final String api;

    public ApiException(int errcode, String errmsg, String api) {
        super(api + " failed: errcode=" + errcode + " errmsg=" + errmsg);
        this.errcode = errcode;
        this.errmsg = errmsg;
        this.api = api;
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return errmsg;
    }

    public String api() {
        return api;
    }
}
