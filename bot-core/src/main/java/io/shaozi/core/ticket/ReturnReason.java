package io.shaozi.core.ticket;

/** Coded reasons a department may give for returning (退单) a ticket. */
public enum ReturnReason {
    NOT_OUR_DUTY("R01", "不属于本单位职责"),
    NOT_OUR_AREA("R02", "不属于本辖区"),
    INSUFFICIENT_INFO("R03", "诉求信息不全，无法办理"),
    NOT_GOVERNMENT("R04", "不属于政府职能范围"),
    DUPLICATE("R05", "重复诉求"),
    OTHER("R99", "其他原因（须说明）");

    private final String code;
    private final String label;

    ReturnReason(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** By code ({@code R01}) or enum name. */
    public static ReturnReason parse(String s) {
        String t = s.trim();
        for (ReturnReason r : values()) {
            if (r.code.equalsIgnoreCase(t) || r.name().equalsIgnoreCase(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown return reason code '" + s + "' (R01–R05, R99)");
    }
}
