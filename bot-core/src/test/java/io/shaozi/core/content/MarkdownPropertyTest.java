package io.shaozi.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** No input makes the HTML renderer emit markup other than its own few tags. */
class MarkdownPropertyTest {
    /** The HTML with the renderer's own tags removed; must hold no '<' at all. */
    static String strip(String html) {
        return html.replaceAll("</?(p|ul|ol|li|strong)>|<br>", "")
                .replaceAll("<a href=\"[^\"<>]*\" rel=\"nofollow noopener\">", "").replace("</a>", "");
    }

    @Provide
    Arbitrary<String> markdownish() {
        Arbitrary<String> pieces = Arbitraries.of("<", ">", "&", "\"", "'", "**", "*", "[", "]", "(", ")", "\n", "\n\n",
                "- ", "1. ", "http://a.b/", "https://x.y/?q=\"<s>\"", "javascript:alert(1)", "<script>", "</p>",
                "<a href=", "文字", " ", "`", "\\", "\r");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(40).map(l -> String.join("", l)),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    @Property(tries = 3000)
    void html_neverHoldsUnescapedAngleBracket(@ForAll("markdownish") String source) {
        String html = Markdown.toHtml(source);
        assertThat(strip(html)).doesNotContain("<").doesNotContain(">");
        assertThat(html).doesNotContainIgnoringCase("href=\"javascript");
    }

    @Property(tries = 1000)
    void plainText_keepsEveryRunOfLetters(@ForAll("markdownish") String source) {
        String text = Markdown.toPlainText(source);
        for (String w : source.split("[^\\p{L}]+")) { // every run of letters survives
            if (!w.isEmpty()) {
                assertThat(text).contains(w);
            }
        }
    }

    @Test
    void rendersTheSubset() {
        String src = "通知：**明天**停水。\n详见 [公告](https://gov.example/a?x=1&y=2)\n\n- 一号楼\n- 二号楼\n\n1. 备水\n2. 关阀 <b>";
        assertThat(Markdown.toHtml(src)).isEqualTo("<p>通知：<strong>明天</strong>停水。<br>详见 "
                + "<a href=\"https://gov.example/a?x=1&amp;y=2\" rel=\"nofollow noopener\">公告</a></p>"
                + "<ul><li>一号楼</li><li>二号楼</li></ul><ol><li>备水</li><li>关阀 &lt;b&gt;</li></ol>");
        assertThat(Markdown.toPlainText(src)).isEqualTo("通知：明天停水。\n详见 公告（https://gov.example/a?x=1&y=2）\n\n"
                + "• 一号楼\n• 二号楼\n\n1. 备水\n2. 关阀 <b>");
        assertThat(Markdown.toHtml("[x](javascript:alert(1))")).doesNotContain("<a");
    }
}
