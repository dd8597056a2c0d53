package io.shaozi.adapters.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeXmlTest {
    final SafeXml xml = SafeXml.defaults();

    @Test
    void parse_readsCdataAndPlainFieldsAndNestedPaths() {
        XmlResult r = xml.parse("<?xml version=\"1.0\"?><xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>123</CreateTime>"
                + "<Content><![CDATA[a]]>&amp;<![CDATA[b]]></Content><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo>"
                + "<Content>second</Content></xml>");
        assertThat(r).isInstanceOf(XmlResult.Parsed.class);
        XmlResult.Parsed p = (XmlResult.Parsed) r;
        assertThat(p.root()).isEqualTo("xml");
        assertThat(p.text("ToUserName")).isEqualTo("gh_1");
        assertThat(p.text("CreateTime")).isEqualTo("123");
        assertThat(p.text("Content")).isEqualTo("a&b");
        assertThat(p.text("ScanCodeInfo/ScanType")).isEqualTo("qrcode");
        assertThat(p.get("Missing")).isEmpty();
    }

    @Test
    void parse_refusesExternalEntityXxe(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOPSECRET");
        String body = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><Content>&xxe;</Content></xml>";
        XmlResult r = xml.parse(body);
        assertThat(r).isInstanceOf(XmlResult.Refused.class);
        assertThat(r.toString()).doesNotContain("TOPSECRET");
    }

    @Test
    void parse_refusesBillionLaughs() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        sb.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) sb.append("&lol").append(i - 1).append(';');
            sb.append("\">");
        }
        sb.append("]><xml><Content>&lol9;</Content></xml>");
        assertThat(xml.parse(sb.toString())).isEqualTo(new XmlResult.Refused("DOCTYPE not allowed"));
    }

    @Test
    void parse_refusesParameterEntitiesAndExternalDtd() {
        assertThat(xml.parse("<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml/>")).isInstanceOf(XmlResult.Refused.class);
        assertThat(xml.parse("<!DOCTYPE xml [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x\"> %p;]><xml/>")).isInstanceOf(XmlResult.Refused.class);
        assertThat(xml.parse("<xml><a>&undeclared;</a></xml>")).isInstanceOf(XmlResult.Refused.class);
    }

    @Test
    void parse_refusesOversizeDeepAndWideBodies() {
        SafeXml small = new SafeXml(100, 5, 3);
        assertThat(small.parse("<xml>" + "x".repeat(200) + "</xml>")).isEqualTo(new XmlResult.Refused("body larger than 100 bytes"));
        assertThat(small.parse("<xml><a><b><c/></b></a></xml>")).isEqualTo(new XmlResult.Refused("nesting deeper than 3"));
        assertThat(small.parse("<xml><a/><a/><a/><a/><a/></xml>")).isEqualTo(new XmlResult.Refused("more than 5 elements"));
    }

    @Test
    void parse_refusesEmptyAndMalformed() {
        assertThat(xml.parse(new byte[0])).isInstanceOf(XmlResult.Refused.class);
        assertThat(xml.parse((String) null)).isInstanceOf(XmlResult.Refused.class);
        assertThat(xml.parse("<xml><a></xml>")).isInstanceOf(XmlResult.Refused.class);
        assertThat(xml.parse("not xml")).isInstanceOf(XmlResult.Refused.class);
        assertThat(xml.parse("<xml/><second/>")).isInstanceOf(XmlResult.Refused.class);
    }

    @Test
    void parse_isSafeToShareAcrossThreads() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<String>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String v = "v" + i;
                fs.add(pool.submit(() -> ((XmlResult.Parsed) xml.parse("<xml><A><![CDATA[" + v + "]]></A></xml>")).text("A")));
            }
            for (int i = 0; i < fs.size(); i++) {
                assertThat(fs.get(i).get()).isEqualTo("v" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writer_splitsCdataTerminatorAndDropsIllegalCharacters() {
        String doc = XmlWriter.root("xml").cdata("Content", "a]]>b\u0001c\uD800d😀").number("CreateTime", 5).finish();
        assertThat(doc).isEqualTo("<xml><Content><![CDATA[a]]]]><![CDATA[>bcd😀]]></Content><CreateTime>5</CreateTime></xml>");
        XmlResult.Parsed p = (XmlResult.Parsed) xml.parse(doc);
        assertThat(p.text("Content")).isEqualTo("a]]>bcd😀");
        assertThat(XmlWriter.root("x").text("a", "<&>\u0000").finish()).isEqualTo("<x><a>&lt;&amp;&gt;</a></x>");
    }

    // XML parsers normalise CR and CRLF to LF (XML 1.0 section 2.11), as WeChat clients will too.
    @Property(tries = 500)
    void writerThenParser_roundTripsAnySanitisedText(@ForAll String text) {
        String doc = XmlWriter.root("xml").cdata("Content", text).finish();
        XmlResult r = xml.parse(doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(XmlResult.Parsed.class);
        assertThat(((XmlResult.Parsed) r).text("Content")).isEqualTo(XmlWriter.cdataContent(text).replace("]]><![CDATA[", "").replace("\r\n", "\n").replace('\r', '\n'));
    }

    @Property(tries = 1000)
    void parse_neverThrowsOnArbitraryInput(@ForAll String s, @ForAll byte[] bytes) {
        for (XmlResult r : List.of(xml.parse(s), xml.parse(bytes), xml.parse("<xml>" + s + "</xml>"))) {
            assertThat(r).isNotNull().isInstanceOfAny(XmlResult.Parsed.class, XmlResult.Refused.class);
        }
    }
}
