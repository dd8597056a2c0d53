package io.shaozi.core.quiz;

import io.shaozi.core.identity.Org;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chat side of quizzes for Party members: {@code 答题} (the daily quiz), {@code 挑战}, {@code 每日一题},
 * {@code 专项} / {@code 专项 <代码>} (专项答题), {@code 退出答题}, {@code 积分}, {@code 排行}, {@code 订阅答题} / {@code 退订答题}, and letters answering the
 * question the member was shown last. A question is its stem, then one option per line ({@code A. …}).
 */
public final class QuizChat {
    private static final String END = "[。.!！?？]*$";
    private static final Pattern DAILY = Pattern.compile("^(答题|每日答题|开始答题|党员答题)" + END);
    private static final Pattern CHALLENGE = Pattern.compile("^(挑战|挑战答题|答题挑战)" + END);
    private static final Pattern TODAY = Pattern.compile("^(每日一题|今日一题)" + END);
    private static final Pattern QUIT = Pattern.compile("^(退出答题|结束答题|不答了)" + END);
    private static final Pattern POINTS = Pattern.compile("^(积分|我的积分|查积分|查询积分)" + END);
    private static final Pattern RANK = Pattern.compile("^(排行|排行榜|积分排行|支部排行)" + END);
    private static final Pattern SUBSCRIBE = Pattern.compile("^(订阅答题|订阅每日一题)" + END);
    private static final Pattern UNSUBSCRIBE = Pattern.compile("^(退订答题|退订每日一题|取消订阅答题)" + END);
    private static final Pattern TOPICS = Pattern.compile("^(专项|专项答题)" + END);
    private static final Pattern TOPIC = Pattern.compile("^专项(?:答题)?\\s*([A-Za-z0-9_-]{1,40})" + END);
    private static final List<Pattern> COMMANDS = List.of(DAILY, CHALLENGE, TODAY, QUIT, POINTS, RANK, SUBSCRIBE,
            UNSUBSCRIBE, TOPICS, TOPIC);
    private static final java.time.format.DateTimeFormatter DEADLINE = java.time.format.DateTimeFormatter
            .ofPattern("M月d日 HH:mm").withZone(io.shaozi.core.schedule.Schedule.ZONE);
    /** The reply to someone who is not a Party member. */
    public static final String MEMBERS_ONLY = "答题、积分和支部排行面向本街道登记的党员开放。"
            + "如您是党员但收到此消息，请联系所在党支部登记您的联系方式。";
    static final int RANK_DAYS = 30;

    private final Quizzes quizzes;
    private final Clock clock;

    public QuizChat(Quizzes quizzes, Clock clock) {
        this.quizzes = quizzes;
        this.clock = clock;
    }

    /** True when {@code text} is one of the quiz commands. */
    public static boolean handles(String text) {
        String t = text.strip();
        return COMMANDS.stream().anyMatch(p -> p.matcher(t).matches());
    }

    /** Who may take quizzes: active people with a Party branch, or with the member role. */
    public static boolean member(Org.Person p) {
        return p.active() && (p.branch().isPresent() || p.role().partyMember());
    }

    /** True when {@code text} reads as letters and this member has a question waiting for an answer. */
    public boolean awaitsAnswer(Org.Person p, String text) {
        return member(p) && Answers.looksLikeAnswer(text)
                && (quizzes.current(p.id()).isPresent() || quizzes.recentlyEnded(p.id()).isPresent());
    }

    /**
     * The replies to a quiz command or answer from {@code person} (empty: not a recognised person of the org): a
     * question is always a message of its own, so it begins with its stem.
     */
    public List<String> reply(Optional<Org.Person> person, String text, Org org) {
        if (person.isEmpty() || !member(person.get())) {
            return List.of(MEMBERS_ONLY);
        }
        Org.Person p = person.get();
        String t = text.strip();
        if (DAILY.matcher(t).matches()) {
            return start(p, Activity.DAILY);
        }
        if (CHALLENGE.matcher(t).matches()) {
            return start(p, Activity.CHALLENGE);
        }
        if (TODAY.matcher(t).matches()) {
            return List.of(quizzes.startPushed(p.id(), Quizzes.day(clock.instant()))
                    .map(s -> s.item().answered() ? "今天的每日一题您已作答。回复“答题”开始每日答题。" : render(s))
                    .orElse("题库暂时没有题目，敬请期待。"));
        }
        if (TOPICS.matcher(t).matches()) {
            return List.of(topics(p));
        }
        java.util.regex.Matcher tm = TOPIC.matcher(t);
        if (tm.matches()) {
            return topic(p, tm.group(1));
        }
        if (QUIT.matcher(t).matches()) {
            return List.of(quizzes.quit(p.id()) ? "已退出答题，已得积分保留。回复“答题”可重新开始。" : "您当前没有进行中的答题。");
        }
        if (POINTS.matcher(t).matches()) {
            Quizzes.Points pts = quizzes.points(p.id());
            return List.of("今日 " + pts.today() + " 分，累计 " + pts.total() + " 分，连续答题 " + pts.streak() + " 天");
        }
        if (RANK.matcher(t).matches()) {
            return List.of(rank(p, org));
        }
        if (SUBSCRIBE.matcher(t).matches()) {
            quizzes.store().subscribe(p.id(), true, clock.instant());
            return List.of("已订阅每日一题：每个工作日早上推送一道题，直接回复选项字母作答。回复“退订答题”可取消。");
        }
        if (UNSUBSCRIBE.matcher(t).matches()) {
            quizzes.store().subscribe(p.id(), false, clock.instant());
            return List.of("已退订每日一题。回复“订阅答题”可重新订阅。");
        }
        return answer(p, t);
    }

