package io.shaozi.core.server;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.WebHandler;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves files from a classpath folder (the chat page, the console): no CDN, works offline. */
public final class StaticFiles implements WebHandler {
    private static final Map<String, String> TYPES = Map.of(
            "html", WebResponse.HTML, "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", WebResponse.JSON);
    private final String root;

    /** @param root classpath folder without leading slash, e.g. "web/chat" */
    public StaticFiles(String root) {
        this.root = root;
    }

    @Override
    public WebResponse handle(WebRequest request) throws IOException {
        String rest = request.pathVars().getOrDefault("*", "");
        if (rest.isEmpty()) {
            rest = "index.html";
        }
        if (rest.contains("..") || rest.startsWith("/") || rest.contains("\\")) {
            throw HttpError.notFound("no such file");
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + "/" + rest)) {
            if (in == null) {
                throw HttpError.notFound("no such file: " + rest);
            }
            String ext = rest.substring(rest.lastIndexOf('.') + 1);
            return new WebResponse(200, TYPES.getOrDefault(ext, "application/octet-stream"),
                    Map.of("Cache-Control", "no-cache"), in.readAllBytes());
        }
    }
}
