package io.shaozi.nlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Urgency from a cue dictionary, negation- and resolution-aware: "不是着火", "没有漏电" and "燃气泄漏已经修好了"
 * do not count; hazards stated as risks ("有火灾隐患", "担心着火") count as urgent, not emergency.
 */
final class UrgencyDetector {

    private static final String HINT_GAS = "请立即开窗通风、不要开关电器或使用明火，撤离后拨打燃气抢修电话或119";
    private static final String HINT_FIRE = "请立即撤离到安全地带并拨打119，不要乘坐电梯";
    private static final String HINT_LIFT = "请保持冷静，按下电梯内警铃或拨打电梯内救援电话，不要强行扒门；必要时拨打119";
    private static final String HINT_INJURY = "请立即拨打120急救电话，不要随意搬动伤者";
    private static final String HINT_ELECTRIC = "请远离漏电区域，切勿触碰，拨打供电抢修电话95598，有人触电请拨打120";
    private static final String HINT_MANHOLE = "请在井口周围设置明显警示，提醒行人车辆绕行";
    private static final String HINT_COLLAPSE = "请立即远离危险区域并拨打119";
    private static final String HINT_POLICE = "请注意自身安全，立即拨打110";
    private static final String HINT_WATER = "请立即拨打110或119求助，不要贸然下水施救";

    private record Cue(String text, Urgency level, String hint) {}

    private static final List<Cue> CUES = new ArrayList<>();

    private static void emergency(String hint, String... words) {
        for (String w : words) {
            CUES.add(new Cue(w, Urgency.EMERGENCY, hint));
        }
    }

    private static void urgent(String... words) {
        for (String w : words) {
            CUES.add(new Cue(w, Urgency.URGENT, ""));
        }
    }

    static {
        emergency(HINT_GAS, "燃气泄漏", "煤气泄漏", "天然气泄漏", "液化气泄漏", "燃气泄露", "煤气泄露", "天然气泄露",
                "煤气味", "燃气味", "天然气味", "液化气味", "煤气中毒", "一氧化碳中毒");
        emergency(HINT_FIRE, "着火", "著火", "起火", "失火", "火灾", "冒烟", "冒黑烟", "烧起来", "爆炸", "火很大", "浓烟");
        emergency(HINT_LIFT, "电梯困人", "困在电梯", "被困电梯", "困电梯", "电梯里困", "电梯关人", "关在电梯", "困在里面",
                "电梯卡住", "卡在电梯", "电梯里出不来");
        emergency(HINT_INJURY, "有人受伤", "受伤了", "受了伤", "流血", "老人摔倒", "摔倒了", "晕倒", "昏倒", "昏迷",
                "不省人事", "没有呼吸", "心脏病发", "有人被砸", "砸伤", "撞伤", "被狗咬", "食物中毒", "中毒了", "起不来了",
                "摔了起不来", "晕过去", "烫伤", "烧伤", "骨折", "大出血");
        emergency(HINT_ELECTRIC, "漏电", "触电", "电线起火", "电线冒火", "电线掉落", "高压线断", "电线断了");
        emergency(HINT_MANHOLE, "井盖丢失", "井盖丢了", "井盖没了", "井盖被偷", "没有井盖", "井盖缺失", "井盖破损",
                "井盖坏了", "井盖塌陷", "井盖没盖", "井盖不见");
        emergency(HINT_COLLAPSE, "坍塌", "倒塌", "塌方", "塌了", "墙要倒", "随时会倒", "路面塌陷", "地面塌陷");
        emergency(HINT_POLICE, "打架", "持刀", "砍人", "有人闹事", "家暴", "抢劫", "有人跳楼", "要跳楼", "轻生");
        emergency(HINT_WATER, "落水", "溺水", "掉进河里", "掉河里");
        urgent("停水", "没水了", "没有水", "停电", "没电了", "断电", "暖气不热", "没有暖气", "暖气不通", "漏水", "水管爆",
                "爆管", "跑水", "污水倒灌", "污水外溢", "化粪池满", "化粪池堵", "下水道堵", "电梯坏了", "电梯故障",
                "电梯停运", "高空抛物", "高空坠物", "飞线充电", "消防通道堵", "堵塞消防通道", "占用消防通道", "堵了消防通道",
                "消防通道被占", "树倒了", "大树倾斜", "树要倒", "开裂", "火灾隐患", "安全隐患", "独居老人", "积水很深",
                "路面结冰", "紧急", "十万火急", "很急", "急死了", "尽快处理", "马上处理", "电线裸露", "电线垂", "树枝快掉",
                "树枝要掉", "大坑", "塌陷");
        // longest cue first so that "燃气泄漏" wins over shorter overlapping cues
        CUES.sort(Comparator.comparingInt((Cue c) -> c.text().length()).reversed());
    }