    private String topics(Org.Person p) {
        java.time.Instant now = clock.instant();
        List<Topic> open = quizzes.topics().list(200).stream().filter(x -> x.openTo(p.branch(), now))
                .sorted(Comparator.comparing(Topic::deadline)).toList();
        if (open.isEmpty()) {
            return "当前没有进行中的专项答题。";
        }
        StringBuilder sb = new StringBuilder("进行中的专项答题：");
        int n = 1;
        for (Topic x : open) {
            sb.append("\n").append(n++).append(". ").append(x.name()).append("（代码 ").append(x.code())
                    .append("，截止 ").append(DEADLINE.format(x.deadline())).append("）");
        }
        return sb.append("\n回复“专项 代码”开始，如“专项 ").append(open.get(0).code()).append("”。").toString();
    }

    private List<String> topic(Org.Person p, String code) {
        Optional<Topic> topic = quizzes.topics().find(code)
                .filter(x -> x.branch().isEmpty() || x.branch().equals(p.branch()));
        if (topic.isEmpty()) {
            return List.of("没有代码为“" + code + "”的专项答题。回复“专项”查看进行中的专项答题。");
        }
        Quizzes.TopicStart s = quizzes.startTopic(p.id(), topic.get());
        if (s instanceof Quizzes.TopicStart.Started st) {
            return List.of("开始专项答题《" + topic.get().name() + "》，共 " + st.planned() + " 题，每题限时 "
                    + quizzes.settings().perQuestion().toSeconds() + " 秒。", render(st.first()));
        }
        if (s instanceof Quizzes.TopicStart.Resumed r) {
            return List.of("您的专项答题《" + topic.get().name() + "》还没有完成，请继续作答：", render(r.current()));
        }
        if (s instanceof Quizzes.TopicStart.Taken tk) {
            return List.of("您已参加过专项答题《" + topic.get().name() + "》（答对 " + tk.correct() + "/" + tk.asked()
                    + " 题），每人限一次。");
        }
        if (s instanceof Quizzes.TopicStart.Closed c) {
            return List.of("专项答题《" + topic.get().name() + "》已于 " + DEADLINE.format(c.deadline()) + " 截止。");
        }
        return List.of("专项答题《" + topic.get().name() + "》暂时没有可用的题目。");
    }

    private List<String> start(Org.Person p, Activity activity) {
        Quizzes.Start s = quizzes.start(p.id(), activity);
        if (s instanceof Quizzes.Start.Started st) {
            String intro = activity == Activity.DAILY
                    ? "开始每日答题，共 " + quizzes.settings().dailyQuestions() + " 题，每题限时 "
                    + quizzes.settings().perQuestion().toSeconds() + " 秒。"
                    : "开始挑战答题：答错即止，最多 " + quizzes.settings().challengeMax() + " 题，每题限时 "
                    + quizzes.settings().perQuestion().toSeconds() + " 秒。";
            return List.of(intro, render(st.first()));
        }
        if (s instanceof Quizzes.Start.Resumed r) {
            return List.of("您有一轮未完成的" + activity.label() + "，请继续作答：", render(r.current()));
        }
        return List.of("题库暂时没有题目，敬请期待。");
    }

