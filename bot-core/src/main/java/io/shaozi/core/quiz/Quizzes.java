package io.shaozi.core.quiz;

import io.shaozi.core.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Quiz attempts of Party members: the daily quiz (N questions), the challenge (until the first mistake, at most a
 * cap), the pushed 每日一题 (one question). Questions are chosen per member without repeats until the bank is used
 * up, weighted toward categories the member got wrong; options are shuffled per member and attempt and the order
 * stored. Every shown question and answer is stored, so an attempt continues after a restart or on another
 * instance. Points: 1 a correct answer within the time limit and not flagged as too fast, daily caps per activity,
 * a streak bonus for consecutive days with a finished daily quiz.
 */
public final class Quizzes {
    /** Rules; see {@code quiz.*} in config/shaozi.yaml. */
    public record Settings(int dailyQuestions, Duration perQuestion, int challengeMax, int dailyCap, int challengeCap,
                           int streakBonusFrom, int streakBonus, Duration abandonAfter, int studyCap,
                           int topicCap) {
        /** The rules with the default {@code studyCap} (2) and {@code topicCap} (10). */
        public Settings(int dailyQuestions, Duration perQuestion, int challengeMax, int dailyCap, int challengeCap,
                        int streakBonusFrom, int streakBonus, Duration abandonAfter) {
            this(dailyQuestions, perQuestion, challengeMax, dailyCap, challengeCap, streakBonusFrom, streakBonus,
                    abandonAfter, 2, 10);
        }

        public static Settings defaults() {
            return new Settings(5, Duration.ofSeconds(60), 20, 5, 6, 3, 1, Duration.ofMinutes(30), 2, 10);
        }
    }

    /** The least time to read a question: 1.5 s plus 0.05 s a character of its stem; faster answers are flagged. */
    public static Duration readingTime(Question q) {
        return readingTime(q.stem());
    }

    /** The least time to read a wording of a question (its stem or a paraphrase). */
    public static Duration readingTime(String stem) {
        return Duration.ofMillis(1500 + 50L * stem.length());
    }

    /**
     * The wording of a question shown in an attempt: its stem or one of its paraphrases, chosen from the attempt, the
     * question's place in it and the question (so members and attempts see different wordings, and a restart or
     * another instance shows the same one again).
     */
    public static String wording(Question q, AttemptItem item) {
        if (q.paraphrases().isEmpty()) {
            return q.stem();
        }
        int k = Math.floorMod(java.util.Objects.hash(item.attempt(), item.seq(), item.questionId()),
                q.paraphrases().size() + 1);
        return k == 0 ? q.stem() : q.paraphrases().get(k - 1);
    }

    /** Answer times of one attempt this close together (max − min) look machine-made. */
    public static final Duration REGULAR_SPREAD = Duration.ofMillis(300);
    /** ... or this small a coefficient of variation (standard deviation / mean). */
    public static final double REGULAR_VARIATION = 0.03;
    /** The fewest answers of an attempt whose times are judged for regularity. */
    public static final int REGULAR_MIN_ANSWERS = 4;
    /** How far back earlier flags count toward a stronger warning. */
    public static final Duration WARNING_WINDOW = Duration.ofDays(30);

