package io.shaozi.nlp.knowledge;

import java.util.regex.Pattern;

/**
 * Whether a message asks something the knowledge base may answer, or reports a problem (a fault, a complaint, a tip-off)
 * that must become a ticket. Rules on the normalized text: a report cue anywhere wins over any question cue, so
 * "楼道灯坏了怎么还没人修？" is a report, "社区居委会周六上班吗？" a question.
 */
public final class Asking {

    /** What a message is, for the knowledge base. */
    public enum Kind {
        /** Asks for information (office hours, documents, how to apply …). */
        QUESTION,
        /** Reports a problem or complains: a ticket, never an entry. */
        REPORT,
        /** Neither cue: a statement; the dialog treats it as a request. */
        OTHER
    }

    private static final Pattern QUESTION = Pattern.compile(
            "[?？]|吗|么[,，。!！]?$|呢[,，。!！]?$|怎么办|怎么(?:办理|申请|开|领|弄|交|查|报|登记|预约|认定|补|换|去|走|用)|怎样|如何|哪里|哪儿|在哪|哪个|哪些|去哪"
            + "|什么时候|什么时间|几点|几号|几天|多久|多长时间|多少钱|多少|什么材料|什么条件|什么手续|需要什么|要什么|带什么|要带|啥|咋"
            + "|是否|能不能|能否|可不可以|可以不|有没有|是不是|请问|咨询|想了解|了解一下|想问|问一下|问下|打听"
            + "|我想办|想办理|想申请|我要办|我要申请|要办理|要申请|怎么收费|收费标准|谁能|谁可以|条件是|流程|手续|材料|时间表|开放时间|上班时间"
            + "|办公时间|电话是|电话多少|怎么联系|联系方式|补贴|标准是");

    private static final Pattern REPORT = Pattern.compile(
            "坏了|坏掉|损坏|破损|破了|漏水|渗水|漏雨|跑水|爆管|堵了|堵塞|不亮|灭了|不通|停水|停电|停气|没水|没电|没暖气|不热|噪音|噪声|扰民|太吵|很吵|吵得|吵死"
            + "|臭|异味|乱堆|堆放|堆满|乱停|乱扔|乱倒|乱贴|占道|占用|违建|违章|私搭|乱搭|投诉|举报|反映一下|我要反映|没人管|没人修|没人处理|没人来|没人清|没人收"
            + "|怎么还没|为什么还|为啥还|凭什么|太差|态度差|态度恶劣|乱收费|多收|脏|积水|塌|裂缝|开裂|掉落|脱落|困人|着火|冒烟|倒了|砸墙|砸东西|拖欠|欠薪|欠工资"
            + "|不给办|不给开|不让|刁难|推诿|踢皮球|不作为|扯皮|好几天|好几次|一直没|总是|天天|整夜|半夜|深夜|凌晨|蚊虫|老鼠|蟑螂|野狗|流浪狗|咬人|伤人|晃|歪|松动|隐患|危险"
            + "|漏电|飞线|私拉电线|油烟|烟味|污水|下水道|化粪池|冒水|溢|垃圾满|没清|不清|不收|没收走|乱放|遛狗|狗屎|粪便|鸣笛|广场舞|装修声|打孔|电钻|排队太久");

    private Asking() {}

    /** The kind of an already normalized message. */
    public static Kind of(String normalized) {
        if (normalized == null || normalized.isBlank()) {
            return Kind.OTHER;
        }
        String s = normalized.replace(" ", "");
        if (REPORT.matcher(s).find()) {
            return Kind.REPORT;
        }
        return QUESTION.matcher(s).find() ? Kind.QUESTION : Kind.OTHER;
    }
}
