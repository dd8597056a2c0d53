package io.shaozi.adapters.dingtalk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads golden payloads from test resources. */
public final class Golden {
    private Golden() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = Golden.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), java.nio.charset.StandardCharsets.UTF_8).strip();
    }
}
