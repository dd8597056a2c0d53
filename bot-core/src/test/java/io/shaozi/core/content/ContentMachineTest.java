package io.shaozi.core.content;

import static io.shaozi.core.content.ContentMachinePropertyTest.ACTORS;
import static io.shaozi.core.content.ContentMachinePropertyTest.T0;
import static io.shaozi.core.content.ContentMachinePropertyTest.draft;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentMachineTest {
    static final ContentMachine M = ContentMachinePropertyTest.M;
    static final ContentActor LEADER = ACTORS.get(0);
    static final ContentActor CADRE = ACTORS.get(1);
    static final ContentActor WORKER = ACTORS.get(3);

    static ContentItem run(ContentItem item, ContentCommand c, ContentActor a) {
        return ((ContentDecision.Accepted) M.decide(Optional.of(item), c, a, T0)).item();
    }

    static ContentItem created(ContentKind kind, ContentActor a) {
        return ((ContentDecision.Accepted) M.decide(Optional.empty(), new ContentCommand.Create(1, draft(kind, false)),
                a, T0)).item();
    }

    @Test
    void submitterCannotApproveOwnItem_anotherApproverCan() {
        ContentItem i = run(created(ContentKind.NOTICE, CADRE), new ContentCommand.Submit(), CADRE);
        ContentDecision self = M.decide(Optional.of(i), new ContentCommand.Approve(""), CADRE, T0);
        assertThat(self).isInstanceOfSatisfying(ContentDecision.Refused.class,
                r -> assertThat(r.why()).isEqualTo(ContentDecision.Why.SAME_PERSON));
        assertThat(run(i, new ContentCommand.Approve("同意"), LEADER).state()).isEqualTo(ContentState.APPROVED);
    }

    @Test
    void sensitiveWords_refuseSubmitAndNameTheWords() {
        ContentItem i = run(created(ContentKind.NOTICE, WORKER), new ContentCommand.Edit(draft(ContentKind.NOTICE, true)),
                WORKER);
        ContentDecision d = M.decide(Optional.of(i), new ContentCommand.Submit(), WORKER, T0);
        assertThat(d).isInstanceOfSatisfying(ContentDecision.Refused.class, r -> {
            assertThat(r.why()).isEqualTo(ContentDecision.Why.SENSITIVE);
            assertThat(r.words()).containsExactly("违禁词");
        });
    }

    @Test
    void editingSubmittedItem_isRefused_rejectReopensIt() {
        ContentItem i = run(created(ContentKind.LEARNING, WORKER), new ContentCommand.Submit(), WORKER);
        assertThat(M.decide(Optional.of(i), new ContentCommand.Edit(draft(ContentKind.LEARNING, false)), WORKER, T0))
                .isInstanceOfSatisfying(ContentDecision.Refused.class,
                        r -> assertThat(r.why()).isEqualTo(ContentDecision.Why.WRONG_STATE));
        ContentItem back = run(i, new ContentCommand.Reject("标题不准确"), LEADER);
        assertThat(back.state()).isEqualTo(ContentState.DRAFT);
        assertThat(back.rejection()).contains("标题不准确");
        assertThat(run(back, new ContentCommand.Edit(draft(ContentKind.LEARNING, false)), WORKER).version()).isEqualTo(4);
    }

    @Test
    void emergency_sentAtOnceByStreetRole_notByCommunityWorker_notForNotices() {
        ContentItem e = created(ContentKind.EMERGENCY, WORKER);
        assertThat(M.decide(Optional.of(e), new ContentCommand.SendEmergency("燃气泄漏"), WORKER, T0))
                .isInstanceOf(ContentDecision.Refused.class);
        assertThat(run(e, new ContentCommand.SendEmergency("燃气泄漏"), CADRE).state())
                .isEqualTo(ContentState.SENT_EMERGENCY);
        ContentItem n = created(ContentKind.NOTICE, CADRE);
        assertThat(M.decide(Optional.of(n), new ContentCommand.SendEmergency("急"), CADRE, T0))
                .isInstanceOf(ContentDecision.Refused.class);
    }

    @Test
    void sensitiveWordFile_commentsAndBlanksSkipped_longLineNamed() {
        SensitiveWords w = SensitiveWords.parse(List.of("# 注释", "", " 赌博 ", "Casino"), "content.sensitiveWordsFile");
        assertThat(w.words()).containsExactly("赌博", "Casino");
        assertThat(w.find("网上CASINO和赌博")).containsExactly("Casino", "赌博");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SensitiveWords.parse(List.of("ok", "x".repeat(51)),
                "content.sensitiveWordsFile")).hasMessageContaining("content.sensitiveWordsFile").hasMessageContaining("line 2");
    }
}
