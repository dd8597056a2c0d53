package io.shaozi.core.campaign;

import io.shaozi.core.audience.Recipient;
import io.shaozi.core.content.ContentItem;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.content.ContentService;
import io.shaozi.core.content.ContentState;
import io.shaozi.core.schedule.Schedule;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The chat side of pushes: {@code 通知} (the last 5 notices sent to this address), {@code 学习} (the latest learning
 * item, with the recipient's read link when it was pushed to them) and {@code 已学} (marks the latest learning item
 * pushed to them as studied). Answers for residents, Party members and staff alike.
 */
public final class PushChat {
    private static final Pattern NOTICES = Pattern.compile("^(通知|我的通知|最近通知|查看通知)[。.!！?？]*$");
    private static final Pattern LEARN = Pattern.compile("^(学习|党建学习|今日学习|学习内容)[。.!！?？]*$");
    private static final Pattern STUDIED = Pattern.compile("^(已学|已学习|学完了|已学完)[。.!！]*$");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日").withZone(Schedule.ZONE);

    private final CampaignRepository ledger;
    private final ContentService content;
    private final BiFunction<Long, Optional<String>, String> readUrl;
    private final Clock clock;
    private final StudyListener onStudied;

    public PushChat(CampaignRepository ledger, ContentService content, BiFunction<Long, Optional<String>, String> readUrl,
                    Clock clock) {
        this(ledger, content, readUrl, clock, StudyListener.none());
    }

    /** @param readUrl the read link of an item, with a recipient's token or without */
    public PushChat(CampaignRepository ledger, ContentService content, BiFunction<Long, Optional<String>, String> readUrl,
                    Clock clock, StudyListener onStudied) {
        this.ledger = ledger;
        this.onStudied = onStudied;
        this.content = content;
        this.readUrl = readUrl;
        this.clock = clock;
    }

    /** True when {@code text} is one of the commands answered here. */
    public static boolean handles(String text) {
        String t = text.strip();
        return NOTICES.matcher(t).matches() || LEARN.matcher(t).matches() || STUDIED.matcher(t).matches();
    }

    /** The answer to {@code text} from the recipient at {@code to}; empty when it is not one of these commands. */
    public Optional<String> answer(String text, Recipient to) {
        String t = text.strip();
        if (NOTICES.matcher(t).matches()) {
            return Optional.of(notices(to));
        }
        if (LEARN.matcher(t).matches()) {
            return Optional.of(learn(to));
        }
        if (STUDIED.matcher(t).matches()) {
            return Optional.of(studied(to));
        }
        return Optional.empty();
    }

    private String notices(Recipient to) {
        List<LedgerEntry> latest = ledger.latestFor(to, 5);
        if (latest.isEmpty()) {
            return "暂时没有发给您的通知。回复“订阅”可接收社区通知和党建学习内容。";
        }
        StringBuilder sb = new StringBuilder("最近发给您的通知：");
        int n = 1;
        for (LedgerEntry e : latest) {
            Optional<ContentItem> item = content.find(e.contentId());
            if (item.isEmpty()) {
                continue;
            }
            sb.append("\n").append(n++).append(". 【").append(item.get().draft().kind().label()).append("】")
                    .append(item.get().draft().title()).append("（").append(DAY.format(e.queuedAt())).append("）\n   ")
                    .append(readUrl.apply(e.contentId(), Optional.of(e.publicToken())));
        }
        return sb.toString();
    }

    private Optional<LedgerEntry> latestLearning(Recipient to, boolean unstudiedOnly) {
        for (LedgerEntry e : ledger.latestFor(to, 20)) {
            Optional<ContentItem> item = content.find(e.contentId());
            if (item.isPresent() && item.get().draft().kind() == ContentKind.LEARNING
                    && (!unstudiedOnly || e.studiedAt().isEmpty())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private String learn(Recipient to) {
        Optional<LedgerEntry> mine = latestLearning(to, false);
        if (mine.isPresent()) {
            ContentItem item = content.find(mine.get().contentId()).orElseThrow();
            return "【党建学习】" + item.draft().title() + "\n" + readUrl.apply(item.id(), Optional.of(mine.get().publicToken()))
                    + (mine.get().studiedAt().isPresent() ? "\n您已学习过这篇内容。" : "\n学完请回复“已学”。");
        }
        Optional<ContentItem> latest = content.list(Optional.of(ContentState.APPROVED), Optional.of(ContentKind.LEARNING),
                1).stream().filter(i -> i.draft().validUntil().filter(v -> !v.isAfter(clock.instant())).isEmpty())
                .findFirst();
        return latest.map(i -> "【党建学习】" + i.draft().title() + "\n" + readUrl.apply(i.id(), Optional.empty()))
                .orElse("暂时还没有党建学习内容，敬请期待。");
    }

    private String studied(Recipient to) {
        Optional<LedgerEntry> e = latestLearning(to, true);
        if (e.isEmpty()) {
            return "没有待学习的内容。回复“学习”查看最新的党建学习内容。";
        }
        java.time.Instant now = clock.instant();
        if (ledger.markStudied(e.get().publicToken(), now) || e.get().studiedAt().isPresent()) {
            onStudied.studied(e.get(), now); // idempotent: a repeat completes what a crash may have cut short
        }
        String title = content.find(e.get().contentId()).map(i -> i.draft().title()).orElse("");
        return "已记录：您已学习《" + title + "》。";
    }
}
