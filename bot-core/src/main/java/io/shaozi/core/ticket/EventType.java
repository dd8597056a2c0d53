package io.shaozi.core.ticket;

/** What an event records; the Chinese label is what the timeline shows. */
public enum EventType {
    OPENED("受理"),
    DISPATCHED("派单"),
    ACCEPTED("签收"),
    PROGRESS("办理进展"),
    WAITING("待居民补充"),
    DETAIL_ADDED("补充诉求"),
    RESOLVED("办结"),
    RETURNED("退单"),
    WHISTLED("吹哨"),
    REPORTED("报到"),
    REPORT_MISSED("报到超时"),
    MERGED("合并至主单"),
    MERGED_IN("并入重复诉求"),
    REOPENED("重办"),
    EXTENSION_REQUESTED("申请延期"),
    EXTENSION_APPROVED("批准延期"),
    EXTENSION_REJECTED("驳回延期"),
    WITHDRAWN("撤销"),
    RATED("评价"),
    CLOSED_UNRATED("逾期未评价"),
    URGED("催办"),
    OVERDUE("超期"),
    ESCALATED("督办升级"),
    /** One step of the alert ladder (who was told, how); changes nothing else. */
    ALERTED("告警"),
    /** Someone acknowledged the alert (收到, opened it in the console, the ack API): the ladder stops. */
    ALERT_ACKED("告警已确认"),
    /**
     * A resident's photo or voice could not be downloaded from the platform (data: the reference, whether the
     * download is retried or given up); changes nothing else.
     */
    MEDIA_FAILED("附件下载失败"),
    /** The street corrected the category (data: the new and the previous category); status and deadlines stay. */
    RECATEGORIZED("类别更正");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
