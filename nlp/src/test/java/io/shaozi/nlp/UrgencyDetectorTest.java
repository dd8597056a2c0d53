package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrgencyDetectorTest {

    private static UrgencyAssessment detect(String text) {
        return UrgencyDetector.detect(Normalizer.normalize(text));
    }

    @ParameterizedTest(name = "{0} → EMERGENCY ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            家里燃气泄漏了，味道很大                | 燃气泄漏
            楼道里煤气泄漏，快来人                  | 煤气泄漏
            厨房闻到燃气味很大                      | 燃气味
            3号楼着火了！                           | 着火
            对面楼起火了，好多烟                    | 起火
            地下室在冒烟                            | 冒烟
            电梯困人了，有个小孩在里面              | 电梯困人
            我被困在电梯里了                        | 困在电梯
            小区门口有人受伤了                      | 有人受伤
            楼下有个老人摔倒了起不来                | 老人摔倒
            有人晕倒在路边                          | 晕倒
            配电箱漏电，地上有水                    | 漏电
            小孩触电了                              | 触电
            路口的井盖丢失了，晚上很危险            | 井盖丢失
            人行道上井盖没了                        | 井盖没了
            车库顶棚坍塌了                          | 坍塌
            楼下有人打架还拿着刀                    | 打架
            有人落水了                              | 落水
            路面塌陷了一个大坑                      | 路面塌陷
            隔壁电动车爆炸了                        | 爆炸
            一家人煤气中毒了                        | 煤气中毒
            樓道裏著火了                            | 著火
            家里有煤气味                            | 煤气味
            家里有股燃气味                          | 燃气味
            电梯卡住了里面有人                      | 电梯卡住
            老人摔了起不来                          | 摔了起不来
            有人晕过去了                            | 晕过去
            孩子被烫伤了                            | 烫伤
            井盖没盖，车差点掉进去                  | 井盖没盖
            """)
    void urgency_detectsEmergencies(String text, String cue) {
        UrgencyAssessment u = detect(text);
        assertThat(u.level()).isEqualTo(Urgency.EMERGENCY);
        assertThat(u.cue()).contains(cue);
        assertThat(u.safetyHint()).isPresent();
    }

    @ParameterizedTest(name = "{0} → URGENT ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            我们小区停水两天了                      | 停水
            整栋楼停电了                            | 停电
            暖气不热，家里只有十几度                | 暖气不热
            楼上漏水，把我家天花板泡了              | 漏水
            马路上水管爆了，一直在跑水              | 水管爆
            下水道堵了，污水倒灌进家里              | 污水倒灌
            电梯坏了三天没人修                      | 电梯坏了
            有人高空抛物，差点砸到人                | 高空抛物
            楼道里有人飞线充电                      | 飞线充电
            私家车堵塞消防通道                      | 堵塞消防通道
            飞线充电有火灾隐患                      | 飞线充电
            担心电动车在楼道里着火                  | 着火
            电线垂下来了                            | 电线垂
            路上有个大坑                            | 大坑
            """)
    void urgency_detectsUrgentRequests(String text, String cue) {
        UrgencyAssessment u = detect(text);
        assertThat(u.level()).isEqualTo(Urgency.URGENT);
        assertThat(u.cue()).contains(cue);
    }

    @ParameterizedTest(name = "{0} → NORMAL")
    @CsvSource(delimiter = '|', textBlock = """
            楼道灯坏了好几天了
            小区垃圾好几天没人清运
            广场舞声音太大，影响休息
            物业费涨价了不合理
            孩子上学的学区怎么划分
            社保卡怎么补办
            路边有共享单车乱停
            建议在小区门口增加一个公交站
            不是着火，是邻居在烧烤冒的烟
            燃气泄漏已经修好了，谢谢
            没有漏电，就是灯不亮
            电梯困人的事已经处理好了
            之前的着火已扑灭了，现在没事了
            井盖丢失的问题昨天已经修复了
            并非火灾，只是有人在烧纸
            老人摔倒了，已经送医了
            如何预防燃气泄漏
            小区在做消防演练，有点冒烟不用担心
            停水的问题已经恢复了
            我们不会把电动车推进电梯
            已经没有煤气味了
            家里没有燃气味，是别的味道
            """)
    void urgency_normalForEverydayNegatedAndResolvedMessages(String text) {
        assertThat(detect(text).level()).isEqualTo(Urgency.NORMAL);
    }

    @Test
    void urgency_ignoresNegatedFire() {
        assertThat(detect("不是着火了，是楼下饭店油烟太大").level()).isEqualTo(Urgency.NORMAL);
    }

    @Test
    void urgency_gasLeakGivesEvacuationHint() {
        UrgencyAssessment u = detect("燃气泄漏");
        assertThat(u.safetyHint().orElseThrow()).contains("开窗").contains("119");
    }

    @Test
    void urgency_emergencyWinsOverUrgentCueInSameMessage() {
        UrgencyAssessment u = detect("停电了，而且配电室冒烟");
        assertThat(u.level()).isEqualTo(Urgency.EMERGENCY);
        assertThat(u.cue()).contains("冒烟");
    }

    @Test
    void urgency_negationInOneClauseDoesNotHideAnotherCue() {
        assertThat(detect("不是漏电，是着火了").level()).isEqualTo(Urgency.EMERGENCY);
    }

    @Test
    void urgency_emptyTextIsNormal() {
        assertThat(detect("")).isEqualTo(UrgencyAssessment.NORMAL);
    }
}
