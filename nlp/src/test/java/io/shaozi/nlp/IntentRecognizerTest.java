package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntentRecognizerTest {

    private static Intent recognize(String text) {
        return IntentRecognizer.recognize(Normalizer.normalize(text));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            帮助                          | HELP
            菜单                          | HELP
            help                          | HELP
            HELP                          | HELP
            ?                             | HELP
            ？                            | HELP
            怎么用                        | HELP
            你能做什么                    | HELP
            有什么功能                    | HELP
            使用说明                      | HELP
            我的工单                      | MY_TICKETS
            我的哨单                      | MY_TICKETS
            查看我的诉求                  | MY_TICKETS
            我提交的问题怎么样了          | MY_TICKETS
            我反映的那些事                | MY_TICKETS
            历史记录                      | MY_TICKETS
            催办                          | URGE
            催一下                        | URGE
            怎么还没人来修啊              | URGE
            都几天了还没处理              | URGE
            能不能快点处理                | URGE
            撤销                          | WITHDRAW
            撤回我的投诉                  | WITHDRAW
            不用处理了，自己修好了        | SOLVED
            取消工单                      | WITHDRAW
            订阅                          | SUBSCRIBE
            订阅社区通知                  | SUBSCRIBE
            开启推送                      | SUBSCRIBE
            取消订阅                      | UNSUBSCRIBE
            退订                          | UNSUBSCRIBE
            不要再推送了                  | UNSUBSCRIBE
            TD                            | UNSUBSCRIBE
            学习                          | LEARN
            我要学习                      | LEARN
            今天学点什么 学习资料         | LEARN
            答题                          | QUIZ
            开始答题                      | QUIZ
            每日一题                      | QUIZ
            考考我                        | QUIZ
            积分                          | POINTS
            我的积分                      | POINTS
            我有多少分                    | POINTS
            排行榜                        | LEADERBOARD
            积分排行                      | LEADERBOARD
            我排第几 排名                 | LEADERBOARD
            人工                          | HUMAN
            转人工                        | HUMAN
            我要找人工客服                | HUMAN
            找工作人员                    | HUMAN
            真人在吗                      | HUMAN
            你好                          | GREETING
            您好！                        | GREETING
            在吗                          | GREETING
            在吗？                        | GREETING
            hello                         | GREETING
            早上好                        | GREETING
            哈喽                          | GREETING
            有人吗                        | GREETING
            楼道灯坏了好几天了            | REQUEST
            你好，楼道灯坏了              | REQUEST
            小区门口有人占道经营          | REQUEST
            物业费太贵了                  | REQUEST
            对物业很不满意，垃圾没人清理  | REQUEST
            楼上每天晚上都很吵            | REQUEST
            孩子学校收费不合理            | REQUEST
            我想反映一下停车难的问题      | REQUEST
            """)
    void intent_recognizesPhrasings(String text, IntentKind kind) {
        assertThat(recognize(text).kind()).isEqualTo(kind);
    }

    /** Colloquial phrasings, some caught by rules and some by the nearest-neighbour examples. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            帮我转人工呗                  | HUMAN
            能不能让真人来回答            | HUMAN
            找个人聊聊                    | HUMAN
            我之前报的那个事咋样了        | MY_TICKETS
            我的单子呢                    | MY_TICKETS
            上次反映的问题有进展吗        | MY_TICKETS
            我报过的单子                  | MY_TICKETS
            快点来修啊都一个礼拜了        | URGE
            还要等多久啊                  | URGE
            别处理了                      | WITHDRAW
            算了不用了                    | NEVER_MIND
            我不想收消息了                | UNSUBSCRIBE
            今天的题                      | QUIZ
            我要学习政策                  | LEARN
            你是谁                        | HELP
            有什么用                      | HELP
            嗨你好                        | GREETING
            路灯不亮                      | REQUEST
            垃圾没人收                    | REQUEST
            电梯坏了                      | REQUEST
            """)
    void intent_recognizesColloquialPhrasings(String text, IntentKind kind) {
        assertThat(recognize(text).kind()).isEqualTo(kind);
    }

    @Test
    void intent_ratingKeepsTheReasonAfterIt() {
        Intent i = recognize("不满意，没解决");
        assertThat(i.rating()).contains(Rating.UNSATISFIED);
        assertThat(i.text()).contains("没解决");
        assertThat(recognize("非常满意谢谢").text()).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            满意              | SATISFIED
            非常满意          | SATISFIED
            很满意！          | SATISFIED
            好评              | SATISFIED
            1                 | SATISFIED
            基本满意          | BASICALLY_SATISFIED
            还行吧            | BASICALLY_SATISFIED
            一般              | BASICALLY_SATISFIED
            2                 | BASICALLY_SATISFIED
            不满意            | UNSATISFIED
            很不满意          | UNSATISFIED
            不太满意          | UNSATISFIED
            差评              | UNSATISFIED
            3                 | UNSATISFIED
            评价：3           | UNSATISFIED
            非常满意谢谢      | SATISFIED
            一般般            | BASICALLY_SATISFIED
            """)
    void intent_recognizesRatings(String text, Rating rating) {
        Intent i = recognize(text);
        assertThat(i.kind()).isEqualTo(IntentKind.RATE);
        assertThat(i.rating()).contains(rating);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            A           | A
            b           | B
            选C         | C
            我选D       | D
            答案是A     | A
            Ｂ          | B
            选B吧       | B
            """)
    void intent_recognizesQuizAnswers(String text, String letter) {
        Intent i = recognize(text);
        assertThat(i.kind()).isEqualTo(IntentKind.QUIZ_ANSWER);
        assertThat(i.answer()).contains(letter);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            查询2026112800012                 | 2026112800012
            2026112800012                     | 2026112800012
            查一下哨单2026112800012的进度     | 2026112800012
            工单号 2026112800012 怎么样了     | 2026112800012
            ２０２６１１２８０００１２        | 2026112800012
            #2026112800012                    | 2026112800012
            查进度 123456                     | 123456
            """)
    void intent_queriesTicketByNumber(String text, String number) {
        Intent i = recognize(text);
        assertThat(i.kind()).isEqualTo(IntentKind.QUERY_TICKET);
        assertThat(i.ticketNumber()).contains(number);
    }

    @Test
    void intent_urgeCarriesTicketNumber() {
        Intent i = recognize("催办 2026112800012");
        assertThat(i.kind()).isEqualTo(IntentKind.URGE);
        assertThat(i.ticketNumber()).contains("2026112800012");
    }

    @Test
    void intent_withdrawCarriesTicketNumber() {
        Intent i = recognize("撤销2026112800012");
        assertThat(i.kind()).isEqualTo(IntentKind.WITHDRAW);
        assertThat(i.ticketNumber()).contains("2026112800012");
    }

    @Test
    void intent_addDetailKeepsTheRemainder() {
        Intent i = recognize("补充：灯是3号楼2单元的，晚上完全不亮");
        assertThat(i.kind()).isEqualTo(IntentKind.ADD_DETAIL);
        assertThat(i.text()).contains("灯是3号楼2单元的,晚上完全不亮");
    }

    @Test
    void intent_addDetailWithoutTextHasNoRemainder() {
        Intent i = recognize("补充");
        assertThat(i.kind()).isEqualTo(IntentKind.ADD_DETAIL);
        assertThat(i.text()).isEmpty();
    }

    @Test
    void intent_longAddDetailStaysAddDetail() {
        Intent i = recognize("补充说明 这个问题从上个月就开始了，物业一直说会处理但是到现在都没有人来看过，希望尽快解决");
        assertThat(i.kind()).isEqualTo(IntentKind.ADD_DETAIL);
        assertThat(i.text().orElseThrow()).startsWith("这个问题从上个月就开始了");
    }

    @Test
    void intent_unsatisfiedComplaintIsARequestNotARating() {
        assertThat(recognize("我对小区物业的服务非常不满意，电梯经常坏").kind()).isEqualTo(IntentKind.REQUEST);
    }

    @Test
    void intent_acknowledgementIsNotARating() {
        assertThat(recognize("好的").kind()).isNotEqualTo(IntentKind.RATE);
        assertThat(recognize("很好").rating()).contains(Rating.SATISFIED);
    }

    @Test
    void intent_emptyMessageShowsHelp() {
        assertThat(recognize("").kind()).isEqualTo(IntentKind.HELP);
    }

    @Test
    void intent_unsubscribeIsNotWithdraw() {
        assertThat(recognize("取消订阅").kind()).isEqualTo(IntentKind.UNSUBSCRIBE);
    }
}
