package io.shaozi.core.http;

/** Thrown by handlers to answer with a 4xx/5xx status and a reason, rendered as {@code {"error": reason}}. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpError badRequest(String reason) {
        return new HttpError(400, reason);
    }

    /** 503: the request was not done and may be sent again (the server adds {@code Retry-After}). */
    public static HttpError retryLater(String reason) {
        return new HttpError(503, reason);
    }

    public static HttpError notFound(String reason) {
        return new HttpError(404, reason);
    }
}
