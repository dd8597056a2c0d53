package io.shaozi.core.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An HTTP response produced by a {@link WebHandler}. */
public record WebResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String XML = "application/xml; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";

    public WebResponse {
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    public static WebResponse text(int status, String text) {
        return new WebResponse(status, TEXT, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, HTML, Map.of(), html.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A CSV download: UTF-8 with a BOM (so that Excel opens Chinese text correctly), as an attachment named
     * {@code filename}.
     */
    public static WebResponse csvAttachment(String csv, String filename) {
        byte[] text = csv.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[3 + text.length];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        return new WebResponse(200, "text/csv; charset=utf-8", Map.of("Content-Disposition",
                "attachment; filename=\"" + filename + "\""), body);
    }

    public static WebResponse xml(int status, String xml) {
        return new WebResponse(status, XML, Map.of(), xml.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON body serialised by {@link Json}. */
    public static WebResponse json(int status, Object value) {
        return new WebResponse(status, JSON, Map.of(), Json.bytes(value));
    }

    /** {@code {"error": reason}} with the given status. */
    public static WebResponse error(int status, String reason) {
        return json(status, Map.of("error", reason));
    }

    public WebResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WebResponse(status, contentType, h, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
