package io.shaozi.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dialog intents by rules on the normalized text, then a nearest-neighbour model over example phrasings
 * ({@code intent-examples.txt}) for short messages no rule claims. Commands are short; a long message is a request
 * unless it starts with a command word (补充…, 催办…, 撤销…).
 */
final class IntentRecognizer {

    private static final int COMMAND_MAX = 24;

    private static final Pattern TICKET = Pattern.compile("(?<![0-9])[0-9]{4,24}(?![0-9])");
    private static final Pattern ONLY_TICKET = Pattern.compile("^#?[0-9]{10,24}$");
    private static final Pattern ANSWER = Pattern.compile(
            "^(?:(?:我|我的)?(?:选|选择|答案是|答案为|答案|答|回答|选项)[:：]?\\s*)?([A-Da-d])(?:项|选项)?(?:吧|啊|呀|哦)?[.。!！]?$");
    private static final Pattern RATE_DIGIT = Pattern.compile("^(?:评价|评分|打分)?[:：]?\\s*([123])(?:分)?[.。!！]?$");
    private static final Pattern ADD_DETAIL = Pattern.compile("^(?:我要|我想|再)?(?:补充(?:说明|一下|一点|材料|情况|内容)?|追加(?:说明)?|再说一下|另外补充)[:：,，\\s]*(.*)$");
    private static final Pattern GREETING = Pattern.compile(
            "^(?:你好|您好|你们好|大家好|hi|hello|hey|嗨|哈喽|哈啰|在吗|在么|在不在|有人吗|有人在吗|早|早上好|上午好|中午好|下午好|晚上好|早安|晚安|喂)+(?:啊|呀|呢|哈)?[!！。.~～,，?？]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HELP = Pattern.compile(
            "^(?:帮助|help|菜单|menu|功能|功能列表|使用说明|使用帮助|说明|怎么用|如何使用|怎么使用|你能做什么|你能干什么|你会什么|能干啥|有什么功能|都有什么功能|你是谁|有什么用|你能帮我做什么|你能帮我干什么|这是什么|怎么操作|\\?|？|h)[!！。?？]*$",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern TRAILING_PUNCT = Pattern.compile("[!！。.~～?？,，]+$");
    private static final Pattern ADD_DETAIL_PREFIX = Pattern.compile(
            "^\\s*(?:我要|我想|再)?(?:补充(?:说明|一下|一点|材料|情况|内容)?|追加(?:说明)?|再说一下|另外补充)[:：,，\\s]*");

    private static final Pattern RATING_PREFIX = Pattern.compile("^(?:评价|评分|我的评价是|我的评价|我觉得|我|对处理结果|对结果|处理结果)[:：]?");
    private static final Pattern RATING_SUFFIX = Pattern.compile("(?:[,，!！。]?(?:谢谢|谢谢你们|感谢|辛苦了)+)?(?:吧|啊|了|的|。)?$");

    private static final Pattern UNSATISFIED = Pattern.compile("^(?:非常|很|特别|十分|极其|太|真)?(?:不满意|不太满意|不是很满意|不怎么满意)$|^差评$|^很差$|^不行$|^太差了?$|^(?:非常|很)?差$");
    private static final Pattern BASIC = Pattern.compile("^(?:基本满意|基本上满意|比较满意|还算满意|一般|一般般|还行|还可以|凑合|马马虎虎|中评)$");
    private static final Pattern SATISFIED = Pattern.compile("^(?:非常|很|特别|十分|挺)?(?:满意|好评)$|^(?:非常|很|特别)好$|^点赞$|^五星好评$|^好评$");

    private IntentRecognizer() {}

    private static int indexOfClauseBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '，' || c == '!' || c == '！' || c == '。' || c == ' ') {
                return i;
            }
        }
        return -1;
    }

    static Intent recognize(String normalized) {
        String t = normalized.strip();
        if (t.isEmpty()) {
            return Intent.of(IntentKind.HELP);
        }
        String compact = t.replace(" ", "");
        String bare = TRAILING_PUNCT.matcher(compact).replaceAll("");
        boolean isShort = compact.length() <= COMMAND_MAX;

        Matcher add = ADD_DETAIL.matcher(compact);
        if (add.matches()) {
            String rest = ADD_DETAIL_PREFIX.matcher(t).replaceFirst("");
            return new Intent(IntentKind.ADD_DETAIL, ticket(compact), Optional.empty(), Optional.empty(),
                    rest.isBlank() ? Optional.empty() : Optional.of(rest.strip()));
        }
        Matcher ans = ANSWER.matcher(compact);
        if (ans.matches()) {
            return new Intent(IntentKind.QUIZ_ANSWER, Optional.empty(), Optional.empty(),
                    Optional.of(ans.group(1).toUpperCase(java.util.Locale.ROOT)), Optional.empty());
        }
        Matcher rd = RATE_DIGIT.matcher(compact);
        if (rd.matches()) {
            Rating r = rd.group(1).equals("1") ? Rating.SATISFIED
                    : rd.group(1).equals("2") ? Rating.BASICALLY_SATISFIED : Rating.UNSATISFIED;
            return rate(r, compact);
        }
        if (HELP.matcher(compact).matches()) {
            return Intent.of(IntentKind.HELP);
        }
        if (GREETING.matcher(compact).matches()) {
            return Intent.of(IntentKind.GREETING);
        }
        if (ONLY_TICKET.matcher(bare).matches()) {
            return new Intent(IntentKind.QUERY_TICKET, ticket(compact), Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (startsWithAny(compact, "催办", "催单", "催一下", "催促", "催一催", "加急处理") || isShort && containsAny(compact,
                "催办", "催一下", "催促", "怎么还没人", "怎么还没处理", "怎么还没修", "怎么还没来", "还没人来", "还没有人来",
                "还没处理", "还没有处理", "能不能快点", "快点处理", "赶紧处理", "尽快处理一下", "都几天了还", "催一催", "啥时候能处理",
                "什么时候来修", "什么时候处理", "快点来", "赶紧来", "快来修", "怎么还不来", "还不来修", "咋还没")) {
            return withTicket(IntentKind.URGE, compact);
        }
        if (isShort && containsAny(compact, "取消订阅", "退订", "不要推送", "不要再推送", "别再推送", "关闭推送", "停止推送",
                "取消推送", "不想收到", "不想收消息", "不想再收", "别给我发", "不要发了", "别发了", "不再接收", "取消关注通知") || bare.equalsIgnoreCase("td")) {
            return Intent.of(IntentKind.UNSUBSCRIBE);
        }
        if (compact.length() <= SocialTurns.SOLVED_MAX && !containsAny(compact, "撤销", "撤回", "撤单", "取消")
                && SocialTurns.solved(compact)) {
            return withTicket(IntentKind.SOLVED, compact); // 已经好了，不用来了: solved (the dialog closes the ticket)
        }
        if (startsWithAny(compact, "撤销", "撤回", "撤单") || isShort && containsAny(compact, "撤销", "撤回", "撤单",
                "取消工单", "取消诉求", "取消投诉", "取消反映", "取消哨单", "取消申请", "不用处理了", "不用来了", "不需要处理了",
                "不用修了", "自己解决了", "问题已经解决了不用", "别处理了", "不要处理了", "不用管了")
                ) {
            return withTicket(IntentKind.WITHDRAW, compact);
        }
        if (isShort) {
            Optional<Rating> rating = rating(bare);
            if (rating.isPresent()) {
                int cut = indexOfClauseBreak(t);
                String rest = cut > 0 ? TRAILING_PUNCT.matcher(t.substring(cut + 1).strip()).replaceAll("") : "";
                rest = rest.matches("(?:谢谢|谢谢你们|感谢|辛苦了)*") ? "" : rest;
                return new Intent(IntentKind.RATE, ticket(compact), rating, Optional.empty(),
                        rest.isEmpty() ? Optional.empty() : Optional.of(rest));
            }
            Optional<IntentKind> social = SocialTurns.classify(compact, t);
            if (social.isPresent()) {
                return withTicket(social.get(), compact);
            }
            if (containsAny(compact, "转人工", "人工客服", "人工服务", "找人工", "要人工", "真人", "接人工", "工作人员",
                    "找客服", "联系客服", "客服") || bare.equals("人工") || bare.equalsIgnoreCase("human")
                    || bare.equalsIgnoreCase("staff") || bare.equalsIgnoreCase("agent")) {
                return Intent.of(IntentKind.HUMAN);
            }
            if (containsAny(compact, "取消订阅")) {
                return Intent.of(IntentKind.UNSUBSCRIBE);
            }
            if (containsAny(compact, "订阅", "开启推送", "打开推送", "接收推送", "接收通知", "推送给我", "关注通知", "开通提醒")) {
                return Intent.of(IntentKind.SUBSCRIBE);
            }
            if (containsAny(compact, "排行榜", "排行", "排名", "积分榜", "榜单", "谁第一")) {
                return Intent.of(IntentKind.LEADERBOARD);
            }
            if (containsAny(compact, "积分", "多少分", "我的分数", "得分")) {
                return Intent.of(IntentKind.POINTS);
            }
            if (containsAny(compact, "答题", "每日一题", "做题", "出题", "知识竞赛", "竞答", "测验", "考考我", "题目", "刷题", "今天的题", "今日的题", "来一题", "来道题", "下一题")) {
                return Intent.of(IntentKind.QUIZ);
            }
            if (containsAny(compact, "学习", "理论学习", "学一学", "学习资料", "学习内容", "政策解读", "今日推荐")) {
                return Intent.of(IntentKind.LEARN);
            }
            if (containsAny(compact, "我的工单", "我的哨单", "我的诉求", "我的投诉", "我的反映", "我的问题", "我的申请",
                    "我提交的", "我反映的", "我投诉的", "我报的", "历史记录", "提交记录", "反映记录", "我的记录", "我的事项", "我的单子",
                    "之前报的", "之前反映的", "上次反映的", "上次报的", "之前提交的", "上次提交的", "之前投诉的")
                    && TICKET.matcher(compact).results().noneMatch(r -> r.group().length() >= 6)) {
                return Intent.of(IntentKind.MY_TICKETS);
            }
            Optional<String> number = ticket(compact);
            if (number.isPresent() && number.get().length() >= 6 && containsAny(compact, "查", "进度", "哨单", "工单", "单号",
                    "编号", "怎么样了", "到哪", "处理得", "处理到", "状态", "结果", "情况")) {
                return new Intent(IntentKind.QUERY_TICKET, number, Optional.empty(), Optional.empty(), Optional.empty());
            }
            if (containsAny(compact, "查进度", "查询进度", "处理进度", "办理进度", "查工单", "查询工单", "查哨单", "进度查询")) {
                return new Intent(IntentKind.QUERY_TICKET, number, Optional.empty(), Optional.empty(), Optional.empty());
            }
            if (containsAny(compact, "帮助", "菜单", "怎么用", "使用说明")) {
                return Intent.of(IntentKind.HELP);
            }
        }
        if (!isShort) {
            Optional<IntentKind> social = SocialTurns.classify(compact, t);
            if (social.isPresent()) {
                return withTicket(social.get(), compact);
            }
        }
        if (compact.length() <= NEAREST_MAX) {
            Optional<IntentKind> nearest = nearest(compact);
            if (nearest.isPresent()) {
                return withTicket(nearest.get(), compact);
            }
        }
        return new Intent(IntentKind.REQUEST, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    // ------------------------------------------------------------------ nearest-neighbour fallback

    private static final int NEAREST_MAX = 12;
    private static final double NEAREST_MIN = 0.6;

    /** Character unigrams and bigrams coded as ints, sorted, with counts; and the vector norm. */
    private record Grams(int[] keys, int[] counts, double norm) {}

    private record Example(IntentKind kind, Grams grams) {}

    private static final List<Example> EXAMPLES = loadExamples();

    private static List<Example> loadExamples() {
        List<Example> out = new ArrayList<>();
        try (InputStream in = IntentRecognizer.class.getResourceAsStream("intent-examples.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource intent-examples.txt");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\t", 2);
                out.add(new Example(IntentKind.valueOf(parts[0].strip()),
                        grams(Normalizer.normalize(parts[1]).replace(" ", ""))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static Grams grams(String s) {
        int n = s.length();
        int[] raw = new int[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            raw[k++] = s.charAt(i);
            if (i + 1 < n) {
                raw[k++] = (s.charAt(i) << 16 | s.charAt(i + 1)) | 0x80000000;
            }
        }
        java.util.Arrays.sort(raw, 0, k);
        int[] keys = new int[k];
        int[] counts = new int[k];
        int u = -1;
        for (int i = 0; i < k; i++) {
            if (u >= 0 && keys[u] == raw[i]) {
                counts[u]++;
            } else {
                keys[++u] = raw[i];
                counts[u] = 1;
            }
        }
        int size = u + 1;
        double norm = 0;
        for (int i = 0; i < size; i++) {
            norm += (double) counts[i] * counts[i];
        }
        return new Grams(java.util.Arrays.copyOf(keys, size), java.util.Arrays.copyOf(counts, size), Math.sqrt(norm));
    }

    /** The intent of the most similar example phrasing, when similar enough. */
    static Optional<IntentKind> nearest(String compact) {
        Grams q = grams(compact);
        if (q.norm() == 0) {
            return Optional.empty();
        }
        IntentKind best = null;
        double bestScore = NEAREST_MIN;
        for (Example e : EXAMPLES) {
            Grams g = e.grams();
            long dot = 0;
            int i = 0;
            int j = 0;
            while (i < q.keys().length && j < g.keys().length) {
                int c = Integer.compare(q.keys()[i], g.keys()[j]);
                if (c == 0) {
                    dot += (long) q.counts()[i++] * g.counts()[j++];
                } else if (c < 0) {
                    i++;
                } else {
                    j++;
                }
            }
            double score = dot / (q.norm() * g.norm());
            if (score >= bestScore) {
                bestScore = score;
                best = e.kind();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Intent rate(Rating r, String compact) {
        return new Intent(IntentKind.RATE, ticket(compact), Optional.of(r), Optional.empty(), Optional.empty());
    }

    private static Intent withTicket(IntentKind kind, String compact) {
        return new Intent(kind, ticket(compact), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A rating when the short message is one: 不满意 checked before 满意. */
    static Optional<Rating> rating(String bare) {
        String s = RATING_PREFIX.matcher(bare).replaceFirst("");
        s = RATING_SUFFIX.matcher(s).replaceFirst("");
        int comma = indexOfClauseBreak(s);
        if (comma > 0) {
            s = s.substring(0, comma); // "不满意,没解决": the rating comes first
        }
        if (s.length() > 10) {
            return Optional.empty();
        }
        if (UNSATISFIED.matcher(s).matches()) {
            return Optional.of(Rating.UNSATISFIED);
        }
        if (BASIC.matcher(s).matches()) {
            return Optional.of(Rating.BASICALLY_SATISFIED);
        }
        if (SATISFIED.matcher(s).matches()) {
            return Optional.of(Rating.SATISFIED);
        }
        return Optional.empty();
    }

    private static Optional<String> ticket(String compact) {
        Matcher m = TICKET.matcher(compact);
        String best = null;
        while (m.find()) {
            if (best == null || m.group().length() > best.length()) {
                best = m.group();
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean containsAny(String s, String... words) {
        long present = 0; // one bit per (char mod 64): a cheap filter before String.contains
        for (int i = 0; i < s.length(); i++) {
            present |= 1L << (s.charAt(i) & 63);
        }
        for (String w : words) {
            if ((present & (1L << (w.charAt(0) & 63))) != 0 && s.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(String s, String... words) {
        for (String w : words) {
            if (s.startsWith(w)) {
                return true;
            }
        }
        return false;
    }
}
