package io.shaozi.core.dialog;

import io.shaozi.core.ticket.Ticket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Everything residents read, in one place: short Chinese lines. */
final class Texts {
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
    static final DateTimeFormatter MDHM = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    static final String MENU = """
            您好，这里是社区「哨子」接诉即办。直接描述问题即可登记，例如“3号楼2单元楼道灯坏了”。
            常用：我的工单｜查询 工单号｜催办 工单号｜撤销 工单号｜补充 内容｜人工
            通知推送：通知｜学习｜已学｜订阅｜退订
            党员答题：答题｜挑战｜专项｜积分｜排行｜订阅答题""";
    static final String SUBSCRIBED = "已为您订阅社区通知和党建学习内容。回复“退订”可随时取消。";
    static final String UNSUBSCRIBED = "已为您退订，今后不再向您推送通知。回复“订阅”可重新接收。";
    static final String UNSUBSCRIBED_EMERGENCY = "已为您退订，今后只向您推送紧急通知。回复“订阅”可重新接收全部通知。";
    static final String GREETING = "您好！有什么需要社区帮忙的，直接说就行。回复“帮助”查看常用指令。";
    static final String WELCOME = "欢迎关注社区「哨子」接诉即办！遇到楼道、环境、物业、交通等问题，直接发消息告诉我们。";
    static final String ASK_PLACE = "请问具体位置在哪里？例如“幸福小区3号楼2单元”，也可以直接发送位置。";
    static final String ASK_PHOTO = "如方便，请发一张现场照片；没有照片回复“跳过”。";
    static final String ASK_EMERGENCY_PLACE = "请立即告诉我们具体位置（小区、楼号、单元），以便尽快处置。";
    /** After a voice note on an emergency ticket: the place is still needed, in writing. */
    static final String ASK_EMERGENCY_PLACE_TEXT = "请用文字告诉我们具体位置（小区、楼号、单元），以便尽快处置。";
    /** A voice note kept on the request being drafted; the question asked is asked again. */
    static final String ATTACHMENTS_FULL = "一件诉求最多附 " + ResidentDialog.MAX_PENDING + " 个照片或语音，这一个没有保存。";
    static final String PHOTO_KEPT_FOR_REGISTER = "照片已收到，登记诉求时会一并提交。";
    static final String VOICE_KEPT = "语音已收到，会随诉求一起提交（暂时无法识别语音内容）。";
    static final String ASK_RATING_REASON = "很抱歉没有让您满意。请说说哪里还没解决，我们会重新办理。";
    static final String HUMAN_ON = "已为您转接人工，工作人员会在这里回复您。回复“结束人工”可回到自助服务。";
    static final String HUMAN_OFF = "已回到自助服务。直接描述问题即可登记，回复“帮助”查看常用指令。";
    static final String TOO_FAST = "您发消息太频繁了，请稍等一分钟再试。";
    static final String CANCELLED = "好的，已取消本次登记。";
    static final String NOT_SUPPORTED = "暂不支持这种消息，请用文字描述您遇到的问题。";
    static final String NO_TICKETS = "您还没有工单。直接描述问题即可登记。";
    static final String LEARN_HINT = "回复“学习”查看最新的党建学习内容，学完回复“已学”。";
    static final String QUIZ_HINT = "党员答题：回复“答题”开始每日答题，“挑战”挑战答题，“积分”查看积分，“排行”查看支部排行，"
            + "“订阅答题”每个工作日早上收到一道每日一题。答题面向本街道登记的党员开放。";
    static final String NEED_NUMBER = "请带上工单号，例如“查询 202611280012”。回复“我的工单”可查看您的工单号。";
    static final String ASK_TEXT_FOR_PHOTO = "收到照片。请再用一句话说明是什么问题、在哪里，照片会随诉求一起提交。";
    /** A photo that cannot be kept now (too many before a description, or another question is open). */
    static final String ASK_TEXT_FOR_PHOTO_AGAIN = "请先用一句话说明是什么问题、在哪里，再发照片。";
    static final String ASK_TEXT_FOR_VOICE = "收到语音（暂时无法识别语音内容）。请用文字说明是什么问题、在哪里，语音会随诉求一起提交。";
    static final String EMPTY_REQUEST = "请用一句话描述您遇到的问题和位置。";
    static final String THANKS = "不客气，能帮上忙就好！还有需要随时告诉我。";
    static final String GOODBYE = "再见！有需要随时找我。";
    static final String PRAISE = "谢谢您的肯定！我们会转达给办理的同志。";
    static final String ACK = "好的，还有需要随时告诉我。";
    static final String NEVER_MIND = "好的，有需要随时找我。";
    static final String SOLVED_NO_TICKET = "太好了，问题解决了就好！还有需要随时告诉我。";
    static final String NOT_SOLVED = "好的，工单继续办理，有进展会告诉您。";
    static final String FOREIGN = "您好！这里是社区「哨子」接诉即办：登记楼道、环境、物业、交通等问题并跟踪办理进度。"
            + "目前只能理解中文，请用中文说明问题和位置；回复“人工”转工作人员。\n"
            + "Hello! Shaozi is the community's service for reporting problems (repairs, noise, property, traffic …) "
            + "and following them up until they are fixed. It understands Chinese only for now: please write the "
            + "problem and the place in Chinese, or reply 人工 (or \"human\") to talk to a member of staff.";

    static String confirmSolved(String number, String summary) {
        return "很高兴听到问题解决了！是指工单 " + number + "（" + summary + "）吗？回复“是”为您关闭该工单，回复“不是”继续办理。";
    }

    static String solvedClosed(String number) {
        return "好的，工单 " + number + " 已关闭。感谢您告诉我们，还有需要随时找我。";
    }

    static String solvedRated(String number) {
        return "太好了！工单 " + number + " 已记为满意并完成回访，感谢您的反馈。";
    }

    private Texts() {
    }

    static String truncated(int max) {
        return "（您的消息较长，已截取前" + max + "字）";
    }

    /** "今天 16:30", "明天 09:30" or "11月30日 09:30", Beijing time. */
    static String when(Instant at, Instant now) {
        ZonedDateTime t = at.atZone(BEIJING);
        LocalDate today = now.atZone(BEIJING).toLocalDate();
        if (t.toLocalDate().equals(today)) {
            return "今天 " + HM.format(t);
        }
        if (t.toLocalDate().equals(today.plusDays(1))) {
            return "明天 " + HM.format(t);
        }
        return MDHM.format(t);
    }

    static String shortText(String s, int n) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= n ? oneLine : oneLine.substring(0, n) + "…";
    }

    /** The two-line answer to a new request. */
    static String opened(Ticket t, String departmentName, Instant now) {
        StringBuilder sb = new StringBuilder("已受理，工单号 ").append(t.number()).append("。\n");
        if (t.department().isEmpty()) {
            sb.append("正在为您分派办理部门，有进展会第一时间告诉您。");
        } else {
            sb.append("已派【").append(departmentName).append("】办理");
            t.contactDue().or(t::signDue).ifPresentOrElse(
                    due -> sb.append("，").append(when(due, now)).append("前联系您。"),
                    () -> sb.append("，有进展会告诉您。"));
        }
        return sb.toString();
    }
}
