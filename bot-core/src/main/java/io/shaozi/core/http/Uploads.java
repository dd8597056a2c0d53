package io.shaozi.core.http;

import java.util.Optional;

/**
 * What an uploaded file really is, from its first bytes (never the client's Content-Type or file name): images
 * (JPEG, PNG, GIF, WebP), PDF and audio (AMR, MP3, WAV) are accepted; anything else, executables and scripts
 * included, is refused with a 400 naming the field.
 */
public final class Uploads {
    /** Largest file accepted (5 MiB). */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private Uploads() {
    }

    /** The sniffed content type of an accepted file. */
    public static Optional<String> sniff(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'A' && b[10] == 'V' && b[11] == 'E') {
            return Optional.of("audio/wav");
        }
        if (starts(b, '%', 'P', 'D', 'F', '-')) {
            return Optional.of("application/pdf");
        }
        if (starts(b, '#', '!', 'A', 'M', 'R')) {
            return Optional.of("audio/amr");
        }
        if (starts(b, 'I', 'D', '3') || starts(b, 0xFF, 0xFB)) {
            return Optional.of("audio/mpeg");
        }
        return Optional.empty();
    }

    /** The checked upload of field {@code field}: 400 when empty, too large or of a type not accepted. */
    public static String check(String field, byte[] b) {
        if (b.length == 0) {
            throw HttpError.badRequest(field + " is empty");
        }
        if (b.length > MAX_BYTES) {
            throw HttpError.badRequest(field + " is larger than " + (MAX_BYTES / 1024 / 1024) + " MiB");
        }
        return sniff(b).orElseThrow(() -> HttpError.badRequest(field
                + " must be an image (JPEG, PNG, GIF, WebP), a PDF or audio (AMR, MP3, WAV)"));
    }

    /** A file name safe to show and to put in Content-Disposition: no path, no control or quote characters. */
    public static String name(String raw, String contentType) {
        String n = raw == null ? "" : raw;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[\\p{Cntrl}\"';<>]", "").strip();
        if (n.length() > 100) {
            n = n.substring(n.length() - 100);
        }
        if (n.isEmpty()) {
            n = "附件." + contentType.substring(contentType.indexOf('/') + 1);
        }
        return n;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