    private List<String> answer(Org.Person p, String text) {
        Quizzes.Answer a = quizzes.answer(p.id(), text);
        if (a instanceof Quizzes.Answer.NothingOpen) {
            Optional<Attempt> ended = quizzes.recentlyEnded(p.id());
            if (ended.isPresent()) {
                return List.of("这道题已过期：您的" + ended.get().activity().label() + "已结束（超过 "
                        + quizzes.settings().abandonAfter().toMinutes() + " 分钟未作答，或已退出），本次作答不计分。"
                        + "回复“答题”开始新一轮每日答题。");
            }
            return List.of("您当前没有待回答的题目。回复“答题”开始每日答题，回复“挑战”开始挑战答题。");
        }
        if (a instanceof Quizzes.Answer.AlreadyAnswered) {
            return List.of("这道题已经作答过了。");
        }
        if (a instanceof Quizzes.Answer.Unreadable u) {
            int n = u.open().options().size();
            String range = "A–" + Question.LETTERS.charAt(n - 1);
            String why = u.open().question().type() != QuestionType.MULTI && u.letters().length() > 1
                    && u.letters().chars().allMatch(c -> c - 'A' < n)
                    ? (u.open().question().type() == QuestionType.JUDGE ? "这是判断题，请只回复一个字母（或“对”“错”）。"
                    : "这是单选题，请只回复一个字母。")
                    : "没有选项“" + u.letters() + "”，本题的选项是 " + range + "，请回复其中的字母。";
            return List.of(why, render(u.open()));
        }
        Quizzes.Answer.Recorded r = (Quizzes.Answer.Recorded) a;
        StringBuilder sb = new StringBuilder();
        switch (r.outcome()) {
            case CORRECT -> sb.append(r.flagged() ? "正确。本轮答题异常，本题不计分。"
                    : r.points() > 0 ? "正确！+" + r.points() + " 分" : "正确！（今日该项积分已达上限）");
            case WRONG -> sb.append("错误。");
            case TIMEOUT -> sb.append("已超时（每题限时 ").append(quizzes.settings().perQuestion().toSeconds())
                    .append(" 秒），本题不计分。");
        }
        sb.append("\n正确答案：").append(r.answered().answer());
        String why = r.answered().question().explanation();
        if (!why.isBlank()) {
            sb.append("\n解析：").append(why);
        }
        r.warning().ifPresent(w -> sb.append("\n\n").append(warning(w)));
        r.finished().ifPresent(s -> sb.append("\n\n").append(summary(s)));
        return r.next().isPresent() ? List.of(sb.toString(), render(r.next().get())) : List.of(sb.toString());
    }

    /** The fair-play note: gentle the first time, stronger on a repeat; answering is never blocked. */
    static String warning(Quizzes.Warning w) {
        String why = w.reason() == Quizzes.FlagReason.FAST ? "作答快于读题所需的时间" : "各题作答用时几乎完全相同";
        if (w.level() <= 1) {
            return "温馨提示：本轮" + why + "，本轮答题不计积分。请读完题目、独立思考后再作答，下一轮照常计分。";
        }
        return "【提醒】近30天内您已多次出现答题异常（本轮" + why + "），相关答题均不计积分，并已列入支部书记的答题报告。"
                + "请独立、认真作答；如有疑问请联系支部书记。";
    }

    private static String summary(Quizzes.Summary s) {
        return switch (s.activity()) {
            case DAILY -> "本轮每日答题结束：答对 " + s.correct() + "/" + s.asked() + " 题，本轮得 " + s.points() + " 分"
                    + (s.bonus() > 0 ? "（含连续答题奖励 " + s.bonus() + " 分）" : "") + "。已连续答题 " + s.streak()
                    + " 天。回复“积分”查看积分，“排行”查看支部排行。";
            case CHALLENGE -> "挑战结束：共答对 " + s.correct() + " 题，本轮得 " + s.points() + " 分。回复“挑战”再来一轮。";
            case TOPIC -> "专项答题结束：答对 " + s.correct() + "/" + s.asked() + " 题，得 " + s.points()
                    + " 分。回复“积分”查看积分。";
            default -> "每日一题已完成，得 " + s.points() + " 分。回复“答题”开始每日答题。";
        };
    }

    /**
     * A question as shown in chat: its stem, one option per line ({@code A. …}), then a line saying which quiz and
     * question this is and how to answer.
     */
    public String render(Quizzes.Shown s) {
        Attempt a = s.attempt();
        String kind = switch (s.question().type()) {
            case SINGLE -> "单选";
            case MULTI -> "多选";
            case JUDGE -> "判断";
        };
        String where = switch (a.activity()) {
            case DAILY -> "【每日答题 第" + s.item().seq() + "/" + a.planned() + "题·" + kind + "】";
            case CHALLENGE -> "【挑战答题 第" + s.item().seq() + "题·" + kind + "】";
            case TOPIC -> "【专项答题 第" + s.item().seq() + "/" + a.planned() + "题·" + kind + "】";
            default -> "【每日一题·" + kind + "】";
        };
        StringBuilder sb = new StringBuilder(s.stem());
        for (int i = 0; i < s.options().size(); i++) {
            sb.append("\n").append(Question.LETTERS.charAt(i)).append(". ").append(s.options().get(i));
        }
        sb.append("\n").append(where).append(switch (s.question().type()) {
            case MULTI -> "请回复全部正确选项的字母（如 AC）。";
            case JUDGE -> "请回复选项字母（或“对”“错”）。";
            case SINGLE -> "请回复选项字母。";
        });
        return sb.toString();
    }