    /**
     * True when answer times look machine-made: at least {@link #REGULAR_MIN_ANSWERS} of them, and their spread at
     * most {@link #REGULAR_SPREAD} or their coefficient of variation at most {@link #REGULAR_VARIATION}. People
     * reading stems of different lengths do not answer that evenly.
     */
    public static boolean machineLike(List<Duration> times) {
        if (times.size() < REGULAR_MIN_ANSWERS) {
            return false;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double sum = 0;
        for (Duration d : times) {
            long ms = d.toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
            sum += ms;
        }
        if (max - min <= REGULAR_SPREAD.toMillis()) {
            return true;
        }
        double mean = sum / times.size();
        double var = 0;
        for (Duration d : times) {
            var += Math.pow(d.toMillis() - mean, 2);
        }
        return mean > 0 && Math.sqrt(var / times.size()) / mean <= REGULAR_VARIATION;
    }

    /** Why fair play flagged an attempt. */
    public enum FlagReason {
        /** An answer came before its question could be read. */
        FAST,
        /** The attempt's answer times were near-constant. */
        REGULAR;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The warning a member gets when an attempt is flagged: level 1 (the first flag in {@link #WARNING_WINDOW}) a
     * gentle note, level 2 (a repeat) a stronger one saying the secretary's report lists it. Never a ban.
     */
    public record Warning(FlagReason reason, int level) {
    }

    private final QuestionBank bank;
    private final QuizStore store;
    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final TopicStore topics;

    public Quizzes(QuestionBank bank, QuizStore store, Settings settings, Clock clock, RandomGenerator random) {
        this(bank, store, settings, clock, random, TopicStore.none());
    }

    public Quizzes(QuestionBank bank, QuizStore store, Settings settings, Clock clock, RandomGenerator random,
                   TopicStore topics) {
        this.topics = topics;
        this.bank = bank;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    public QuizStore store() {
        return store;
    }

    public TopicStore topics() {
        return topics;
    }

    public Settings settings() {
        return settings;
    }

    /** A question as a member sees it: the bank's question, the attempt's item, the shown options in order. */
    public record Shown(Attempt attempt, AttemptItem item, Question question, List<String> options) {
        /** The correct answer in the member's letters. */
        public String answer() {
            return toShown(item.perm(), question.answer());
        }

        /** The wording shown: the stem or a paraphrase ({@link Quizzes#wording}). */
        public String stem() {
            return wording(question, item);
        }
    }

    /** What starting a quiz did. */
    public sealed interface Start {
        /** A new attempt with its first question. */
        record Started(Shown first) implements Start {
        }

        /** An attempt is open already: its current question again. */
        record Resumed(Shown current) implements Start {
        }

        /** No question can be asked (empty bank). */
        record NoQuestions() implements Start {
        }
    }

    /** What an answer did. */
    public sealed interface Answer {
        /** Recorded: outcome, points earned, and the next question or the end of the attempt. */
        record Recorded(Shown answered, String given, Outcome outcome, boolean flagged, int points,
                        Optional<Shown> next, Optional<Summary> finished, Optional<Warning> warning) implements Answer {
        }

        /** Not readable as an answer to this question (a letter beyond its options, several for a single choice). */
        record Unreadable(Shown open, String letters) implements Answer {
        }

        /** No question is waiting for an answer. */
        record NothingOpen() implements Answer {
        }

        /** This question was answered already (a repeated delivery): nothing changed. */
        record AlreadyAnswered(Shown answered) implements Answer {
        }
    }

    /** The end of an attempt: how many right of how many asked, points earned, the streak and its bonus. */
    public record Summary(Activity activity, int correct, int asked, int points, int streak, int bonus) {
    }

    /** Starts a daily quiz or a challenge (or shows the open one's question again). */
    public Start start(String member, Activity activity) {
        if (activity != Activity.DAILY && activity != Activity.CHALLENGE) {
            throw new IllegalArgumentException("start a daily quiz or a challenge, not " + activity);
        }
        Instant now = clock.instant();
        store.expire(member, now);
        for (Attempt open : store.open(member)) {
            if (open.activity() == activity) {
                Optional<Shown> cur = currentOf(open);
                if (cur.isPresent()) {
                    return new Start.Resumed(cur.get());
                }
            }
        }
        int planned = activity == Activity.DAILY ? settings.dailyQuestions() : settings.challengeMax();
        Optional<Question> q = pick(member, Set.of());
        if (q.isEmpty()) {
            return new Start.NoQuestions();
        }
        for (Attempt other : store.open(member)) {
            if (other.activity() != Activity.PUSH) {
                store.abandon(other.id(), now); // one daily quiz or challenge at a time
            }
        }
        Attempt a = store.create(member, activity, day(now), planned, now, now.plus(settings.abandonAfter()),
                Optional.empty()).orElseThrow();
        return new Start.Started(show(a, 1, q.get(), now));
    }

    /** What starting a 专项答题 did. */
    public sealed interface TopicStart {
        /** A new attempt with its first question (of {@code planned}). */
        record Started(Shown first, int planned) implements TopicStart {
        }

        /** The member's attempt at this topic is open: its current question again. */
        record Resumed(Shown current) implements TopicStart {
        }

        /** The member took part already (one attempt a member): how many right of how many asked. */
        record Taken(int correct, int asked) implements TopicStart {
        }

        /** The deadline has passed. */
        record Closed(Instant deadline) implements TopicStart {
        }

        /** None of the topic's questions is in the bank (or all are retired). */
        record NoQuestions() implements TopicStart {
        }
    }

    /**
     * Starts a member's attempt at a topic (one a member, timed like the daily quiz, points capped by
     * {@code topicCap} a day); refused after the deadline. The caller checks that the topic is for the member's branch.
     */
    public TopicStart startTopic(String member, Topic topic) {
        Instant now = clock.instant();
        store.expire(member, now);
        Optional<Attempt> existing = store.attemptByDedupe(topic.attemptKey(member));
        if (existing.isPresent()) {
            if (existing.get().status() == Attempt.Status.OPEN) {
                Optional<Shown> cur = currentOf(existing.get());
                if (cur.isPresent()) {
                    return new TopicStart.Resumed(cur.get());
                }
            }
            List<AttemptItem> items = store.items(existing.get().id());
            return new TopicStart.Taken((int) items.stream()
                    .filter(i -> i.outcome().orElse(null) == Outcome.CORRECT).count(), items.size());
        }
        if (!now.isBefore(topic.deadline())) {
            return new TopicStart.Closed(topic.deadline());
        }
        int planned = topicSize(topic);
        Optional<Question> q = topicQuestion(topic, Set.of());
        if (planned == 0 || q.isEmpty()) {
            return new TopicStart.NoQuestions();
        }
        for (Attempt other : store.open(member)) {
            if (other.activity() != Activity.PUSH) {
                store.abandon(other.id(), now); // one quiz at a time
            }
        }
        Optional<Attempt> a = store.create(member, Activity.TOPIC, day(now), planned, now,
                now.plus(settings.abandonAfter()), Optional.of(topic.attemptKey(member)));
        if (a.isEmpty()) { // another instance started it meanwhile
            return startTopic(member, topic);
        }
        return new TopicStart.Started(show(a.get(), 1, q.get(), now), planned);
    }

    /** The questions of a topic that can be asked now (in the bank, not retired, still valid). */
    private List<Question> topicPool(Topic topic) {
        LocalDate today = day(clock.instant());
        List<Question> active = activeQuestions().stream()
                .filter(q -> q.validUntil().map(v -> !v.isBefore(today)).orElse(true)).toList();
        if (topic.category().isPresent()) {
            return active.stream().filter(q -> q.category().equals(topic.category().get())).toList();
        }
        List<Question> out = new ArrayList<>();
        for (String id : topic.questions()) {
            active.stream().filter(q -> q.id().equals(id)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private int topicSize(Topic topic) {
        return Math.min(Topic.MAX_QUESTIONS, topicPool(topic).size());
    }

    /** The next question of a topic: the listed ids in order, or a random one of its category. */
    private Optional<Question> topicQuestion(Topic topic, Set<String> inAttempt) {
        List<Question> left = topicPool(topic).stream().filter(q -> !inAttempt.contains(q.id())).toList();
        if (left.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(topic.category().isPresent() ? left.get(random.nextInt(left.size())) : left.get(0));
    }

    /**
     * Starts the pushed 每日一题 of {@code day} for a member (once: a second call returns the same question); empty
     * when the bank has no question. It stays open until the end of that day; its answers are not timed.
     */
    public Optional<Shown> startPushed(String member, LocalDate day) {
        Instant now = clock.instant();
        String key = "push:" + member + ":" + day;
        Optional<Attempt> existing = store.attemptByDedupe(key);
        if (existing.isPresent()) {
            List<AttemptItem> items = store.items(existing.get().id());
            return items.isEmpty() ? Optional.empty() : Optional.of(shown(existing.get(), items.get(0)));
        }
        Optional<Question> q = pick(member, Set.of());
        if (q.isEmpty()) {
            return Optional.empty();
        }
        Instant endOfDay = day.plusDays(1).atStartOfDay(Schedule.ZONE).toInstant();
        Optional<Attempt> a = store.create(member, Activity.PUSH, day, 1, now, endOfDay, Optional.of(key));
        if (a.isEmpty()) { // another instance created it meanwhile
            return startPushed(member, day);
        }
        return Optional.of(show(a.get(), 1, q.get(), now));
    }

    /** How long after an attempt expired a letter sent is still taken as a late answer to it. */
    public static final Duration LATE_ANSWER_WINDOW = Duration.ofHours(2);

    /**
     * The member's attempt that ended unfinished (expired or quit) within {@link #LATE_ANSWER_WINDOW}, when no
     * question is waiting: a letter now is a late answer to it, which earns nothing.
     */
    public Optional<Attempt> recentlyEnded(String member) {
        Instant now = clock.instant();
        if (current(member).isPresent()) {
            return Optional.empty();
        }
        return store.lastExpired(member, now.minus(LATE_ANSWER_WINDOW));
    }

    /** The question waiting for this member's answer, if any (after expiring abandoned attempts). */
    public Optional<Shown> current(String member) {
        store.expire(member, clock.instant());
        return store.current(member).flatMap(i -> store.attempt(i.attempt()).map(a -> shown(a, i)));
    }

    /**
     * Ends the member's open daily quiz and challenge (退出答题): they expire (a quit daily quiz does not count for
     * the streak), points earned stay.
     */
    public boolean quit(String member) {
        Instant now = clock.instant();
        boolean any = false;
        for (Attempt a : store.open(member)) {
            if (a.activity() != Activity.PUSH) {
                store.abandon(a.id(), now);
                any = true;
            }
        }
        return any;
    }

    /** Reads and records an answer to the member's current question. */
    public Answer answer(String member, String text) {
        Instant now = clock.instant();
        Optional<Shown> open = current(member);
        if (open.isEmpty()) {
            return new Answer.NothingOpen();
        }
        Shown s = open.get();
        Question q = s.question();
        Answers.Parsed p = Answers.parse(text, q.options().size(), q.type() == QuestionType.JUDGE);
        if (p instanceof Answers.Parsed.NotAnAnswer) {
            return new Answer.Unreadable(s, "");
        }
        if (p instanceof Answers.Parsed.OutOfRange o) {
            return new Answer.Unreadable(s, o.letters());
        }
        String given = ((Answers.Parsed.Letters) p).letters();
        if (q.type() != QuestionType.MULTI && given.length() > 1) {
            return new Answer.Unreadable(s, given);
        }
        boolean timed = s.attempt().activity() != Activity.PUSH;
        Duration took = Duration.between(s.item().shownAt(), now);
        Outcome outcome = timed && took.compareTo(settings.perQuestion()) > 0 ? Outcome.TIMEOUT
                : given.equals(s.answer()) ? Outcome.CORRECT : Outcome.WRONG;
        boolean tooFast = took.compareTo(readingTime(s.stem())) < 0;
        boolean regular = false;
        if (timed && !tooFast) {
            List<Duration> times = new ArrayList<>();
            for (AttemptItem i : store.items(s.attempt().id())) {
                if (i.seq() != s.item().seq() && i.answeredAt().isPresent()
                        && i.outcome().orElse(null) != Outcome.TIMEOUT) {
                    times.add(Duration.between(i.shownAt(), i.answeredAt().get()));
                }
            }
            times.add(took);
            regular = machineLike(times);
        }
        boolean suspicious = tooFast || regular;
        if (!store.answer(s.attempt().id(), s.item().seq(), given, outcome, suspicious, now)) {
            return new Answer.AlreadyAnswered(s);
        }
        LocalDate today = day(now);
        Optional<Warning> warning = Optional.empty();
        boolean flagged = suspicious || s.attempt().flag().isPresent();
        if (suspicious && s.attempt().flag().isEmpty()) {
            FlagReason why = tooFast ? FlagReason.FAST : FlagReason.REGULAR;
            int level = store.flaggedSince(member, now.minus(WARNING_WINDOW)) == 0 ? 1 : 2;
            if (store.flag(s.attempt().id(), why.code(), level, now)) {
                warning = Optional.of(new Warning(why, level));
                int had = store.pointsOfAttempt(s.attempt().id());
                if (had > 0) { // a flagged attempt earns nothing: cancel what it had earned (append-only)
                    store.award(new PointsEntry(s.attempt().id(), -1, member, s.attempt().activity(),
                            "答题异常，本轮积分作废", Optional.empty(), -had, today, now));
                }
            }
        }
        int points = 0;
        if (outcome == Outcome.CORRECT && !flagged) {
            points = award(s.attempt(), s.item().seq(), s.attempt().activity(),
                    "答对 " + q.id(), Optional.of(q.id()), 1, today, now);
        }
        Attempt a = s.attempt();
        boolean more = switch (a.activity()) {
            case DAILY -> s.item().seq() < a.planned();
            case CHALLENGE -> outcome == Outcome.CORRECT && s.item().seq() < a.planned();
            case TOPIC -> s.item().seq() < a.planned();
            default -> false;
        };
        if (more) {
            Set<String> inAttempt = new HashSet<>();
            for (AttemptItem i : store.items(a.id())) {
                inAttempt.add(i.questionId());
            }
            Optional<Question> next = a.activity() == Activity.TOPIC
                    ? Topic.codeOf(a.dedupe()).flatMap(topics::find).flatMap(t -> topicQuestion(t, inAttempt))
                    : pick(member, inAttempt);
            if (next.isPresent()) {
                return new Answer.Recorded(s, given, outcome, flagged, points,
                        Optional.of(show(a, s.item().seq() + 1, next.get(), now)), Optional.empty(), warning);
            }
        }
        store.finish(a.id(), now);
        List<AttemptItem> items = store.items(a.id());
        int correct = (int) items.stream().filter(i -> i.outcome().orElse(null) == Outcome.CORRECT).count();
        int bonus = 0;
        int streak = a.activity() == Activity.DAILY ? streak(member, today) : 0; // only a daily quiz shows it
        if (a.activity() == Activity.DAILY && !flagged && streak >= settings.streakBonusFrom() && settings.streakBonus() > 0
                && store.points(member, Optional.of(Activity.STREAK), today, today) == 0) {
            bonus = award(a, 0, Activity.STREAK, "连续答题 " + streak + " 天", Optional.empty(), settings.streakBonus(),
                    today, now);
        }
        int attemptPoints = store.pointsOfAttempt(a.id());
        return new Answer.Recorded(s, given, outcome, flagged, points, Optional.empty(),
                Optional.of(new Summary(a.activity(), correct, items.size(), attemptPoints, streak, bonus)), warning);
    }

    private int award(Attempt a, int seq, Activity activity, String reason, Optional<String> question, int points,
                      LocalDate day, Instant now) {
        int cap = switch (activity) {
            case DAILY -> settings.dailyCap();
            case CHALLENGE -> settings.challengeCap();
            case PUSH -> 1;
            case STREAK -> settings.streakBonus();
            case STUDY -> settings.studyCap();
            case TOPIC -> settings.topicCap();
        };
        int already = store.points(a.member(), Optional.of(activity), day, day);
        int p = Math.min(points, cap - already);
        if (p <= 0) {
            return 0;
        }
        return store.award(new PointsEntry(a.id(), seq, a.member(), activity, reason, question, p, day, now)) ? p : 0;
    }

    /**
     * Points for studying a pushed learning item (已学): 1 point, at most {@code studyCap} a day; once per
     * {@code key} (one campaign ledger row, e.g. {@code campaign:run:seq}): a repeated call earns nothing. Returns
     * the points earned. Studied now; see {@link #studied(String, String, String, Instant)}.
     */
    public int studied(String member, String key, String title) {
        return studied(member, key, title, clock.instant());
    }

    /**
     * Points for an item studied at {@code studiedAt} (its Beijing day is the day the point and the cap count on).
     * The study is kept as an attempt of activity {@code study} (dedupe {@code study:<key>}), its point as the ledger
     * row (that attempt, seq 1), each written at most once by the database's uniqueness, and the attempt is marked
     * done only after the point is settled (awarded, or refused by the day's cap). So an attempt not done (or none)
     * for a studied ledger row means a crash cut the award short: a repeated call, or the backfill
     * ({@link StudyPoints#backfill}), finds the attempt and awards the point if the ledger lacks it; never twice.
     */
    public int studied(String member, String key, String title, Instant studiedAt) {
        Instant now = clock.instant();
        String dedupe = "study:" + key;
        Optional<Attempt> a = store.create(member, Activity.STUDY, day(studiedAt), 1, now, now, Optional.of(dedupe))
                .or(() -> store.attemptByDedupe(dedupe));
        if (a.isEmpty() || !a.get().member().equals(member)) {
            return 0;
        }
        int p = 0;
        if (store.pointsOfAttempt(a.get().id()) == 0) {
            String reason = "学习《" + title + "》";
            p = award(a.get(), 1, Activity.STUDY, reason.length() > 200 ? reason.substring(0, 200) : reason,
                    Optional.empty(), 1, a.get().day(), now);
        }
        if (a.get().status() != Attempt.Status.DONE) {
            store.settle(a.get().id(), now);
        }
        return p;
    }

    /** Consecutive days, up to today (or up to yesterday while today's daily quiz is not finished), with one. */
    public int streak(String member, LocalDate today) {
        Set<LocalDate> done = store.dailyDone(member, today.minusDays(400));
        LocalDate d = done.contains(today) ? today : today.minusDays(1);
        int n = 0;
        while (done.contains(d)) {
            n++;
            d = d.minusDays(1);
        }
        return n;
    }

    /** The member's points: today's, all-time, and the current streak. */
    public record Points(int today, int total, int streak) {
    }

    public Points points(String member) {
        LocalDate today = day(clock.instant());
        return new Points(store.points(member, Optional.empty(), today, today),
                store.points(member, Optional.empty(), LocalDate.of(2000, 1, 1), today), streak(member, today));
    }

    /** The Beijing date of an instant. */
    public static LocalDate day(Instant at) {
        return at.atZone(Schedule.ZONE).toLocalDate();
    }

    private Optional<Shown> currentOf(Attempt a) {
        List<AttemptItem> items = store.items(a.id());
        if (items.isEmpty() || items.get(items.size() - 1).answered()) {
            return Optional.empty();
        }
        return Optional.of(shown(a, items.get(items.size() - 1)));
    }

    private Shown shown(Attempt a, AttemptItem i) {
        // the questions in use are cached (POOL_TTL); one retired since it was shown is read from the bank
        activeQuestions();
        Question q = Optional.ofNullable(pool.byId().get(i.questionId())).orElseGet(() -> bank.find(i.questionId()).orElseThrow(() -> new IllegalStateException("question "
                        + i.questionId() + " of attempt " + a.id() + " is gone")).question());
        List<String> opts = new ArrayList<>();
        for (char c : i.perm().toCharArray()) {
            opts.add(q.options().get(c - 'A'));
        }
        return new Shown(a, i, q, opts);
    }

    private Shown show(Attempt a, int seq, Question q, Instant now) {
        AttemptItem item = AttemptItem.shown(a.id(), seq, a.member(), q, permutation(q), now);
        Instant expires = a.activity() == Activity.PUSH ? a.expiresAt() : now.plus(settings.abandonAfter());
        store.show(item, expires);
        // a concurrent show of the same seq keeps the first: read back what was stored
        AttemptItem stored = store.items(a.id()).stream().filter(i -> i.seq() == seq).findFirst().orElse(item);
        return shown(a, stored);
    }

    /** A random order of the options (判断 questions keep 对, 错). */
    String permutation(Question q) {
        List<Character> letters = new ArrayList<>();
        for (int i = 0; i < q.options().size(); i++) {
            letters.add(Question.LETTERS.charAt(i));
        }
        if (q.type() != QuestionType.JUDGE) {
            for (int i = letters.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Character t = letters.get(i);
                letters.set(i, letters.get(j));
                letters.set(j, t);
            }
        }
        StringBuilder sb = new StringBuilder();
        letters.forEach(sb::append);
        return sb.toString();
    }

    /** The bank's answer letters in a member's shown letters, sorted. */
    static String toShown(String perm, String answer) {
        char[] out = new char[answer.length()];
        for (int i = 0; i < answer.length(); i++) {
            out[i] = Question.LETTERS.charAt(perm.indexOf(answer.charAt(i)));
        }
        java.util.Arrays.sort(out);
        return new String(out);
    }

    /** How long the list of questions in use is reused (a question retired is no longer asked after this). */
    static final Duration POOL_TTL = Duration.ofSeconds(30);
    private volatile Pool pool = new Pool(List.of(), Instant.MIN);

    private record Pool(List<Question> questions, Instant loaded, Map<String, Question> byId) {
        Pool(List<Question> questions, Instant loaded) {
            this(questions, loaded, questions.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                    Question::id, q -> q, (x, y) -> x)));
        }
    }

    /** The questions not retired, read from the bank at most every {@link #POOL_TTL}. */
    private List<Question> activeQuestions() {
        Instant now = clock.instant();
        Pool p = pool;
        if (p.loaded().equals(Instant.MIN) || !now.isBefore(p.loaded().plus(POOL_TTL)) || now.isBefore(p.loaded())) {
            p = new Pool(bank.list(Optional.empty(), Optional.of(false), 100_000).stream()
                    .map(StoredQuestion::question).toList(), now);
            pool = p;
        }
        return p.questions();
    }

    /**
     * The next question for a member: not shown to them before while the bank has such questions (then any not in
     * this attempt), weighted 1 + the member's wrong answers in its category (at most 5).
     */
    Optional<Question> pick(String member, Set<String> inAttempt) {
        LocalDate today = day(clock.instant());
        List<Question> pool = new ArrayList<>();
        for (Question q : activeQuestions()) {
            if (q.validUntil().map(v -> !v.isBefore(today)).orElse(true) && !inAttempt.contains(q.id())) {
                pool.add(q);
            }
        }
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        Set<String> asked = store.asked(member);
        List<Question> fresh = pool.stream().filter(q -> !asked.contains(q.id())).toList();
        List<Question> from = fresh.isEmpty() ? pool : fresh;
        Map<String, Integer> wrong = store.wrongByCategory(member);
        long total = 0;
        long[] weights = new long[from.size()];
        for (int i = 0; i < from.size(); i++) {
            weights[i] = 1 + Math.min(5, wrong.getOrDefault(from.get(i).category(), 0));
            total += weights[i];
        }
        long r = random.nextLong(total);
        for (int i = 0; i < from.size(); i++) {
            r -= weights[i];
            if (r < 0) {
                return Optional.of(from.get(i));
            }
        }
        return Optional.of(from.get(from.size() - 1));
    }
}
