package io.shaozi.nlp;

import java.util.regex.Pattern;

/**
 * Request type by cues, in order: an explicit word the resident uses (我要投诉, 举报, 建议, 表扬) wins; then praise
 * without a complaint, someone else's wrongdoing (举报), a proposal (建议), a grievance (投诉), a question (咨询); a
 * problem to fix is 求助. Measured on the chat evaluation set (see nlp/README.md).
 */
final class RequestTypes {

    private RequestTypes() {}

    private static final StartChars SAYS_PRAISE = StartChars.of(Pattern.compile("表扬|锦旗|感谢信|好人好事"));
    private static final StartChars SAYS_REPORT = StartChars.of(Pattern.compile("举报|检举|揭发"));
    private static final StartChars SAYS_COMPLAINT = StartChars.of(Pattern.compile("投诉"));
    private static final StartChars SAYS_SUGGESTION = StartChars.of(Pattern.compile("建议|提议|提个意见|提个建议|意见建议|呼吁"));

    private static final StartChars PRAISE = StartChars.of(Pattern.compile(
            "(?:感谢|谢谢|点赞|点个赞|赞扬|称赞).{0,30}(?:帮|解决|修好|处理|及时|热心|负责|耐心|辛苦)|(?:热心|负责任|认真负责|尽职尽责|耐心细致|雪中送炭|办事效率高)"));
    private static final StartChars NEGATIVE = StartChars.of(Pattern.compile(
            "不满|太差|很差|恶劣|敷衍|推诿|不作为|没人管|没人理|不管|拖着|拖了|还没|没有解决|没解决|不解决|投诉|坏了|漏|吵|臭|难|乱"));
    private static final StartChars REPORT = StartChars.of(Pattern.compile(
            "偷排|偷倒|乱倒|非法|违法|违规|私自|无证|无照|黑诊所|黑作坊|黑车|传销|赌博|涉黄|卖淫|吸毒|假冒|售假|卖假|造假|三无|"
            + "违建|违章搭建|私搭乱建|乱搭乱建|群租|骗保|套取|冒领|虚开|偷税|漏税|行贿|受贿|贪污|挪用|作弊|代考|过期食品|地沟油|"
            + "偷偷|私占|侵占|占用.{0,6}(?:绿地|公共)|改变用途|非法营运|放高利贷|高利贷|诈骗|骗子|收黑钱|吃拿卡要|"
            + "缺斤短两|短斤少两|卖烟给未成年|飞线充电|楼道充电|高空抛物|焚烧|有偿补课|"
            + "有人(?:在)?.{0,8}(?:卖|乱倒|偷倒|烧|抛|扔|排|充电|拉客|搭|占|偷)"));
    private static final StartChars SUGGESTION = StartChars.of(Pattern.compile(
            "希望.{0,12}(?:增设|增加|多设|多建|修建|建一个|建个|设置|设个|安装|装个|开通|延长|调整|加开|多开|开个|规划|能建)|"
            + "能不能.{0,8}(?:增设|增加|多设|多建|修建|建一个|建个|设置|设个|安装|装个|加个|开通|延长|加开|多开)|"
            + "可否|是否可以(?:增设|增加|设置|安装|开通)|应该(?:增设|增加|多设|设置|安装|开通)|最好(?:能)?(?:增设|增加|多设|设置|安装|装|开通)|"
            + "能否(?:增设|增加|多设|设置|安装|开通|延长)|(?:增设|加装|多设|新建)一?[个些座条]|要是能.{0,12}就好了|如果能.{0,12}就好了"));
    private static final StartChars COMPLAINT = StartChars.of(Pattern.compile(
            "乱收费|多收|收费不合理|态度(?:差|很差|恶劣|不好|极差|太差)|不作为|推诿|踢皮球|敷衍|刁难|不负责|服务差|太差劲|差劲|"
            + "扰民|太吵|吵得|吵死|噪音|噪声|油烟|臭味|异味|熏|"
            + "拖欠|欠薪|不发工资|不给工资|克扣|不退|不给退|退不了|退款难|霸王条款|欺诈|坑人|宰客|强制消费|"
            + "不管不问|没人管|没人理|没有人管|不处理|不解决|一直不|迟迟不|拖了|拖着|久拖|屡次|多次反映|反映了好几次|"
            + "占道|乱停|乱贴|乱扔|乱堆|不让|强行|野蛮|被打|打人|骂人|辱骂|"
            + "太少|太短|太长|太多|太贵|太难|难抢|太慢|太脏|太乱|太麻烦|太猛|太坑|太冲|太大|贵一倍|乱收|乱涨|跑路|退不回|退费难|不给修|"
            + "不给补偿|不给交|不签|不等人|拒载|绕路|坑人|假的|假货|隐瞒|强制|扣押|扣钱|没有加班费|无故|不合理|不开放|不对外|"
            + "没通知|延期|还没发|还没到账|还没修完|还是不|没效果|打错|体罚|晚点|丢件|不干活|没房|臭气熏天|熏得|熏死|吵|难受|头晕|"
            + "白办|不理|排了.{0,4}小时|排队排|磨没了|被改成|被撤|脏|差$|差,|态度|甩脸子|批改作业|没人修|没地方锻炼|上不了|接不了|"
            + "不敢吃|老坏|总坏|一个礼拜了|半个月了|快一年|坑洼|噪音|砸墙|叮叮当当|发臭|乱窜|还没有|也不管|不管事|物业不管|没人清|没变好|年年涨|"
            + "超载|堆在|挤满|老化|不给|没有儿科|停车难|冒黑烟|太臭|说好的|假货"));
    private static final StartChars QUESTION = StartChars.of(Pattern.compile(
            "[吗么嘛呢]\\??$|[吗么嘛][,，。?？]|\\?|？|请问|咨询|想问|问一下|问下|怎么办理|如何办理|怎么办|怎么申请|如何申请|怎么领|去哪|在哪|哪里|哪儿|哪个|"
            + "什么时候|几点|多久|多长时间|需要什么|需要带|要带什么|要什么材料|什么材料|什么手续|能不能办|可以办|是否|有没有|多少钱|怎么收费|"
            + "怎么弄|怎么查|如何查|怎样|咋办|咋弄|啥时候|流程|条件|标准是|能报销|可以报销|能领|可以领|几号|"
            + "(?:怎么|如何|咋)[\\u4e00-\\u9fff]{1,4}$|哪些|[开上]门不$|不$|咋还没到账|多大岁数|在哪[交办]|什么证|办什么|扔哪|哪$"));

