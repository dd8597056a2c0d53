package io.shaozi.core.server;

import java.time.Duration;

/** Limits the server enforces on every connection and request. */
public record ServerLimits(int maxBodyBytes, int maxHeaderBytes, int maxUriBytes, Duration idleTimeout) {
}
