package io.shaozi.core.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One resident's conversation between messages, stored as JSON. Plain fields ("" means none) keep the stored
 * form stable and readable across versions.
 */
final class DialogState {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the bot is waiting for. */
    enum Stage { IDLE, ASK_CATEGORY, ASK_PLACE, ASK_PHOTO, ASK_RATING_REASON, ASK_EMERGENCY_PLACE, HUMAN,
        /** Knowledge base: titles offered by number ({@code choices} holds entry ids, {@code text} the question). */
        KB_CHOICE,
        /** Knowledge base: nothing fitted; 登记 registers {@code text} as a request. */
        KB_OFFER,
        /** The resident said a ticket's problem is solved: 是 withdraws {@code ticket} as solved. */
        CONFIRM_SOLVED }

    public Stage stage = Stage.IDLE;
    /** Draft request. */
    public String text = "";
    public String category = "";
    public String subcategory = "";
    /** 咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬 of the draft. */
    public String requestType = "";
    public String urgency = "NORMAL";
    public String place = "";
    public List<String> attachments = new ArrayList<>();
    public List<String> choices = new ArrayList<>();
    public String dedupeKey = "";
    /** Ticket the current question is about (rating reason, emergency place). */
    public String ticket = "";
    /** Epoch millis until which a person handles the conversation. */
    public long humanUntil;

    static DialogState parse(String json) {
        try {
            return JSON.readValue(json, DialogState.class);
        } catch (JsonProcessingException e) {
            return new DialogState();
        }
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link #reset} that keeps the photos and voice notes held for the next request (a question answered from the
     * knowledge base, or registered after all, does not lose what the resident sent before it).
     */
    void resetKeepingAttachments() {
        List<String> kept = attachments;
        reset();
        attachments = kept;
    }

    void reset() {
        stage = Stage.IDLE;
        text = "";
        category = "";
        subcategory = "";
        requestType = "";
        urgency = "NORMAL";
        place = "";
        attachments = new ArrayList<>();
        choices = new ArrayList<>();
        dedupeKey = "";
        ticket = "";
    }
}