    private static final StartChars ASKS_HELP = StartChars.of(Pattern.compile("帮帮|帮忙|求助|救命|快来|赶紧|咋整|快叫"));

    /** The request type of a normalized message. */
    static RequestType classify(String normalized) {
        String s = normalized.replace(" ", "");
        if (s.isEmpty()) {
            return RequestType.HELP;
        }
        if (SAYS_PRAISE.scan(s).find() && !NEGATIVE.scan(s).find()) {
            return RequestType.PRAISE;
        }
        if (SAYS_REPORT.scan(s).find()) {
            return RequestType.REPORT;
        }
        if (SAYS_COMPLAINT.scan(s).find()) {
            return RequestType.COMPLAINT;
        }
        if (SAYS_SUGGESTION.scan(s).find()) {
            return RequestType.SUGGESTION;
        }
        if (PRAISE.scan(s).find() && !NEGATIVE.scan(s).find()) {
            return RequestType.PRAISE;
        }
        if (REPORT.scan(s).find()) {
            return RequestType.REPORT;
        }
        if (SUGGESTION.scan(s).find()) {
            return RequestType.SUGGESTION;
        }
        boolean question = QUESTION.scan(s).find();
        if (COMPLAINT.scan(s).find() && !(question && s.length() <= 14 && !s.contains("怎么还"))) {
            return RequestType.COMPLAINT;
        }
        if (question && !ASKS_HELP.scan(s).find()) {
            return RequestType.CONSULT;
        }
        return RequestType.HELP;
    }
}