    /** One branch's standing: average points a member over the last 30 days. */
    public record BranchScore(Org.Branch branch, int members, int points) {
        public double average() {
            return members == 0 ? 0 : (double) points / members;
        }
    }

    /** Every branch of the org by average points a member on days {@code from..to}, best first. */
    public static List<BranchScore> branchScores(Org org, Map<String, Integer> points) {
        Map<String, int[]> byBranch = new java.util.HashMap<>(); // members, points
        for (Org.Person p : org.people()) {
            if (member(p) && p.branch().isPresent()) {
                int[] x = byBranch.computeIfAbsent(p.branch().get(), k -> new int[2]);
                x[0]++;
                x[1] += points.getOrDefault(p.id(), 0);
            }
        }
        List<BranchScore> out = new ArrayList<>();
        for (Org.Branch b : org.branches()) {
            int[] x = byBranch.getOrDefault(b.code(), new int[2]);
            out.add(new BranchScore(b, x[0], x[1]));
        }
        out.sort(Comparator.comparingDouble(BranchScore::average).reversed()
                .thenComparing(s -> s.branch().code()));
        return out;
    }

    /** How long everyone's 30-day points are reused for 排行 (the asking member's own are always read afresh). */
    static final java.time.Duration RANK_TTL = java.time.Duration.ofSeconds(60);
    private volatile RankCache rankCache = new RankCache(LocalDate.MIN, java.time.Instant.MIN, Map.of());

    private record RankCache(LocalDate day, java.time.Instant loaded, Map<String, Integer> points) {
    }

    /** Everyone's points over the 30 days up to {@code today}, summed at most every {@link #RANK_TTL}. */
    private Map<String, Integer> recentPoints(LocalDate today) {
        java.time.Instant now = clock.instant();
        RankCache c = rankCache;
        if (!c.day().equals(today) || !now.isBefore(c.loaded().plus(RANK_TTL)) || now.isBefore(c.loaded())) {
            c = new RankCache(today, now, Map.copyOf(quizzes.store().pointsByMember(today.minusDays(RANK_DAYS - 1),
                    today)));
            rankCache = c;
        }
        return c.points();
    }

    private String rank(Org.Person p, Org org) {
        if (p.branch().isEmpty()) {
            return "您没有登记所属党支部，暂无支部排行。";
        }
        LocalDate today = Quizzes.day(clock.instant());
        Map<String, Integer> points = new java.util.HashMap<>(recentPoints(today));
        points.put(p.id(), quizzes.store().points(p.id(), Optional.empty(), today.minusDays(RANK_DAYS - 1), today));
        List<BranchScore> all = branchScores(org, points);
        Optional<BranchScore> mine = all.stream().filter(s -> s.branch().code().equals(p.branch().get())).findFirst();
        if (mine.isEmpty()) {
            return "没有找到您所在的党支部，暂无支部排行。";
        }
        String committee = mine.get().branch().committee();
        List<BranchScore> sameCommittee = all.stream().filter(s -> s.branch().committee().equals(committee)).toList();
        StringBuilder sb = new StringBuilder("近" + RANK_DAYS + "天支部排行（人均积分）：");
        for (int i = 0; i < Math.min(10, all.size()); i++) {
            BranchScore s = all.get(i);
            sb.append("\n").append(i + 1).append(". ").append(s.branch().name()).append(" ")
                    .append(String.format("%.1f", s.average())).append(" 分（").append(s.members()).append(" 人）");
        }
        sb.append("\n本支部").append(mine.get().branch().name()).append("人均 ")
                .append(String.format("%.1f", mine.get().average())).append(" 分，在本党委 ").append(sameCommittee.size())
                .append(" 个支部中排第 ").append(sameCommittee.indexOf(mine.get()) + 1).append("，在全街道 ")
                .append(all.size()).append(" 个支部中排第 ").append(all.indexOf(mine.get()) + 1).append("。");
        List<Org.Person> colleagues = org.people().stream()
                .filter(x -> member(x) && x.branch().equals(p.branch())).toList();
        int my = points.getOrDefault(p.id(), 0);
        long better = colleagues.stream().filter(x -> points.getOrDefault(x.id(), 0) > my).count();
        sb.append("\n您近").append(RANK_DAYS).append("天得 ").append(my).append(" 分，在本支部 ").append(colleagues.size())
                .append(" 人中排第 ").append(better + 1).append(" 名。");
        return sb.toString();
    }
}
