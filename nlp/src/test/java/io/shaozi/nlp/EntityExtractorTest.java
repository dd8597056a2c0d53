package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityExtractorTest {

    private static Entities extract(String text) {
        String n = Normalizer.normalize(text);
        return EntityExtractor.extract(n, HanLp.get().segmentWithPlaces(n));
    }

    private static String orDash(Optional<String> v) {
        return v.orElse("-");
    }

    /** text | place text | 区 | 街道 | 路 | 小区 | 楼 | 单元 | 室 ("-" = absent). */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            我住花家地小区3号楼2单元301室，楼道灯坏了 | 花家地小区3号楼2单元301室 | - | - | - | 花家地小区 | 3号楼 | 2单元 | 301室
            朝阳区望京街道花家地小区门口有垃圾        | 朝阳区望京街道花家地小区 | 朝阳区 | 望京街道 | - | 花家地小区 | - | - | -
            海淀区中关村大街27号有人占道经营          | 海淀区中关村大街27号 | 海淀区 | - | 中关村大街27号 | - | - | - | -
            我家住在望京西园三区5号楼                 | 望京西园三区5号楼 | - | - | - | 望京西园三区 | 5号楼 | - | -
            幸福家园12栋3单元502漏水                    | 幸福家园12栋3单元502 | - | - | - | 幸福家园 | 12栋 | 3单元 | 502
            阳光花园二号楼一单元楼道灯不亮              | 阳光花园二号楼一单元 | - | - | - | 阳光花园 | 二号楼 | 一单元 | -
            东城区和平里街道有群租房                    | 东城区和平里街道 | 东城区 | 和平里街道 | - | - | - | - | -
            建国路88号门口井盖丢了                      | 建国路88号 | - | - | 建国路88号 | - | - | - | -
            丰台区南苑乡槐房村违章搭建                  | 丰台区南苑乡槐房村 | 丰台区 | 南苑乡 | - | 槐房村 | - | - | -
            天通苑北一区6号楼楼下很吵                   | 天通苑北一区6号楼 | - | - | - | 天通苑北一区 | 6号楼 | - | -
            金色家园小区A座电梯坏了                     | 金色家园小区A座 | - | - | - | 金色家园小区 | A座 | - | -
            南锣鼓巷有人乱摆摊                          | 南锣鼓巷 | - | - | 南锣鼓巷 | - | - | - | -
            西城区金融街15号                            | 西城区金融街15号 | 西城区 | - | 金融街15号 | - | - | - | -
            3号楼2单元602室的住户高空抛物               | 3号楼2单元602室 | - | - | - | - | 3号楼 | 2单元 | 602室
            通州区梨园镇云景里小区                      | 通州区梨园镇云景里小区 | 通州区 | 梨园镇 | - | 云景里小区 | - | - | -
            东四十条胡同12号有人乱停车                  | 东四十条胡同12号 | - | - | 东四十条胡同12号 | - | - | - | -
            朝阳门外大街甲6号门口                       | 朝阳门外大街甲6号 | - | - | 朝阳门外大街甲6号 | - | - | - | -
            光华里5号院3号楼                            | 光华里5号院3号楼 | - | - | - | 光华里5号院 | 3号楼 | - | -
            望京地铁站A口有人摆摊                        | 望京地铁站 | - | - | - | - | - | - | -
            北京市海淀区学院路30号                      | 北京市海淀区学院路30号 | 北京市海淀区 | - | 学院路30号 | - | - | - | -
            """)
    void entities_parseAddresses(String text, String span, String district, String street, String road,
            String community, String building, String unit, String room) {
        List<Entities.Place> places = extract(text).places();
        assertThat(places).isNotEmpty();
        Entities.Place p = places.stream().filter(x -> x.text().equals(span)).findFirst()
                .orElseThrow(() -> new AssertionError("no place " + span + " in " + places));
        assertThat(orDash(p.district())).isEqualTo(district);
        assertThat(orDash(p.street())).isEqualTo(street);
        assertThat(orDash(p.road())).isEqualTo(road);
        assertThat(orDash(p.community())).isEqualTo(community);
        assertThat(orDash(p.building())).isEqualTo(building);
        assertThat(orDash(p.unit())).isEqualTo(unit);
        assertThat(orDash(p.room())).isEqualTo(room);
    }

    @Test
    void entities_placeOffsetsPointIntoNormalizedText() {
        String n = Normalizer.normalize("我住花家地小区3号楼");
        Entities.Place p = extract("我住花家地小区3号楼").places().get(0);
        assertThat(n.substring(p.start(), p.end())).isEqualTo(p.text());
    }

    @Test
    void entities_hanlpRecognizesBarePlaceNames() {
        assertThat(extract("我在北京市朝阳区遇到的问题").places()).extracting(Entities.Place::text)
                .anySatisfy(t -> assertThat(t).contains("朝阳区"));
    }

    @Test
    void entities_demonstrativesAreNotPlaceNames() {
        assertThat(extract("这条路很多坑").places()).isEmpty();
        assertThat(extract("一个小区").places()).isEmpty();
    }

    @Test
    void entities_noPlaceInPlainComplaint() {
        assertThat(extract("物业费太贵了").places()).isEmpty();
    }

    /** text | digits | masked. */
    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            我的电话13812345678                 | 13812345678 | 138****5678
            联系方式：139-1234-5678             | 13912345678 | 139****5678
            电话 186 0000 1111 随时打            | 18600001111 | 186****1111
            +86 13700001234                      | 13700001234 | 137****1234
            座机010-62345678                     | 01062345678 | 010****5678
            请打0755 88886666                    | 075588886666 | 075****6666
            手机号是１５９１２３４５６７８         | 15912345678 | 159****5678
            """)
    void entities_findAndMaskPhones(String text, String digits, String masked) {
        List<Entities.Phone> phones = extract(text).phones();
        assertThat(phones).hasSize(1);
        assertThat(phones.get(0).number()).isEqualTo(digits);
        assertThat(phones.get(0).masked()).isEqualTo(masked);
        assertThat(phones.get(0).toString()).doesNotContain(digits);
    }

    @Test
    void entities_ticketNumberIsNotAPhone() {
        assertThat(extract("查询哨单2026112800012进度").phones()).isEmpty();
    }

    @Test
    void entities_twoPhonesInOneMessage() {
        assertThat(extract("13812345678或者13987654321都可以").phones()).extracting(Entities.Phone::masked)
                .containsExactly("138****5678", "139****4321");
    }

    /** text | mention | kind | duration ISO or "-". */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            明天上午在家                  | 明天上午        | DATE     | -
            今晚8点以后施工               | 今晚8点以后     | DATE     | -
            后天下午三点来修              | 后天下午三点    | DATE     | -
            3月5日下午停水                | 3月5日下午      | DATE     | -
            2026年11月28日发生的          | 2026年11月28日  | DATE     | -
            下周一上午有人在家            | 下周一上午      | DATE     | -
            星期六来看一下                | 星期六          | DATE     | -
            每天晚上都很吵                | 每天晚上        | TIME     | -
            凌晨2点还在施工               | 凌晨2点         | TIME     | -
            楼道灯坏了三天了              | 三天了          | DURATION | PT72H
            停水两个小时了                | 两个小时了      | DURATION | PT2H
            已经持续半个月了              | 半个月了        | DURATION | PT360H
            拖欠工资一年多了              | 一年多了        | DURATION | PT8760H
            等了30分钟没人来              | 30分钟          | DURATION | PT30M
            好几天了没人管                | 好几天了        | DURATION | -
            两周了还没修                  | 两周了          | DURATION | PT336H
            十几天了                      | 十几天了        | DURATION | -
            """)
    void entities_findDatesTimesAndDurations(String text, String mention, String kind, String duration) {
        List<Entities.TimeMention> times = extract(text).times();
        Entities.TimeMention t = times.stream().filter(x -> x.text().equals(mention)).findFirst()
                .orElseThrow(() -> new AssertionError("no time " + mention + " in " + times));
        assertThat(t.kind()).isEqualTo(Entities.TimeKind.valueOf(kind));
        assertThat(t.duration().map(Duration::toString).orElse("-")).isEqualTo(duration);
    }

    @Test
    void entities_yearAloneIsNotADuration() {
        assertThat(extract("2019年买的房子").times()).noneMatch(t -> t.kind() == Entities.TimeKind.DURATION);
    }

    @Test
    void entities_buildingNumberIsNotADate() {
        assertThat(extract("5号楼").times()).isEmpty();
    }

    @Test
    void entities_emptyTextHasNoEntities() {
        assertThat(extract("")).isEqualTo(Entities.NONE);
    }
}