    private static final String[] NEGATIONS = {"不是", "并非", "没有", "没", "未", "无", "不会", "不用", "并不是",
        "也不是", "不存在", "排除了", "不像"};
    /** A risk, not a present danger: emergency cues become urgent. */
    private static final String[] RISK = {"防止", "避免", "以防", "以免", "担心", "怕", "万一", "可能会", "容易", "隐患",
        "会不会", "随时可能"};
    /** Talk about a danger rather than a report of one: the cue does not count. */
    private static final String[] INFORMATIONAL = {"如何", "预防", "演练", "宣传", "培训", "知识", "讲座", "常识"};
    private static final String[] RESOLVED = {"已经修好", "已修好", "修好了", "已修复", "修复了", "已经处理", "已处理",
        "处理好了", "处理完了", "已解决", "解决了", "已经解决", "已经好了", "已经没事", "没事了", "已扑灭", "扑灭了", "灭了",
        "已排除", "排除了", "已恢复", "恢复了", "已经恢复", "救出来了", "已获救", "已经送医", "来电了", "来水了"};

    private UrgencyDetector() {}

    static UrgencyAssessment detect(String normalized) {
        if (normalized.isEmpty()) {
            return UrgencyAssessment.NORMAL;
        }
        Cue best = null;
        boolean bestHypothetical = false;
        int bestRank = 0;
        for (Cue cue : CUES) {
            int from = 0;
            while (true) {
                int at = normalized.indexOf(cue.text(), from);
                if (at < 0) {
                    break;
                }
                from = at + 1;
                int end = at + cue.text().length();
                if (isNegated(normalized, at) || isResolved(normalized, at, end)
                        || cue.level() == Urgency.EMERGENCY && inSentence(normalized, at, end, INFORMATIONAL, 12)) {
                    continue;
                }
                boolean hypothetical = cue.level() == Urgency.EMERGENCY && inSentence(normalized, at, end, RISK, 12);
                int rank = hypothetical || cue.level() == Urgency.URGENT ? 1 : 2;
                if (rank > bestRank) {
                    best = cue;
                    bestRank = rank;
                    bestHypothetical = hypothetical;
                }
                break;
            }
            if (bestRank == 2) {
                break;
            }
        }
        if (best == null) {
            return UrgencyAssessment.NORMAL;
        }
        if (bestRank == 2) {
            return new UrgencyAssessment(Urgency.EMERGENCY, Optional.of(best.text()), Optional.of(best.hint()));
        }
        Optional<String> hint = bestHypothetical ? Optional.of(best.hint()) : Optional.empty();
        return new UrgencyAssessment(Urgency.URGENT, Optional.of(best.text()), hint);
    }

    private static boolean isClauseBreak(char c) {
        return c == '，' || c == ',' || c == '。' || c == '!' || c == '?' || c == ';' || c == '；' || c == ' '
                || c == '.' || c == '、' || c == ':' || c == '：' || c == '但' || c == '可';
    }

    private static boolean isSentenceBreak(char c) {
        return c == '。' || c == '!' || c == '?' || c == ';' || c == '；' || c == '.';
    }

    /** A negation in the same clause, within 6 characters before the cue. */
    private static boolean isNegated(String s, int at) {
        int start = at;
        while (start > 0 && at - start < 6 && !isClauseBreak(s.charAt(start - 1))) {
            start--;
        }
        String before = s.substring(start, at);
        for (String n : NEGATIONS) {
            if (before.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** A resolution ("已经修好了") later in the same sentence or in the next 15 characters. */
    private static boolean isResolved(String s, int at, int end) {
        int stop = end;
        int limit = Math.min(s.length(), end + 60);
        while (stop < limit && (stop - end < 15 || !isSentenceBreak(s.charAt(stop)))) {
            stop++;
        }
        String after = s.substring(end, Math.min(s.length(), stop));
        for (String r : RESOLVED) {
            if (after.contains(r)) {
                return true;
            }
        }
        // "之前着火的事已经处理了" / "已经修好的漏电": resolution before the cue in the same clause
        int start = at;
        while (start > 0 && at - start < 10 && !isSentenceBreak(s.charAt(start - 1))) {
            start--;
        }
        String before = s.substring(start, at);
        return before.contains("已经修好") || before.contains("之前") && after.contains("已");
    }

    /** One of {@code words} within {@code reach} characters before the cue or 6 after it, in the same sentence. */
    private static boolean inSentence(String s, int at, int end, String[] words, int reach) {
        int start = at;
        while (start > 0 && at - start < reach && !isSentenceBreak(s.charAt(start - 1))) {
            start--;
        }
        int stop = end;
        while (stop < s.length() && stop - end < 6 && !isSentenceBreak(s.charAt(stop))) {
            stop++;
        }
        String window = s.substring(start, at) + "|" + s.substring(end, stop);
        for (String h : words) {
            if (window.contains(h)) {
                return true;
            }
        }
        return false;
    }
}
