package io.shaozi.adapters.common;

import java.io.IOException;

/** Fetches a fresh token from the platform (gettoken, tenant_access_token …). */
@FunctionalInterface
public interface TokenFetcher {
    AccessToken fetch() throws IOException;
}
