package io.shaozi.core.dialog;

import io.shaozi.nlp.Analysis;
import io.shaozi.nlp.knowledge.KnowledgeBase;
import io.shaozi.nlp.knowledge.KnowledgeEntry;
import io.shaozi.nlp.knowledge.KnowledgeMatch;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Residents' questions answered from the knowledge base, inside {@link ResidentDialog}: a question gets the best entry
 * (title and answer); when unsure, up to three titles to pick by number ({@link DialogState.Stage#KB_CHOICE}); when
 * nothing fits, an offer to register it as a request or hand over to a person ({@link DialogState.Stage#KB_OFFER}).
 * Only a message that {@link KnowledgeGate} lets through (normal urgency; not typed as a complaint, a report of
 * someone else's wrongdoing or praise) is looked up; the knowledge base itself never answers a message
 * worded as a report or a complaint either ({@link io.shaozi.nlp.knowledge.Asking}): those become tickets. The type
 * check also spares the search (about twice the cost of the whole text analysis) on most reports.
 */
final class KnowledgeTurns {
    private static final Pattern DIGIT = Pattern.compile("^[0-9０-９][。.!！]?$");
    private static final Pattern REGISTER = Pattern.compile("^(?:登记|登记一下|帮我登记|请登记|要登记|登记诉求|好的?登记)[。.!！]*$");

    static final String OFFER = "暂时没有找到这个问题的答案。回复“登记”把问题登记下来，由工作人员答复您；回复“人工”转工作人员。";
    static final String FOOTER = "没有解决您的问题？直接描述情况即可登记诉求，回复“人工”转工作人员。";
    static final String GONE = "这条内容刚刚更新过，请再问一次。";

    private final Optional<KnowledgeBase> base;

    KnowledgeTurns(Optional<KnowledgeBase> base) {
        this.base = base;
    }

    /** What the dialog does next after a reply while a choice or an offer waits. */
    enum Pending {
        /** Answered; the turn is over. */
        DONE,
        /** Register the question kept in the state as a request. */
        REGISTER,
        /** Not an answer to the choice or the offer: the state is reset, the message handled as usual. */
        ELSEWHERE
    }

    /** Tries to answer a new message; false when it is not one for the knowledge base (the caller opens a request). */
    boolean answer(String text, Analysis a, DialogState st, List<String> out) {
        if (base.isEmpty() || KnowledgeGate.skip(a).isPresent()) {
            return false;
        }
        KnowledgeMatch m = base.get().match(text);
        if (m instanceof KnowledgeMatch.Answer ans) {
            st.resetKeepingAttachments();
            out.add(answerText(ans.entry()));
            return true;
        }
        if (m instanceof KnowledgeMatch.Choice c) {
            st.resetKeepingAttachments();
            st.stage = DialogState.Stage.KB_CHOICE;
            st.text = text;
            st.choices = c.entries().stream().map(KnowledgeEntry::id).toList();
            StringBuilder sb = new StringBuilder("您想问的是哪一项？回复数字：");
            for (int i = 0; i < c.entries().size(); i++) {
                sb.append("\n").append(i + 1).append(" ").append(c.entries().get(i).title());
            }
            sb.append("\n0 都不是");
            out.add(sb.toString());
            return true;
        }
        if (m instanceof KnowledgeMatch.NoMatch) {
            st.resetKeepingAttachments();
            st.stage = DialogState.Stage.KB_OFFER;
            st.text = text;
            out.add(OFFER);
            return true;
        }
        return false;
    }

    /** A reply while {@link DialogState.Stage#KB_CHOICE} or {@link DialogState.Stage#KB_OFFER} waits. */
    Pending pending(String text, DialogState st, List<String> out) {
        String t = text.strip();
        if (st.stage == DialogState.Stage.KB_CHOICE && DIGIT.matcher(t).matches()) {
            int n = Character.getNumericValue(t.charAt(0));
            if (n == 0) {
                String question = st.text;
                st.resetKeepingAttachments();
                st.stage = DialogState.Stage.KB_OFFER;
                st.text = question;
                out.add(OFFER);
                return Pending.DONE;
            }
            if (n > st.choices.size()) {
                out.add("请回复 1 到 " + st.choices.size() + " 的数字，都不是请回复 0。");
                return Pending.DONE;
            }
            String id = st.choices.get(n - 1);
            st.resetKeepingAttachments();
            out.add(base.flatMap(b -> b.entry(id)).map(KnowledgeTurns::answerText).orElse(GONE));
            return Pending.DONE;
        }
        if (st.stage == DialogState.Stage.KB_OFFER && REGISTER.matcher(t).matches()) {
            return Pending.REGISTER;
        }
        st.resetKeepingAttachments();
        return Pending.ELSEWHERE;
    }

    /**
     * The reply with an entry: its title, its answer (which cites the rule) as plain text (the answer is written in
     * the content Markdown subset: bold unmarked, links as text（url）, as the console's preview shows), and the way on.
     */
    static String answerText(KnowledgeEntry e) {
        return "【" + e.title() + "】\n" + io.shaozi.core.content.Markdown.toPlainText(e.answer()) + "\n" + FOOTER;
    }
}
