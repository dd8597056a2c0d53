package io.shaozi.nlp;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Social turns: thanks, goodbyes, praise, acknowledgements, "never mind", "it's fixed now", and messages in another
 * language. They are answered briefly and never become a ticket, so the rules are strict about what is <em>not</em>
 * social: a message is a thanks/goodbye/praise only when every part of it is one, and "it's fixed" only when the fix
 * is in the past and not negated (已经修好了 is solved; 还没修好, 修好了吗, 修好了又坏了 are not).
 */
final class SocialTurns {

    /** "It's fixed" messages longer than this are letters, not a social turn. */
    static final int SOLVED_MAX = 40;

    private SocialTurns() {}

    // every alternative is one social phrase; a message is social when these phrases cover all of it
    private static final String THANKS = "谢谢你们了|谢谢你们|谢谢您了|谢谢您|谢谢你|谢谢啦|谢谢了|谢谢|多谢了|多谢|感谢你们|感谢您|感谢你|感恩|感谢|谢了|谢啦|"
            + "3q|thx|thanks|thankyou|thank you|辛苦你们了|辛苦你们|辛苦您了|辛苦了|辛苦|麻烦你们了|麻烦您了|麻烦了|劳驾|太感谢了|非常感谢|十分感谢|万分感谢|"
            + "谢谢师傅|谢谢工作人员|谢谢社区|谢谢物业|谢谢大家|谢谢哨子|感谢社区|感谢物业|感谢师傅|感谢工作人员";
    private static final String GOODBYE = "再见|拜拜|拜|bye|byebye|88|886|回头见|下次再聊|下次聊|先这样|就这样吧|就这样|没别的事了|没有别的事了|没别的了|晚安";
    private static final String PRAISE = "你们真棒|真棒|太棒了|很棒|棒棒哒|棒棒|好棒|点个赞|点赞|为你们点赞|给你们点赞|赞一个|赞赞|赞|效率真高|效率很高|效率高|速度真快|"
            + "速度很快|真快|好快|这么快|服务很好|服务真好|服务周到|服务到位|态度很好|很专业|真专业|真给力|太给力了|给力|厉害|好评|为人民服务|辛苦师傅|"
            + "你们真好|你们太好了|真贴心|很贴心|很负责|真负责|靠谱|你们办事真快|办事效率高|办得好|处理得真快|处理得很及时|很及时|真及时";
    private static final String ACK = "好的|好滴|好嘞|好哒|好吧|行|行吧|可以|嗯嗯|嗯|哦哦|哦|噢|收到|知道了|明白了|明白|了解了|了解|ok|okay|okk|没问题|好";
    private static final String NEVER_MIND = "算了不用了|那算了|算了吧|算了|不用了|不需要了|没事了|没事儿|没事|没什么事|没什么|没啥事|没啥|那就这样|不麻烦了|暂时不用|先不用了";
    private static final String FILLER = "啊|呀|哈|呢|哈哈|嘿嘿|呵呵|哈哈哈|啦|的|哦|喔|噢|吧|呐|嘞|哟|嗷|~|,|，|。|!|！|\\.| |、|…";

    private static final Pattern SOCIAL_ONLY = Pattern.compile(
            "^(?:" + THANKS + "|" + GOODBYE + "|" + PRAISE + "|" + ACK + "|" + NEVER_MIND + "|" + FILLER + "|你们|您|师傅|社区|物业|工作人员|大家|啊|给|个|大大的)+$",
            Pattern.CASE_INSENSITIVE);
    /** 我要表扬…: a praise letter to register (request type 表扬), even when it tells of a fix. */
    private static final Pattern PRAISE_LETTER = Pattern.compile("表扬|锦旗|感谢信");
    private static final Pattern ONLY_FILLER = Pattern.compile("^(?:" + FILLER + ")+$");
    private static final Pattern HAS_GOODBYE = Pattern.compile(GOODBYE, Pattern.CASE_INSENSITIVE);
    private static final Pattern HAS_THANKS = Pattern.compile(THANKS, Pattern.CASE_INSENSITIVE);
    private static final Pattern HAS_PRAISE = Pattern.compile(PRAISE, Pattern.CASE_INSENSITIVE);
    private static final Pattern HAS_NEVER_MIND = Pattern.compile(NEVER_MIND);

