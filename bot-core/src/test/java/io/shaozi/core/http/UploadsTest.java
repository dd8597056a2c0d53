package io.shaozi.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UploadsTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void sniff_knowsImagesPdfAndAudio_byTheirBytes() {
        assertThat(Uploads.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).hasValue("image/jpeg");
        assertThat(Uploads.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A))).hasValue("image/png");
        assertThat(Uploads.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII))).hasValue("image/gif");
        assertThat(Uploads.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).hasValue("image/webp");
        assertThat(Uploads.sniff("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).hasValue("application/pdf");
        assertThat(Uploads.sniff("#!AMR\n".getBytes(StandardCharsets.US_ASCII))).hasValue("audio/amr");
    }

    @Test
    void check_refusesExecutablesScriptsAndHtml_namingTheField() {
        for (byte[] bad : new byte[][] {bytes('M', 'Z', 0x90, 0), bytes(0x7F, 'E', 'L', 'F'),
            "#!/bin/sh\nrm -rf /".getBytes(StandardCharsets.US_ASCII),
            "<html><script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII),
            bytes(0xCA, 0xFE, 0xBA, 0xBE), bytes('P', 'K', 3, 4)}) {
            assertThatThrownBy(() -> Uploads.check("file", bad)).isInstanceOf(HttpError.class)
                    .hasMessageContaining("file");
        }
        assertThatThrownBy(() -> Uploads.check("file", new byte[0])).hasMessageContaining("file is empty");
        byte[] huge = new byte[Uploads.MAX_BYTES + 1];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        assertThatThrownBy(() -> Uploads.check("file", huge)).hasMessageContaining("larger than");
    }

    @Test
    void name_dropsPathsQuotesAndControlCharacters() {
        assertThat(Uploads.name("C:\\\\Users\\\\x\\\\现场.jpg", "image/jpeg")).isEqualTo("现场.jpg");
        assertThat(Uploads.name("../../etc/\"pa\u0000ss\".png", "image/png")).isEqualTo("pass.png");
        assertThat(Uploads.name("", "image/png")).isEqualTo("附件.png");
    }
}