    /** A fix in the past: 修好了, 已经解决, 灯亮了, 来水了 … */
    private static final StartChars FIXED = StartChars.of(Pattern.compile(
            "(?:修好|修复好|修复了|修完|弄好|搞好|整好|换好|装好|疏通好|通好|清理好|清理干净|清走了|拉走了|处理好|处理完|解决好|解决了|搞定|"
            + "恢复了|恢复正常|已恢复|已修复|已解决|已处理|已经处理|已经解决|已经好了|都好了|没问题了|不漏了|不漏水了|不吵了|不响了|不臭了|灯亮了|亮了|通了|"
            + "(?:噪音|噪声|味道|臭味|异味|声音|积水|垃圾)(?:已经)?(?:没有了|没了|消失了)|有水了|来水了|来电了|有电了|有暖气了|暖气热了|撤走了|移走了|挪走了|拆掉了|不堵了|好了)"));
    /** The fix negated or still to come: 还没修好, 没有解决, 修不好, 一直没弄好. */
    private static final StartChars NOT_FIXED = StartChars.of(Pattern.compile(
            "(?:还没|还没有|没有|没能|没|未能|尚未|仍未|还未|并未|并没有|并没|不能|不会|别)(?:被|给|人)?(?:[\\u4e00-\\u9fff]{0,2})"
            + "(?:修|弄|搞|整|换|装|疏通|通|清理|处理|解决|恢复|好|亮|来)"
            + "|修不好|弄不好|解决不了|处理不了|还是不|还是没|依然|仍然|照样|又坏|又不|又漏|又堵|又停|又没|又开始|又来了|又响|又吵|又臭|又出现|又有|"
            + "但是|但|可是|不过|然而|结果|却|还有|还得|还要|没几天|没两天|只修了|只是|怎么|什么时候|啥时候|何时|能不能|可不可以|是否|有没有|"
            + "[吗么嘛]$|[吗么嘛][,，?？]|\\?|？|希望|要是|如果|快点|尽快|赶紧|不(?:亮|通|热|好|行|能|灵)"));

    /** Han, kana or hangul: text a Chinese reader can at least partly read as Chinese. */
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern OTHER_SCRIPT = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}\\p{IsCyrillic}\\p{IsArabic}\\p{IsThai}]");
    private static final Pattern LETTERS = Pattern.compile("\\p{L}");

    /** The social kind of a whole short message, if it is one. {@code compact}: normalized, spaces removed. */
    static Optional<IntentKind> classify(String compact, String spaced) {
        if (compact.length() > 30 || !SOCIAL_ONLY.matcher(compact).matches()) {
            if (isForeign(spaced)) {
                return Optional.of(IntentKind.FOREIGN);
            }
            if (compact.length() <= SOLVED_MAX && solved(compact)) {
                return Optional.of(IntentKind.SOLVED);
            }
            return Optional.empty();
        }
        if (ONLY_FILLER.matcher(compact).matches()) {
            return Optional.empty(); // 哈哈, 。。。: nothing said
        }
        if (HAS_GOODBYE.matcher(compact).find()) {
            return Optional.of(IntentKind.GOODBYE);
        }
        if (HAS_NEVER_MIND.matcher(compact).find()) {
            return Optional.of(IntentKind.NEVER_MIND);
        }
        if (HAS_PRAISE.matcher(compact).find()) {
            return Optional.of(IntentKind.PRAISE);
        }
        if (HAS_THANKS.matcher(compact).find()) {
            return Optional.of(IntentKind.THANKS);
        }
        return Optional.of(IntentKind.ACK);
    }

    /**
     * The resident says a problem is fixed now: a past fix, not negated, not asked about, nothing still wrong, and not a
     * praise letter (我要表扬…, registered as a request of type 表扬).
     */
    static boolean solved(String compact) {
        return FIXED.scan(compact).find() && !NOT_FIXED.scan(compact).find() && !PRAISE_LETTER.matcher(compact).find()
                && !compact.startsWith("好了");
    }

    /** No Chinese at all and some words in another script (English, Japanese kana, Korean …). */
    static boolean isForeign(String text) {
        if (HAN.matcher(text).find()) {
            return OTHER_SCRIPT.matcher(text).results().count() >= 2; // Japanese: kanji with kana
        }
        if (OTHER_SCRIPT.matcher(text).find()) {
            return true;
        }
        long letters = LETTERS.matcher(text).results().count();
        return letters >= 8 && text.strip().indexOf(' ') > 0;
    }
}
